import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../../../../shared/statement.js';
import { collectDocument } from '../common/document.js';
import { type StatementFileError } from '../common/errors.js';
import { chunksOf } from '../common/lines.js';
import type { CsvMapping, ParseEvent, ParseOptions } from '../common/types.js';
import { csvParser } from './parser.js';
import { readFileSync } from 'node:fs';
import { corpusRoot, failedChecks, samplesOf } from '../../../../test/helpers/truth.js';
import { refusal } from '../../../../test/helpers/refusal.js';

// A French bank export: BOM, `;`, decimal comma, thousands with spaces (one a no-break space),
// a quoted label holding the separator and a line break, the currency in the amount's name.
const FRENCH = '\uFEFF' + [
  'Date opération;Date valeur;Libellé;Montant (EUR);Solde',
  '05/01/2024;04/01/2024;CB BOULANGERIE DUPONT;-12,30;1 987,70',
  '10/01/2024;10/01/2024;"VIR CLIENT ; FACTURE\r\n2024-001";1\u00a0500,00;3 487,70',
  '15/01/2024;15/01/2024;CHEQUE 1234567;-250,00;3 237,70',
].join('\r\n') + '\r\n';

// A Danish export, newest first, as Danish banks often list it.
const DANISH = [
  'Dato;Tekst;Beløb;Saldo',
  '31.01.2024;Dankort Netto;-99,95;10.400,05',
  '15.01.2024;Løn januar;25.000,00;10.500,00',
  '02.01.2024;Husleje;-14.500,00;-14.500,00',
].join('\n');

const ENGLISH = [
  'Transaction Date,Description,Paid out,Paid in,Balance',
  '2024-03-01,"Office rent, March",1200.00,,3800.00',
  '2024-03-02,Customer ACME,,"2,500.00",6300.00',
].join('\n') + '\n';

function parse(text: string, options: ParseOptions = {}, chunkSize = 65536): Promise<ParsedDocument> {
  return collectDocument(csvParser.parse(chunksOf(text, chunkSize), options));
}

function parseError(text: string, options: ParseOptions = {}): Promise<StatementFileError> {
  return refusal(parse(text, options));
}

const FRENCH_MAPPING: CsvMapping = {
  separator: ';', headerRows: 1, dateColumn: 0, valueDateColumn: 1, dateFormat: 'DD/MM/YYYY',
  decimalSeparator: ',', thousandsSeparator: ' ', amountColumn: 2, descriptionColumns: [1], currency: 'EUR',
};

