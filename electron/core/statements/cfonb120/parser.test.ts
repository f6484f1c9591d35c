import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectDocument } from '../common/document.js';
import { type StatementFileError } from '../common/errors.js';
import { chunksOf } from '../common/lines.js';
import { corpusRoot, failedChecks, samplesOf } from '../../../../test/helpers/truth.js';
import { cfonb120Parser } from './parser.js';
import { refusal } from '../../../../test/helpers/refusal.js';

const parse = (text: string, chunkSize = 65536) => collectDocument(cfonb120Parser.parse(chunksOf(text, chunkSize), {}));

function parseError(text: string): Promise<StatementFileError> {
  return refusal(parse(text));
}

/** A 120-character record with each value written at its 1-based CFONB position. */
function record(values: Record<number, string>): string {
  const chars = Array.from({ length: 120 }, () => ' ');
  for (const [position, value] of Object.entries(values)) {
    [...value].forEach((c, i) => (chars[Number(position) - 1 + i] = c));
  }
  return chars.join('');
}

const ACCOUNT = { 3: '30004', 12: '00123', 17: 'EUR', 20: '2', 22: '12345678901' };
const oldBalance = (date: string, amount: string) => record({ 1: '01', ...ACCOUNT, 35: date, 91: amount });
const newBalance = (date: string, amount: string) => record({ 1: '07', ...ACCOUNT, 35: date, 91: amount });
const operation = (date: string, valueDate: string, label: string, amount: string, extra: Record<number, string> = {}) =>
  record({ 1: '04', ...ACCOUNT, 8: '0158', 33: 'B1', 35: date, 43: valueDate, 49: label, 82: '0000000', 91: amount, ...extra });
const complement = (qualifier: string, text: string) => record({ 1: '05', ...ACCOUNT, 8: '0158', 33: 'B1', 35: '020124', 46: qualifier, 49: text });

const STATEMENT = [
  oldBalance('010124', '0000000010000{'), // 1000.00
  operation('020124', '030124', 'PRLV SEPA EDF', '0000000004512N', { 105: 'REF-BANK-1' }), // -451.25
  complement('LIB', 'FACTURE 2024-001'),
  complement('NBE', 'EDF SA'),
  complement('IBE', 'FR1420041010050500013M02606'),
  complement('RCN', 'E2E-0001                           ELEC'),
  complement('REF', 'RF18539007547034'),
  operation('020124', '      ', 'VIR SEPA RECU', '0000000001000{', { 82: '0004711' }), // +100.00
  complement('NPY', 'MARTIN SARL'),
  complement('NBE', 'ATELIER DUPONT'),
  newBalance('020124', '0000000006487E'), // 1000.00 - 451.25 + 100.00 = 648.75
].join('\n');

describe('CFONB 120 detection', () => {
  it('recognizes statements with or without line breaks', () => {
    expect(cfonb120Parser.detect(STATEMENT)).toBe(true);
    expect(cfonb120Parser.detect(STATEMENT.replace(/\n/g, ''))).toBe(true);
    expect(cfonb120Parser.detect('\uFEFF' + STATEMENT.slice(0, 300))).toBe(true);
  });

  it('rejects other formats and look-alikes', () => {
    expect(cfonb120Parser.detect(':20:X\n:25:123\n:60F:C240101EUR0,\n')).toBe(false);
    expect(cfonb120Parser.detect('!Type:Bank\nD01/02/2024\n')).toBe(false);
    expect(cfonb120Parser.detect('01 some text that is not a record\n')).toBe(false);
    expect(cfonb120Parser.detect(STATEMENT.replace(/^04/m, '99'))).toBe(false);
  });
});

