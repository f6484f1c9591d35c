import { describe, expect, it } from 'vitest';
import type { CsvMapping } from '../common/types.js';
import {
  checkCsvMapping, columnProblems, csvMappingSchema, csvShape, guessDateFormat, guessMapping, guessNumberFormat,
  normalizeColumnName, previewCsv,
} from './mapping.js';
import { atCurrencyScale, parseCsvAmount, parseCsvDate } from './values.js';

const FRENCH = [
  'Date opération;Date valeur;Libellé;Montant (EUR);Solde;Référence',
  '05/01/2024;04/01/2024;CB BOULANGERIE DUPONT;-12,30;1 987,70;R1',
  '10/01/2024;10/01/2024;VIR CLIENT;1 500,00;3 487,70;R2',
].join('\r\n');

const DANISH = [
  'Bogføringsdato;Rentedato;Tekst;Beløb;Saldo;Valuta',
  '02.01.2024;02.01.2024;Husleje;-14.500,00;-14.500,00;DKK',
  '15.01.2024;16.01.2024;Løn januar;25.000,00;10.500,00;DKK',
].join('\n');

const ENGLISH = [
  'Date,Description,Debit,Credit,Balance',
  '03/15/2024,"Office rent, March",1200.00,,3800.00',
  '03/16/2024,Customer ACME,,"2,500.00",6300.00',
].join('\n');

describe('guessMapping', () => {
  it('reads French column names, decimal comma and space thousands', () => {
    expect(guessMapping(FRENCH)).toEqual({
      separator: ';', headerRows: 1, dateColumn: 0, valueDateColumn: 1, dateFormat: 'DD/MM/YYYY',
      decimalSeparator: ',', thousandsSeparator: ' ', amountColumn: 3, signConvention: 'signed',
      descriptionColumns: [2], referenceColumn: 5, balanceColumn: 4, currency: 'EUR',
    });
  });

  it('reads Danish column names, dotted dates and dot thousands', () => {
    expect(guessMapping(DANISH)).toEqual({
      separator: ';', headerRows: 1, dateColumn: 0, valueDateColumn: 1, dateFormat: 'DD.MM.YYYY',
      decimalSeparator: ',', thousandsSeparator: '.', amountColumn: 3, signConvention: 'signed',
      descriptionColumns: [2], balanceColumn: 4, currencyColumn: 5,
    });
    expect(guessMapping('Dato;Tekst;Beløb;Saldo\n31.01.2024;Netto;-99,95;10.400,05\n')).toMatchObject({
      dateColumn: 0, descriptionColumns: [1], amountColumn: 2, balanceColumn: 3,
    });
    expect(guessMapping('Dato;Tekst;Beløb i DKK\n31.01.2024;Netto;-99,95\n')).toMatchObject({ amountColumn: 2, currency: 'DKK' });
    expect(guessMapping('Dato;Tekst;Udbetaling;Indbetaling\n31.01.2024;Netto;99,95;\n')).toMatchObject({
      debitColumn: 2, creditColumn: 3,
    });
  });

  it('reads English debit and credit columns and month-first dates', () => {
    expect(guessMapping(ENGLISH)).toEqual({
      separator: ',', headerRows: 1, dateColumn: 0, dateFormat: 'MM/DD/YYYY', decimalSeparator: '.',
      thousandsSeparator: ',', debitColumn: 2, creditColumn: 3, descriptionColumns: [1], balanceColumn: 4,
    });
  });

  it('skips a preamble and an Excel sep= line before the column names', () => {
    const text = 'sep=;\nCompte courant;00012345678;;\nPériode;01/01/2024 - 31/01/2024;;\n\nDate;Libellé;Débit;Crédit\n05/01/2024;CB;12,30;\n';
    expect(guessMapping(text)).toMatchObject({ separator: ';', headerRows: 3, dateColumn: 0, debitColumn: 2, creditColumn: 3 });
  });

  it('finds tab and pipe separators', () => {
    expect(guessMapping('Date\tLabel\tAmount\n2024-01-05\tCoffee\t-3.50\n')).toMatchObject({ separator: '\t', dateFormat: 'YYYY-MM-DD', amountColumn: 2 });
    expect(guessMapping('Date|Label|Amount\n2024-01-05|Coffee|-3.50\n')).toMatchObject({ separator: '|' });
  });

  it('guesses the columns of a file without column names from their values', () => {
    const text = '05/01/2024;CB CARREFOUR MARKET;-12,30;1 987,70\n06/01/2024;PRLV EDF;-45,00;1 942,70\n';
    expect(guessMapping(text)).toEqual({
      separator: ';', headerRows: 0, dateColumn: 0, dateFormat: 'DD/MM/YYYY', decimalSeparator: ',',
      thousandsSeparator: ' ', amountColumn: 2, signConvention: 'signed', descriptionColumns: [1],
    });
  });

  it('gives up on text that is not a bank export', () => {
    expect(guessMapping('Dear customer,\nplease find attached.\n')).toBeNull();
    expect(guessMapping('name;city\nAnna;Paris\n')).toBeNull();
    expect(guessMapping('')).toBeNull();
  });
});