describe('csvParser.parse', () => {
  it('reads a French export with a guessed mapping', async () => {
    const doc = await parse(FRENCH);
    expect(doc.statements).toHaveLength(1);
    const [s] = doc.statements;
    expect(s.format).toBe('csv');
    expect(s.account.currency).toBe('EUR');
    expect(s.openingBalance).toEqual({ amount: '2000.00', currency: 'EUR', date: '2024-01-05' });
    expect(s.closingBalance).toEqual({ amount: '3237.70', currency: 'EUR', date: '2024-01-15' });
    expect(s.entries.map((e) => e.amount)).toEqual(['-12.30', '1500.00', '-250.00']);
    expect(s.entries[0]).toEqual({
      bookingDate: '2024-01-05', valueDate: '2024-01-04', amount: '-12.30', currency: 'EUR',
      description: 'CB BOULANGERIE DUPONT', counterparty: null, reference: null, endToEndId: null,
      bankReference: null, status: 'booked', details: [],
    });
    expect(s.entries[1].description).toBe('VIR CLIENT ; FACTURE 2024-001');
    expect(doc.warnings).toEqual([]);
  });

  it('gives the same document whatever the chunk borders', async () => {
    for (const text of [FRENCH, DANISH, ENGLISH]) {
      const whole = await parse(text, { defaultCurrency: 'EUR' });
      for (const size of [1, 2, 5, 13]) expect(await parse(text, { defaultCurrency: 'EUR' }, size)).toEqual(whole);
    }
  });

  it('reads a Danish export listed newest first', async () => {
    const doc = await parse(DANISH, { defaultCurrency: 'DKK' });
    const [s] = doc.statements;
    expect(s.entries.map((e) => [e.bookingDate, e.amount, e.description])).toEqual([
      ['2024-01-31', '-99.95', 'Dankort Netto'],
      ['2024-01-15', '25000.00', 'Løn januar'],
      ['2024-01-02', '-14500.00', 'Husleje'],
    ]);
    expect(s.openingBalance).toEqual({ amount: '0.00', currency: 'DKK', date: '2024-01-02' });
    expect(s.closingBalance).toEqual({ amount: '10400.05', currency: 'DKK', date: '2024-01-31' });
    expect(doc.warnings).toEqual([]);
  });

  it('reads debit and credit columns', async () => {
    const doc = await parse(ENGLISH, { defaultCurrency: 'GBP' });
    const [s] = doc.statements;
    expect(s.entries.map((e) => e.amount)).toEqual(['-1200.00', '2500.00']);
    expect(s.entries[0].description).toBe('Office rent, March');
    expect(s.openingBalance?.amount).toBe('5000.00');
    expect(s.closingBalance?.amount).toBe('6300.00');
  });

  it('follows a given mapping: sep= line, inverted signs, footer rows, currency column', async () => {
    const text = [
      'sep=|',
      'Relevé du compte 123|||',
      'Date|Texte|Montant|Devise',
      '20240105|Frais|2.50|EUR',
      '20240106|Remboursement|-10|',
      'Total||-7.50|',
    ].join('\n');
    const mapping: CsvMapping = {
      separator: '|', headerRows: 2, footerRows: 1, dateColumn: 0, dateFormat: 'YYYYMMDD', decimalSeparator: '.',
      amountColumn: 2, signConvention: 'inverted', descriptionColumns: [1], currencyColumn: 3,
    };
    const doc = await parse(text, { csvMapping: mapping, defaultCurrency: 'DKK' }, 3);
    const [s] = doc.statements;
    expect(s.entries.map((e) => [e.bookingDate, e.amount, e.currency])).toEqual([
      ['2024-01-05', '-2.50', 'EUR'],
      ['2024-01-06', '10.00', 'DKK'],
    ]);
    expect(s.openingBalance).toBeNull();
  });

  it('marks amounts XXX and warns when no currency is known', async () => {
    const doc = await parse('Date;Montant\n01/02/2024;-3,5\n');
    expect(doc.statements[0].account.currency).toBeNull();
    expect(doc.statements[0].entries[0]).toMatchObject({ amount: '-3.5', currency: 'XXX' });
    expect(doc.warnings[0].message).toMatch(/does not state its currency/);
  });

  it('skips blank rows and keeps counting lines', async () => {
    const text = 'Date;Libellé;Montant\n\n01/02/2024;A;1,00\n;;\n02/02/2024;B;-3,5x\n';
    const error = await parseError(text, { defaultCurrency: 'EUR' });
    expect(error.message).toBe('CSV, statement 1, line 5: column "Montant" of row 5: "-3,5x" is not an amount');
  });

  it('reports a bad amount with its column and row', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `${String(i + 1).padStart(2, '0')}/02/2024;Achat ${i};-1,00`);
    const text = ['Date;Libellé;Montant', ...rows, '12/02/2024;Achat;12,3,4'].join('\n');
    const error = await parseError(text, { defaultCurrency: 'EUR' });
    expect(error.message).toBe('CSV, statement 1, line 12: column "Montant" of row 12: "12,3,4" is not an amount');
    expect(error.location).toEqual({ statement: 1, line: 12 });
  });

  it('reports a bad or missing date', async () => {
    const bad = await parseError('Date;Libellé;Montant\n31/02/2024;A;1,00\n', { defaultCurrency: 'EUR' });
    expect(bad.message).toBe('CSV, statement 1, line 2: column "Date" of row 2: "31/02/2024" is not a date in the format DD/MM/YYYY');
    const empty = await parseError('Date;Libellé;Montant\n01/02/2024;A;1,00\n;B;2,00\n', { defaultCurrency: 'EUR' });
    expect(empty.message).toBe('CSV, statement 1, line 3: column "Date" of row 3: empty, a date is expected');
  });

  it('reports a row without debit nor credit', async () => {
    const error = await parseError(ENGLISH.replace('1200.00,,3800.00', ',,3800.00'), { defaultCurrency: 'GBP' });
    expect(error.message).toBe('CSV, statement 1, line 2: row 2 has neither a debit (column "Paid out") nor a credit (column "Paid in")');
  });

  it('reports a mapping that does not fit the file, or is not valid', async () => {
    const tooWide = await parseError(FRENCH, { csvMapping: { ...FRENCH_MAPPING, amountColumn: 7 } });
    expect(tooWide.message).toBe('CSV, statement 1, line 1: the column mapping does not fit this file: the amount column 8 does not exist: the file has 5 columns');
    const invalid = await parseError(FRENCH, { csvMapping: { ...FRENCH_MAPPING, amountColumn: undefined } });
    expect(invalid.message).toBe('CSV: the column mapping is not valid: choose an amount column, or debit and credit columns');
  });

  it('reports an unclosed quote', async () => {
    const error = await parseError('Date;Libellé;Montant\n01/02/2024;"A;1,00\n02/02/2024;B;2,00\n', { defaultCurrency: 'EUR' });
    expect(error.message).toMatch(/^CSV, statement 1, line \d: a quoted field is never closed/);
  });

  it('refuses a file whose columns cannot be recognised', async () => {
    const error = await parseError('Bonjour\nCeci est une lettre.\n');
    expect(error.message).toMatch(/could not be recognised/);
  });

  it('reads a file larger than its head as a stream, yielding rows as they come', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `05/01/2024;Paiement carte numéro ${i};-1,00;${5000 - i - 1},00`);
    const text = ['Date;Libellé;Montant;Solde', ...rows].join('\n');
    let chunksRead = 0;
    async function* counted(): AsyncGenerator<string> {
      for await (const chunk of chunksOf(text, 4096)) {
        chunksRead++;
        yield chunk;
      }
    }
    const events: ParseEvent[] = [];
    for await (const event of csvParser.parse(counted(), { defaultCurrency: 'EUR' })) {
      events.push(event);
      if (event.type === 'entry') break;
    }
    expect(events.map((e) => e.type)).toEqual(['begin', 'entry']);
    expect(chunksRead).toBeLessThan(Math.ceil(text.length / 4096));
    const doc = await parse(text, { defaultCurrency: 'EUR' }, 4096);
    expect(doc.statements[0].entries).toHaveLength(5000);
    expect(doc.statements[0].openingBalance?.amount).toBe('5000.00');
    expect(doc.statements[0].closingBalance?.amount).toBe('0.00');
  });

  it('reads text decoded from Windows-1252 or UTF-16 (decoding is done before the parser)', async () => {
    for (const encoding of ['windows-1252', 'utf16le']) {
      const bytes = iconv.encode(FRENCH, encoding, { addBOM: encoding === 'utf16le' });
      const text = iconv.decode(bytes, encoding, { stripBOM: false });
      const doc = await parse(text, {}, 7);
      expect(doc.statements[0].entries.map((e) => e.amount)).toEqual(['-12.30', '1500.00', '-250.00']);
      expect(doc.statements[0].entries[0].description).toBe('CB BOULANGERIE DUPONT');
    }
  });

  it('warns when the balance column does not follow the amounts', async () => {
    const doc = await parse('Date;Montant;Solde\n01/02/2024;-1,00;9,00\n02/02/2024;-1,00;5,00\n', { defaultCurrency: 'EUR' });
    expect(doc.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/balance column does not follow the amounts/));
  });
});