describe('CFONB 120 statements', () => {
  it('reads balances, operations and their complements', async () => {
    const doc = await parse(STATEMENT);
    expect(doc.warnings).toEqual([]);
    const [statement] = doc.statements;
    expect(statement).toMatchObject({
      format: 'cfonb120',
      id: null,
      account: { iban: null, number: '12345678901', bic: null, currency: 'EUR', name: null },
      openingBalance: { amount: '1000.00', currency: 'EUR', date: '2024-01-01' },
      closingBalance: { amount: '648.75', currency: 'EUR', date: '2024-01-02' },
    });
    expect(statement.entries).toEqual([
      {
        bookingDate: '2024-01-02',
        valueDate: '2024-01-03',
        amount: '-451.25',
        currency: 'EUR',
        description: 'PRLV SEPA EDF FACTURE 2024-001',
        counterparty: { name: 'EDF SA', iban: 'FR1420041010050500013M02606' },
        reference: 'RF18539007547034',
        endToEndId: 'E2E-0001',
        bankReference: 'REF-BANK-1',
        status: 'booked',
        details: [],
      },
      expect.objectContaining({
        amount: '100.00',
        valueDate: null,
        description: 'VIR SEPA RECU',
        counterparty: { name: 'MARTIN SARL', iban: null }, // money coming in: the payer
        bankReference: '0004711',
      }),
    ]);
  });

  it('reads files without line breaks, with CRLF, blank lines, trimmed spaces and no final newline', async () => {
    const expected = await parse(STATEMENT);
    const variants = [
      STATEMENT.replace(/\n/g, ''),
      STATEMENT.replace(/\n/g, '\r\n') + '\r\n',
      STATEMENT.replace(/\n/g, '\n\n') + '\n\n\n',
      STATEMENT.split('\n').map((line) => line.trimEnd()).join('\r'),
      STATEMENT + '\n\x1a',
      '\uFEFF' + STATEMENT,
    ];
    for (const text of variants) {
      for (const size of [65536, 119, 7, 1]) expect(await parse(text, size)).toEqual(expected);
    }
  });

  it('decodes every overpunched sign and the decimals count', async () => {
    const amounts = ['0000000000000{', '0000000000000A', '0000000000000I', '0000000000000}', '0000000000000J', '0000000000000R'];
    const text = [oldBalance('010124', '0000000000000{'), ...amounts.map((a) => operation('020124', '020124', 'X', a)), newBalance('020124', '0000000000000{')].join('\n');
    const doc = await parse(text);
    expect(doc.statements[0].entries.map((e) => e.amount)).toEqual(['0.00', '0.01', '0.09', '0.00', '-0.01', '-0.09']);
    const yen = record({ 1: '01', ...ACCOUNT, 17: 'JPY', 20: '0', 35: '010124', 91: '0000000012345E' });
    const dinar = record({ 1: '07', ...ACCOUNT, 17: 'KWD', 20: '3', 35: '020124', 91: '0000000012345N' });
    const [statement] = (await parse(`${yen}\n${dinar}`)).statements;
    expect([statement.openingBalance?.amount, statement.closingBalance?.amount]).toEqual(['123455', '-123.455']);
  });

  it('reads several statements, one per 01..07 group, and warns about gaps', async () => {
    const second = [oldBalance('020124', '0000000006487E'), newBalance('030124', '0000000006487F')].join('\n');
    const third = [oldBalance('030124', '0000000000000{'), newBalance('040124', '0000000000000{')].join('\n');
    const doc = await parse([STATEMENT, second, third].join('\n'));
    expect(doc.statements.map((s) => s.entries.length)).toEqual([2, 0, 0]);
    expect(doc.warnings.map((w) => w.statement)).toEqual([1, 2]);
  });

  it('yields the statement start before the whole file is read', async () => {
    let given = 0;
    async function* slowly(): AsyncGenerator<string> {
      for (const line of STATEMENT.split('\n')) {
        given++;
        yield line + '\n';
      }
    }
    for await (const event of cfonb120Parser.parse(slowly(), {})) {
      expect(event.type).toBe('begin');
      break;
    }
    expect(given).toBe(1);
  });
});

describe('CFONB 120 errors', () => {
  const lines = STATEMENT.split('\n');

  it('refuses a file cut before the new balance', async () => {
    const error = await parseError(lines.slice(0, 5).join('\n'));
    expect(error.message).toMatch(/^CFONB 120, statement 1, line 5: .*truncated/);
  });

  it('names the statement and line of a bad record', async () => {
    const badSign = operation('020124', '020124', 'X', '0000000000001X');
    const error = await parseError([...lines, lines[0], badSign].join('\n'));
    expect(error.message).toMatch(/^CFONB 120, statement 2, line 13: "0000000000001X" is not a CFONB amount/);
  });

  it('gives the position of a bad record in a file without line breaks', async () => {
    const error = await parseError([lines[0], lines[1].replace('030124', '310224')].join(''));
    expect(error.message).toBe('CFONB 120, statement 1, line 1: "310224" is not a valid date, record at characters 121-240');
  });

  it('refuses records out of place, unknown codes and cut records', async () => {
    expect((await parseError([lines[0], lines[2]].join('\n'))).message).toContain('complement (05) comes before any operation (04)');
    expect((await parseError(lines[1])).message).toContain('outside a statement');
    expect((await parseError([lines[0], lines[0]].join('\n'))).message).toContain('before the previous one ended');
    expect((await parseError([lines[0], '03' + lines[1].slice(2)].join('\n'))).message).toContain('"03" is not a CFONB 120 record code');
    expect((await parseError([lines[0], lines[1].slice(0, 60)].join('\n'))).message).toContain('only 60 characters long');
    expect((await parseError(lines[0].replace('2 12345678901', 'X 12345678901'))).message).toContain('decimals "X" is not a digit');
    expect((await parseError('\n\n')).message).toContain('no statement found');
  });

  // Found by fuzzing (test/statements/fuzz.test.ts): "8UR" or "/20" was taken as the currency.
  it('refuses a currency field that is not a currency code', async () => {
    expect((await parseError(lines[0].replace('EUR2', '8UR2'))).message).toBe('CFONB 120, statement 1, line 1: "8UR" is not a currency code (ISO 4217, e.g. EUR)');
    const badOperation = lines[1].replace('EUR2', '/202');
    expect((await parseError([lines[0], badOperation].join('\n'))).message).toMatch(/^CFONB 120, statement 1, line 2: "\/20" is not a currency code/);
  });

  it('warns when a record of the statement is for another account', async () => {
    const other = [lines[0], lines[1].replace('12345678901', '99999999999'), newBalance('020124', '0000000005487E')].join('\n');
    expect((await parse(other)).warnings[0].message).toContain('account 99999999999, not 12345678901');
  });
});

const fixtures = samplesOf('cfonb120');
if (fixtures.length === 0) console.warn(`CFONB 120 truth checks skipped: no shared corpus at ${corpusRoot}`);

describe.runIf(fixtures.length > 0)('CFONB 120 shared corpus truth checks', () => {
  it.each(fixtures)('$name', async ({ dataFile, truth }) => {
    const text = readFileSync(dataFile, 'latin1');
    // As in the source project's tests: the file as is, then with every line break removed.
    for (const variant of [text, text.replace(/\r?\n/g, '')]) {
      expect(cfonb120Parser.detect(variant)).toBe(true);
      for (const size of [65536, 5]) {
        expect(failedChecks(await parse(variant, size), truth.checks)).toEqual([]);
      }
    }
  });
});
