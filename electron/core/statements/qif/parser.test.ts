import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectDocument } from '../common/document.js';
import { type StatementFileError } from '../common/errors.js';
import { chunksOf } from '../common/lines.js';
import { qifAmount, qifParser } from './parser.js';
import { refusal } from '../../../../test/helpers/refusal.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const parse = (text: string, chunkSize = 65536, defaultCurrency?: string) =>
  collectDocument(qifParser.parse(chunksOf(text, chunkSize), defaultCurrency ? { defaultCurrency } : {}));
const bank = (...records: string[][]) => ['!Type:Bank', ...records.flatMap((r) => [...r, '^'])].join('\n');

function parseError(text: string): Promise<StatementFileError> {
  return refusal(parse(text));
}

describe('QIF detection', () => {
  it('recognizes QIF headers', () => {
    expect(qifParser.detect(fixture('quicken-us.qif'))).toBe(true);
    expect(qifParser.detect('\uFEFF\r\n!type:bank\r\n')).toBe(true);
    expect(qifParser.detect('!Account\nNChecking\n^\n')).toBe(true);
  });

  it('rejects other formats', () => {
    expect(qifParser.detect(':20:X\n:25:123\n:60F:C240101EUR0,\n')).toBe(false);
    expect(qifParser.detect('Date;Amount\n!Type:Bank\n')).toBe(false);
  });
});

describe('QIF statements', () => {
  it('reads a Quicken file: accounts, month/day dates, splits', async () => {
    const doc = await parse(fixture('quicken-us.qif'), 65536, 'USD');
    expect(doc.warnings).toEqual([]);
    expect(doc.statements.map((s) => [s.format, s.id, s.account.name, s.account.currency, s.openingBalance, s.closingBalance, s.entries.length])).toEqual([
      ['qif', null, 'Checking', 'USD', null, null, 3],
      ['qif', null, 'Visa', 'USD', null, null, 1],
    ]);
    const [water, salary, groceries] = doc.statements[0].entries;
    expect(water).toEqual({
      bookingDate: '2024-01-05',
      valueDate: null,
      amount: '-1234.56',
      currency: 'USD',
      description: 'Water bill Q4',
      counterparty: { name: 'City of Springfield', iban: null },
      reference: null,
      endToEndId: null,
      bankReference: '1042',
      status: 'booked',
      details: [],
    });
    expect(salary).toMatchObject({ bookingDate: '2024-01-12', amount: '2500.00', description: 'ACME Corp' });
    expect(groceries.details).toEqual([
      { amount: '-80.00', counterparty: null, reference: null, endToEndId: null, description: 'Weekly shop' },
      { amount: '-20.00', counterparty: null, reference: null, endToEndId: null, description: 'Household' },
    ]);
    expect(doc.statements[1].entries[0]).toMatchObject({ bookingDate: '2024-02-01', amount: '-45.00' });
  });

  it('reads a French file: day/month dates found after ambiguous ones, comma decimals', async () => {
    for (const size of [65536, 5, 1]) {
      const doc = await parse(fixture('french.qif'), size);
      const entries = doc.statements[0].entries;
      expect(entries.map((e) => [e.bookingDate, e.amount, e.currency])).toEqual([
        ['2024-01-03', '-1234.56', 'EUR'], ['2024-01-05', '1500.00', 'EUR'], ['2024-01-25', '-12.50', 'EUR'],
      ]);
      expect(entries[0].description).toBe('Prélèvement facture 2024-001');
      expect(doc.warnings).toEqual([{ statement: 0, message: expect.stringContaining('does not say its currency: amounts are read as EUR') }]);
    }
  });

  it('reads ISO dates and warns when the day/month order is a guess', async () => {
    expect((await parse(bank(['D2024-01-31', 'T1']), 65536, 'EUR')).warnings).toEqual([]);
    const dayFirst = await parse(bank(['D01/02/2024', 'T1']), 65536, 'EUR');
    expect(dayFirst.statements[0].entries[0].bookingDate).toBe('2024-02-01');
    expect(dayFirst.warnings[0].message).toContain('read as day/month');
    const quicken = await parse(bank(["D1/ 2'24", 'T1']), 65536, 'EUR');
    expect(quicken.statements[0].entries[0].bookingDate).toBe('2024-01-02');
    expect(quicken.warnings[0].message).toContain('read as month/day');
  });

  it('takes the account IBAN from the !Account record', async () => {
    const text = ['!Account', 'NFR76 3000 6000 0112 3456 7890 189', 'TBank', '^', bank(['D2024-01-31', 'T1'])].join('\n');
    expect((await parse(text)).statements[0].account).toMatchObject({ iban: 'FR7630006000011234567890189', name: 'FR76 3000 6000 0112 3456 7890 189' });
  });

  it('skips lists and investment sections, and warns about what is odd', async () => {
    const text = [
      '!Type:Cat', 'NFood', 'E', '^',
      '!Type:Invst', 'D2024-01-01', 'NBuy', 'T100', '^',
      bank(['D2024-01-31', 'T-10', 'S', '$-4']), 'D2024-02-01', 'T5',
      '!Type:Bank', 'D2024-02-02', 'T6', '^',
    ].join('\n');
    const doc = await parse(text, 65536, 'EUR');
    expect(doc.statements.map((s) => s.entries.map((e) => e.amount))).toEqual([['-10.00', '5.00'], ['6.00']]);
    expect(doc.warnings.map((w) => w.message)).toEqual([
      'investment transactions (!Type:Invst) are not read',
      'the splits of the record at line 11 add up to -4.00, not -10.00',
      'the record at line 16 has no "^" end mark',
    ]);
  });
});