describe('csvParser.detect', () => {
  it('recognises delimited bank exports', () => {
    expect(csvParser.detect(FRENCH)).toBe(true);
    expect(csvParser.detect(DANISH)).toBe(true);
    expect(csvParser.detect(ENGLISH)).toBe(true);
    expect(csvParser.detect('sep=,\nDate,Amount\n2024-01-01,1.00\n2024-01-02,2.00\n')).toBe(true);
  });

  it('does not claim other formats or plain text', () => {
    expect(csvParser.detect('OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX>')).toBe(false);
    expect(csvParser.detect('<?xml version="1.0"?>\n<Document><BkToCstmrStmt>')).toBe(false);
    expect(csvParser.detect(':20:STARTUMS\n:25:12345678/0000000001\n:60F:C240101EUR1000,00\n:61:2401020102D12,50NTRFNONREF\n')).toBe(false);
    expect(csvParser.detect('!Type:Bank\nD01/02/2024\nT-3.50\nPCafé, Paris\n^\n')).toBe(false);
    const cfonb = '0130002    00550EUR2 00012345678  240101                                                  0000000100000{                ';
    expect(csvParser.detect(`${cfonb}\n${cfonb}\n`)).toBe(false);
    expect(csvParser.detect('Dear customer,\nyour statement is attached; thank you.\n')).toBe(false);
    expect(csvParser.detect('name;city\nAnna;Paris\nBo;Aarhus\n')).toBe(false);
  });

  it('requires one column count from the header on', () => {
    expect(csvParser.detect('Date;Libellé;Montant\n01/02/2024;A;1,00\n02/02/2024;B\n03/02/2024;C;1,00;x;y\n04/02/2024;D;1,00\n')).toBe(false);
  });
});

const fixtures = samplesOf('csv').map((sample) => ({ ...sample, bytes: readFileSync(sample.dataFile) }));
if (fixtures.length === 0) console.warn(`shared CSV fixtures not found under ${corpusRoot}: truth checks skipped`);

// The truth file states the mapping the source project used (OCA sample_statement_map + balance column).
const OCA_MAPPING: CsvMapping = {
  separator: ',', headerRows: 1, dateColumn: 0, dateFormat: 'MM/DD/YYYY', decimalSeparator: '.', thousandsSeparator: ',',
  amountColumn: 2, signConvention: 'signed', balanceColumn: 3, descriptionColumns: [1], counterpartyColumn: 4,
};

describe.runIf(fixtures.length > 0)('shared CSV fixtures against their truth files', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', async (name, fixture) => {
    const text = fixture.bytes.toString('utf8');
    expect(csvParser.detect(text)).toBe(true);
    const mappings = name === 'oca-bsi__balance.csv' ? [OCA_MAPPING, undefined] : [undefined];
    for (const csvMapping of mappings) {
      for (const size of [65536, 3]) {
        const doc = await parse(text, { csvMapping }, size);
        expect(failedChecks(doc, fixture.truth)).toEqual([]);
        expect(doc.statements).toHaveLength(fixture.truth.statements!);
      }
    }
  });
});
