import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { collectDocument } from '../common/document.js';
import { type StatementFileError } from '../common/errors.js';
import { chunksOf } from '../common/lines.js';
import type { ParseEvent } from '../common/types.js';
import { mt940Parser } from './parser.js';
import { corpusRoot, failedChecks, samplesOf } from '../../../../test/helpers/truth.js';
import { refusal } from '../../../../test/helpers/refusal.js';

const parse = (text: string, chunkSize = 65536, defaultCurrency?: string) =>
  collectDocument(mt940Parser.parse(chunksOf(text, chunkSize), defaultCurrency ? { defaultCurrency } : {}));

function parseError(text: string): Promise<StatementFileError> {
  return refusal(parse(text));
}

const CRLF_WITH_ENVELOPES = [
  '\x01{1:F01BANKDEFFAXXX0000000000}{2:I940BANKDEFFXXXXN}{4:',
  ':20:REF-1',
  ':25:DEUTDEFF/DE89370400440532013000',
  ':28C:7/1',
  ':60F:C231229EUR0001000,00',
  '',
  ':61:2312300102D000012,5NTRFINV-77//B-1',
  'Card payment',
  ':86:Coffee',
  '  and cake',
  ':61:231231RC5,00NMSCNONREF',
  ':61:231231RD2,50NMSC',
  ':62F:C231231EUR985,00',
  ':64:C231231EUR985,00',
  '-}\x03\x01{1:F01BANKDEFFAXXX0000000000}{2:I940BANKDEFFXXXXN}{4:',
  ':20:REF-2',
  ':25:DEUTDEFF/DE89370400440532013000',
  ':28C:8/1',
  ':60F:C231231EUR985,00',
  ':61:240102D0,00NCHGNONREF',
  ':62F:C240102EUR985,00',
  '-}\x03',
].join('\r\n');

describe('MT940 detection', () => {
  it('recognizes MT940 and MT942 from their tags', () => {
    expect(mt940Parser.detect(CRLF_WITH_ENVELOPES)).toBe(true);
    expect(mt940Parser.detect(':20:X\n:25:PL29114010810000267002001002\n:28C:1/1\n:34F:PLN0\n')).toBe(true);
    expect(mt940Parser.detect('\uFEFF:20:X\r\n:25:123\r\n:60F:C240101EUR0,\r\n')).toBe(true);
  });

  it('rejects other formats', () => {
    expect(mt940Parser.detect('!Type:Bank\nD01/02/2024\nT-5.00\n^\n')).toBe(false);
    expect(mt940Parser.detect('0110278    02204EUR2 00012345603  030420')).toBe(false);
    expect(mt940Parser.detect('<?xml version="1.0"?><Document><BkToCstmrStmt/></Document>')).toBe(false);
    expect(mt940Parser.detect('Date;Amount;Text\n01/02/2024;-5,00;:20: in text\n')).toBe(false);
  });
});