describe('format guesses', () => {
  it('prefers day-first dates unless a sample rules it out', () => {
    expect(guessDateFormat(['03/04/2024', '05/04/2024'])).toBe('DD/MM/YYYY');
    expect(guessDateFormat(['03/04/2024', '04/15/2024'])).toBe('MM/DD/YYYY');
    expect(guessDateFormat(['2024-01-31'])).toBe('YYYY-MM-DD');
    expect(guessDateFormat(['31.01.24'])).toBe('DD.MM.YY');
    expect(guessDateFormat(['20240131'])).toBe('YYYYMMDD');
    expect(guessDateFormat(['hello'])).toBeNull();
  });

  it('finds the decimal and thousands marks', () => {
    expect(guessNumberFormat(['1,533.50', '-33.50'], ',')).toEqual({ decimalSeparator: '.', thousandsSeparator: ',' });
    expect(guessNumberFormat(['1\u00a0234,56'], ';')).toEqual({ decimalSeparator: ',', thousandsSeparator: ' ' });
    expect(guessNumberFormat(["1'234.50"], ';')).toEqual({ decimalSeparator: '.', thousandsSeparator: "'" });
    expect(guessNumberFormat(['12'], ';')).toEqual({ decimalSeparator: ',' });
  });
});

describe('csvShape', () => {
  it('is the same for two exports of one bank, whatever their rows', () => {
    const january = 'Date;Libellé;Montant\n05/01/2024;A;1,00\n';
    const february = '\uFEFFDATE;LIBELLE;Montant\r\n05/02/2024;B;-2,00\r\n06/02/2024;C;3,00\r\n';
    expect(csvShape(january)).toBe(';|date|libelle|montant');
    expect(csvShape(february)).toBe(csvShape(january));
  });

  it('differs when the separator or the columns differ', () => {
    expect(csvShape('Date,Libellé,Montant\n05/01/2024,A,"1,00"\n')).toBe(',|date|libelle|montant');
    expect(csvShape('Date;Libellé;Montant;Solde\n05/01/2024;A;1,00;2,00\n')).not.toBe(csvShape('Date;Libellé;Montant\n05/01/2024;A;1,00\n'));
  });

  it('describes files without column names by their kinds of values', () => {
    expect(csvShape('05/01/2024\tCB\t-12.30\n06/01/2024\tVIR\t10.00\n')).toBe('tab|#3|date|text|amount');
    expect(csvShape('plain text')).toBe('');
  });

  it('normalizes column names', () => {
    expect(normalizeColumnName(" Date d'opération ")).toBe('date d operation');
    expect(normalizeColumnName('Beløb (DKK)')).toBe('belob dkk');
  });
});

const FRENCH_MAPPING: CsvMapping = {
  separator: ';', headerRows: 1, dateColumn: 0, dateFormat: 'DD/MM/YYYY', decimalSeparator: ',',
  thousandsSeparator: ' ', amountColumn: 3, descriptionColumns: [2], currency: 'EUR',
};

describe('previewCsv', () => {
  it('shows the rows as they would be imported, with an error per bad row', () => {
    const text = FRENCH + '\r\n32/01/2024;;X;1,00;;\r\n11/01/2024;;Y;abc;;\r\n12/01/2024;;Z;2;;';
    const preview = previewCsv(text, FRENCH_MAPPING);
    expect(preview.columns[3]).toBe('Montant (EUR)');
    expect(preview.problems).toEqual([]);
    expect(preview.rows.map((r) => [r.line, r.entry?.amount ?? null, r.error])).toEqual([
      [2, '-12.30', null],
      [3, '1500.00', null],
      [4, null, 'column "Date opération" of row 4: "32/01/2024" is not a date in the format DD/MM/YYYY'],
      [5, null, 'column "Montant (EUR)" of row 5: "abc" is not an amount'],
      [6, '2.00', null],
    ]);
    expect(previewCsv(text, FRENCH_MAPPING, 2).rows).toHaveLength(2);
  });

  it('reports mapping problems instead of rows', () => {
    const outside = previewCsv(FRENCH, { ...FRENCH_MAPPING, amountColumn: 9, descriptionColumns: [2, 6] });
    expect(outside.problems).toEqual([
      'the amount column 10 does not exist: the file has 6 columns',
      'the description column 7 does not exist: the file has 6 columns',
    ]);
    const invalid = previewCsv(FRENCH, { ...FRENCH_MAPPING, dateFormat: 'JJ/MM/AAAA' });
    expect(invalid.rows).toEqual([]);
    expect(invalid.problems[0]).toMatch(/^dateFormat: the date format must combine DD, MM and YYYY/);
  });

  it('leaves out footer rows when the file ends within the preview', () => {
    const text = 'Date;Libellé;Montant\n05/01/2024;A;1,00\nTotal;;1,00\n';
    const rows = previewCsv(text, { ...FRENCH_MAPPING, amountColumn: 2, descriptionColumns: [1], footerRows: 1 }).rows;
    expect(rows.map((r) => r.entry?.description)).toEqual(['A']);
  });
});