describe('QIF amounts', () => {
  it.each([
    ['-1,234.56', '-1234.56'], ['-1.234,56', '-1234.56'], ['1 234,5', '1234.50'], ["1'234.56", '1234.56'],
    ['1,234', '1234.00'], ['0,125', '0.125'], ['12.50-', '-12.50'], ['(7.00)', '-7.00'], ['+3', '3.00'],
    ['1,234,567.8', '1234567.80'], ['-0.00', '0.00'],
  ])('%s -> %s', (written, expected) => {
    expect(qifAmount(written, 2)).toBe(expected);
  });

  it('refuses what is not an amount', () => {
    for (const written of ['', 'abc', '12a', '-', '1.2.3,4,5']) expect(qifAmount(written, 2)).toBeNull();
  });
});

describe('QIF errors', () => {
  it('refuses a file cut inside a record', async () => {
    const error = await parseError(bank(['D2024-01-31', 'T1']) + '\nD2024-02-01\nT');
    expect(error.message).toMatch(/^QIF, statement 1, line 5: the file ends inside a record .*truncated/);
  });

  it('names the line of a bad field', async () => {
    expect((await parseError(bank(['D2024-01-31', 'T1'], ['D2024-02-30', 'T1']))).message).toBe(
      'QIF, statement 1, line 5: "2024-02-30" is not a date (read as day/month/year, like the other dates of the file)',
    );
    expect((await parseError(bank(['D2024-01-31', 'Tten']))).message).toBe('QIF, statement 1, line 3: "ten" is not an amount');
    expect((await parseError(bank(['PNo date', 'T1']))).message).toBe('QIF, statement 1, line 2: the record has no date (D line)');
    expect((await parseError(bank(['D2024-01-31']))).message).toContain('no amount');
  });

  it('refuses a date that contradicts the order of the file', async () => {
    const error = await parseError(bank(['D25/01/2024', 'T1'], ['D01/25/2024', 'T1']));
    expect(error.message).toBe('QIF, statement 1, line 5: "01/25/2024" is not a date (read as day/month/year, like the other dates of the file)');
  });

  it('refuses files without bank transactions', async () => {
    expect((await parseError('DNothing\n^\n')).message).toContain('before any !Type:');
    expect((await parseError('!Type:Cat\nNFood\n^\n')).message).toContain('no bank transactions found');
  });
});