describe('MT940 statements', () => {
  it('reads envelopes, control bytes, CRLF, blank lines and several statements', async () => {
    const variants = [CRLF_WITH_ENVELOPES, CRLF_WITH_ENVELOPES.replace(/\r\n/g, '\r'), '\uFEFF' + CRLF_WITH_ENVELOPES.replace(/\r\n/g, '\n')];
    for (const [text, size] of variants.flatMap((v) => [65536, 7, 1].map((n) => [v, n] as const))) {
      const doc = await parse(text, size);
      expect(doc.statements).toHaveLength(2);
      const [first, second] = doc.statements;
      expect(first).toMatchObject({
        format: 'mt940',
        id: '7/1',
        account: { iban: 'DE89370400440532013000', number: null, bic: 'DEUTDEFF', currency: 'EUR' },
        openingBalance: { amount: '1000.00', currency: 'EUR', date: '2023-12-29' },
        closingBalance: { amount: '985.00', currency: 'EUR', date: '2023-12-31' },
      });
      expect(first.entries.map((e) => e.amount)).toEqual(['-12.50', '-5.00', '2.50']);
      expect(second.entries[0].amount).toBe('0.00');
      expect(doc.warnings).toEqual([]);
    }
  });

  it('reads a statement line: dates across the new year, references, reversals', async () => {
    const [entry, reversedCredit, reversedDebit] = (await parse(CRLF_WITH_ENVELOPES)).statements[0].entries;
    expect(entry).toEqual({
      bookingDate: '2024-01-02',
      valueDate: '2023-12-30',
      amount: '-12.50',
      currency: 'EUR',
      description: 'Coffee and cake',
      counterparty: null,
      reference: 'INV-77',
      endToEndId: null,
      bankReference: 'B-1',
      status: 'booked',
      details: [],
    });
    expect(reversedCredit).toMatchObject({ amount: '-5.00', bookingDate: '2023-12-31', reference: null, bankReference: null });
    expect(reversedDebit.amount).toBe('2.50');
  });

  it('puts an entry date of late December in the previous year', async () => {
    const text = ':20:X\n:25:123\n:60F:C240101EUR0,\n:61:2401021231C1,NTRF\n:62F:C240102EUR1,\n-';
    const [entry] = (await parse(text)).statements[0].entries;
    expect(entry).toMatchObject({ valueDate: '2024-01-02', bookingDate: '2023-12-31', amount: '1.00' });
  });

  it('keeps the written decimals, padded to the currency', async () => {
    const text = ':20:X\n:25:123\n:60F:D240101JPY1000,\n:61:240102C1,005NTRF\n:61:240102D5,NTRF\n:62F:C240102KWD1,005';
    const doc = await parse(text);
    expect(doc.statements[0].openingBalance?.amount).toBe('-1000');
    expect(doc.statements[0].entries.map((e) => e.amount)).toEqual(['1.005', '-5']);
    expect(doc.statements[0].closingBalance?.amount).toBe('1.005');
  });

  it('uses the supplementary details when there is no :86:', async () => {
    const text = ':20:X\n:25:123\n:60F:C240101EUR0,\n:61:240102C1,NTRFNONREF\nGutschrift\n:62F:C240102EUR1,';
    expect((await parse(text)).statements[0].entries[0].description).toBe('Gutschrift');
  });

  it('reads the account identification in its usual forms', async () => {
    const account = async (value: string) => (await parse(`:20:X\n:25:${value}\n:60F:C240101EUR0,\n:62F:C240101EUR0,`)).statements[0].account;
    expect(await account('87052000/123456789')).toMatchObject({ iban: null, number: '87052000/123456789', bic: null });
    expect(await account('UBRTHUHB/123456789150ABCDEF002/HUF')).toMatchObject({ number: '123456789150ABCDEF002', bic: 'UBRTHUHB', currency: 'HUF' });
    expect(await account('NL91ABNA0417164300EUR')).toMatchObject({ iban: 'NL91ABNA0417164300', number: null, currency: 'EUR' });
    expect(await account('NL91 ABNA 0417 1643 00')).toMatchObject({ iban: 'NL91ABNA0417164300' });
  });

  it('does not fail on a statement that does not add up: collectDocument warns', async () => {
    const doc = await parse(':20:X\n:25:123\n:28C:5\n:60F:C240101EUR10,\n:61:240102C1,NTRF\n:62F:C240102EUR12,\n-');
    expect(doc.warnings).toEqual([expect.objectContaining({ statement: 0, message: expect.stringContaining('difference -1.00') })]);
  });

  it('ignores the available balances and warns about fields that are not MT940', async () => {
    const doc = await parse(':20:X\n:25:123\n:60F:C240101EUR0,\n:62F:C240101EUR0,\n:64:C240101EUR0,\n:65:C240102EUR0,\n:99X:odd\n-');
    expect(doc.warnings).toEqual([{ statement: 0, message: expect.stringContaining(':99X:') }]);
  });

  it('yields entries before the whole file is read', async () => {
    let linesGiven = 0;
    async function* slowly(): AsyncGenerator<string> {
      const lines = [':20:X', ':25:123', ':60F:C240101EUR0,'];
      for (let i = 0; i < 1000; i++) lines.push(`:61:240102C1,NTRFREF${i}`, `:86:entry ${i}`);
      lines.push(':62F:C240102EUR1000,', '-');
      for (const line of lines) {
        linesGiven++;
        yield line + '\n';
      }
    }
    const events = mt940Parser.parse(slowly(), {});
    let first: ParseEvent | undefined;
    for await (const event of events) {
      if (event.type !== 'entry') continue;
      first = event;
      break;
    }
    expect(first).toMatchObject({ entry: { description: 'entry 0' } });
    expect(linesGiven).toBeLessThan(10);
  });
});

describe('MT940 :86: information', () => {
  const withInformation = async (...lines: string[]) => {
    const text = [':20:X', ':25:123', ':60F:C240101EUR0,', ':61:240102D1,NDDT', ...lines, ':62F:D240102EUR1,', '-'].join('\n');
    return (await parse(text)).statements[0].entries[0];
  };

  it('reads German ?NN subfields with SEPA keywords, joining wrapped lines', async () => {
    const entry = await withInformation(
      ':86:105?00FOLGELASTSCHRIFT?109248?20EREF+E2E-2024-0001?21MREF+M-1?22CRED+DE98ZZZ09999999999?23SVWZ+Rechnung 2024-17 Kd',
      'nr 4711?30COBADEFFXXX?31DE89370400440532013000?32Stadtwerke Musterstadt Ener?33gie GmbH?34005',
    );
    expect(entry).toMatchObject({
      description: 'Rechnung 2024-17 Kdnr 4711',
      counterparty: { name: 'Stadtwerke Musterstadt Energie GmbH', iban: 'DE89370400440532013000' },
      endToEndId: 'E2E-2024-0001',
      reference: null,
    });
  });

  it('ignores NOTPROVIDED and falls back to the posting text', async () => {
    const entry = await withInformation(':86:166?00GUTSCHRIFT?20EREF+NOTPROVIDED?32Max Muster');
    expect(entry).toMatchObject({ description: 'GUTSCHRIFT', endToEndId: null, counterparty: { name: 'Max Muster', iban: null } });
  });

  it('reads subfields separated by ">" and an IBAN given as IBAN+', async () => {
    const entry = await withInformation(':86:166>00GUTSCHRIFT>20SVWZ+Miete Januar IBAN+DE8937040044053201300', '0>32Hans Meier');
    expect(entry).toMatchObject({ description: 'Miete Januar', counterparty: { name: 'Hans Meier', iban: 'DE89370400440532013000' } });
  });

  it('reads Dutch /KEY/value/ information', async () => {
    const entry = await withInformation(
      ':86:/TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/J. JANSEN/REMI/USTD//Factuur 2024/0042/EREF/E2E',
      '-77',
    );
    expect(entry).toMatchObject({
      description: 'Factuur 2024/0042',
      counterparty: { name: 'J. JANSEN', iban: 'NL91ABNA0417164300' },
      endToEndId: 'E2E-77',
    });
  });

  it('takes a structured creditor reference from /REMI/STRD/', async () => {
    const entry = await withInformation(':86:/CNTP/NL91ABNA0417164300/ABNANL2A/Bakker BV/AMSTERDAM/REMI/STRD/CUR/RF18539007547034/');
    expect(entry).toMatchObject({ reference: 'RF18539007547034', counterparty: { name: 'Bakker BV', iban: 'NL91ABNA0417164300' }, description: '' });
  });
});