describe('csvMappingSchema', () => {
  it('accepts a complete mapping', () => {
    expect(csvMappingSchema().safeParse(FRENCH_MAPPING).success).toBe(true);
  });

  it('explains what is wrong', () => {
    const problems = (input: object) => {
      const check = checkCsvMapping({ ...FRENCH_MAPPING, ...input });
      return check.ok ? [] : check.problems;
    };
    expect(problems({ amountColumn: undefined })).toEqual(['choose an amount column, or debit and credit columns']);
    expect(problems({ debitColumn: 4 })).toEqual(['choose either one amount column or debit and credit columns, not both']);
    expect(problems({ dateColumn: -1 })).toEqual(['dateColumn: a column number cannot be negative']);
    expect(problems({ currency: 'EURO' })).toEqual(['currency: the currency must be an ISO 4217 code such as EUR or DKK']);
    expect(problems({ thousandsSeparator: ',' })).toEqual(['the thousands separator cannot be the decimal separator']);
    expect(problems({ separator: ';;' })).toEqual(['separator: the separator must be one character, such as ; or ,']);
    expect(problems({ dateFormat: 'DD/MM/YYYY', decimalSeparator: ',' })).toEqual([]);
  });

  it('checks the columns against a file', () => {
    expect(columnProblems({ ...FRENCH_MAPPING, amountColumn: 6 }, 5)).toEqual(['the amount column 7 does not exist: the file has 5 columns']);
    expect(columnProblems(FRENCH_MAPPING, 5)).toEqual([]);
  });
});

describe('cell values', () => {
  it.each([
    ['-12,30', ',', undefined, '-12.30'],
    ['1 234,56', ',', ' ', '1234.56'],
    ['1\u00a0234\u00a0567,8', ',', undefined, '1234567.8'],
    ['1.234,56', ',', '.', '1234.56'],
    ['1.234,56', ',', undefined, '1234.56'],
    ['1,533.50', '.', ',', '1533.50'],
    ["1'234.50", '.', "'", '1234.50'],
    ['12,50-', ',', undefined, '-12.50'],
    ['(12.50)', '.', undefined, '-12.50'],
    ['+5', '.', undefined, '5'],
    ['\u22123,00 €', ',', undefined, '-3.00'],
    ['EUR 7.5', '.', undefined, '7.5'],
    ['12,3,4', ',', undefined, null],
    ['12,3,4', '.', ',', null],
    ['1.23.4', ',', '.', null],
    ['abc', '.', undefined, null],
    ['-', '.', undefined, null],
    ['-(5)', '.', undefined, null],
  ] as const)('amount %j (decimal %s, thousands %s) -> %j', (text, decimal, thousands, expected) => {
    expect(parseCsvAmount(text, decimal, thousands)).toBe(expected);
  });

  it.each([
    ['31/01/2024', 'DD/MM/YYYY', '2024-01-31'],
    ['1/2/2024', 'DD/MM/YYYY', '2024-02-01'],
    ['01/31/2024', 'MM/DD/YYYY', '2024-01-31'],
    ['2024-01-31 00:00:00', 'YYYY-MM-DD', '2024-01-31'],
    ['31.01.24', 'DD.MM.YY', '2024-01-31'],
    ['31-01-99', 'DD-MM-YY', '1999-01-31'],
    ['20240131', 'YYYYMMDD', '2024-01-31'],
    ['29/02/2023', 'DD/MM/YYYY', null],
    ['2024-01-31', 'DD/MM/YYYY', null],
    ['31/01/2024', 'JJ/MM/AAAA', null],
  ] as const)('date %j in %s -> %j', (text, format, expected) => {
    expect(parseCsvDate(text, format)).toBe(expected);
  });

  it('pads amounts to the currency decimals without dropping any', () => {
    expect(atCurrencyScale('120', 'CAD')).toBe('120.00');
    expect(atCurrencyScale('-1.5', 'EUR')).toBe('-1.50');
    expect(atCurrencyScale('1.2345', 'EUR')).toBe('1.2345');
    expect(atCurrencyScale('5', 'JPY')).toBe('5');
    expect(atCurrencyScale('5.5', 'XXX')).toBe('5.5');
  });
});