describe('MT942 interim reports', () => {
  const report = [
    ':20:INTRADAY', ':25:PL29114010810000267002001002', ':28C:1/1', ':34F:PLN0', ':13D:2401191815+0100',
    ':61:2401190119CN1,50NTRFNONREF//MB1', ':86:first', ':61:2401190119DN0,50NTRFNONREF//MB2',
    ':90D:1PLN0,50', ':90C:2PLN1,50', '-',
  ].join('\n');

  it('reads an MT942 without balances, its entries pending', async () => {
    const doc = await parse(report);
    expect(doc.statements[0]).toMatchObject({ format: 'mt942', openingBalance: null, closingBalance: null, account: { currency: 'PLN' } });
    expect(doc.statements[0].entries.map((e) => [e.amount, e.currency, e.status, e.bankReference])).toEqual([
      ['1.50', 'PLN', 'pending', 'MB1'], ['-0.50', 'PLN', 'pending', 'MB2'],
    ]);
    expect(doc.warnings).toEqual([{ statement: 0, message: expect.stringContaining('credit total says 2 entries for 1.50, but 1 entry for 1.50') }]);
  });
});

describe('MT940 errors', () => {
  const good = ':20:A\n:25:123\n:28C:1\n:60F:C240101EUR0,\n:62F:C240101EUR0,\n-\n';

  it('names the statement and line of a bad field', async () => {
    const error = await parseError(good + ':20:B\n:25:123\n:60F:C240101EUR0,\n:61:240102CNTRF\n');
    expect(error.message).toMatch(/^MT940, statement 2, line 10: field :61: ".*" is not a statement line/);
  });

  it('refuses a file cut before the closing balance', async () => {
    const error = await parseError(good + ':20:B\n:25:123\n:60F:C240101EUR0,\n:61:240102C1,NTRF\n:86:half');
    expect(error.message).toMatch(/^MT940, statement 2, line \d+: .*truncated/);
  });

  it('refuses impossible dates, fields outside a statement and files without statements', async () => {
    expect((await parseError(':20:A\n:25:1\n:60F:C240231EUR0,\n')).message).toContain('"240231" is not a valid date');
    expect((await parseError(':25:1\n:20:A\n')).message).toContain('before the start of a statement');
    expect((await parseError('')).message).toContain('no statement found');
    expect((await parseError(':20:A\n:25:1\n:61:240102C1,NTRF\n:62F:C240101EUR1,\n')).message).toContain('no currency');
  });

  it('keeps amounts of any size exact', async () => {
    const doc = await parse(':20:A\n:25:1\n:60F:C240101EUR0,\n:62F:C240101EUR99999999999999999999999999,\n');
    expect(doc.statements[0].closingBalance?.amount).toBe('99999999999999999999999999.00');
  });
});

const fixtures = [...samplesOf('mt940'), ...samplesOf('mt942')];
if (fixtures.length === 0) console.warn(`MT940 truth checks skipped: no shared corpus at ${corpusRoot}`);

describe.runIf(fixtures.length > 0)('MT940 / MT942 shared corpus truth checks', () => {
  // The raiffeisen sample is DOS Latin-2; decoding it here keeps this test independent of decode.ts.
  const decode = (file: string) => (file.includes('raiffeisen') ? iconv.decode(readFileSync(file), 'cp852') : readFileSync(file, 'utf8'));

  it.each(fixtures)('$name', async ({ dataFile, truth }) => {
    expect(existsSync(dataFile), dataFile).toBe(true);
    const text = decode(dataFile);
    expect(mt940Parser.detect(text)).toBe(true);
    for (const size of [65536, 3]) {
      const doc = await parse(text, size);
      expect(failedChecks(doc, truth.checks), path.basename(dataFile)).toEqual([]);
    }
  });
});
