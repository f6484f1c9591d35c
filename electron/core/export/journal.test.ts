import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCore } from '../../../test/helpers/core.js';
import { tempDirs } from '../../../test/helpers/temp.js';
import { toDecimal, toMinor } from '../../../shared/money.js';
import { insertAccount } from '../ledger/accounts.js';
import { entryInserter, type NewBankEntry } from '../ledger/entries.js';
import { upsertOpenItem, type NewOpenItem } from '../ledger/items.js';
import { insertBatch } from '../ledger/statements-write.js';
import { auxAccountOf, journalEntries, toCsv, toFec, type JournalEntry } from './journal.js';

const temp = tempDirs();

/** A ledger with bank lines and open items; matches are written as the matching screens will write them. */
function setup() {
  const dir = temp();
  const { core } = makeCore(path.join(dir, 'data'));
  core.ensureCompany();
  const db = core.ledger.write;
  const batchId = insertBatch(db, { source: 'file', label: 'test', sha256: null, format: 'csv' });
  const insertEntry = entryInserter(db);
  let keys = 0;
  const bankLine = (accountId: number, bookingDate: string, amount: string, more: Partial<NewBankEntry> = {}): number => {
    const importKey = `k${++keys}`;
    const currency = more.currency ?? 'EUR';
    insertEntry({
      accountId, statementId: null, batchId, bookingDate, valueDate: null, amountMinor: toMinor(amount, currency), currency, description: 'VIREMENT',
      counterpartyName: null, counterpartyIban: null, reference: null, endToEndId: null, bankReference: null, pending: false, detailsJson: null, importKey, ...more,
    });
    return (db.prepare('SELECT id FROM bank_entries WHERE import_key = ?').get(importKey) as { id: number }).id;
  };
  const item = (externalId: string, kind: NewOpenItem['kind'], party: string, amount: string, more: Partial<NewOpenItem> = {}): number => {
    upsertOpenItem(db, {
      externalId, kind, party, partyIban: null, reference: externalId, issueDate: null, dueDate: null, amountMinor: toMinor(amount, 'EUR'), currency: 'EUR', source: 'csv', ...more,
    });
    return (db.prepare('SELECT id FROM open_items WHERE external_id = ?').get(externalId) as { id: number }).id;
  };
  const match = (lines: [entryId: number, itemId: number | null, amount: string][], more: { writeoff?: string; account?: string; undone?: boolean } = {}): number => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO matches (kind, writeoff_minor, writeoff_account, created_by, created_at, undone_by, undone_at)
           VALUES ('manual', ?, ?, 'test', '2026-03-02T10:00:00.000Z', ?, ?)`,
        )
        .run(toMinor(more.writeoff ?? '0', 'EUR'), more.account ?? null, more.undone ? 'test' : null, more.undone ? '2026-03-03T09:00:00.000Z' : null).lastInsertRowid,
    );
    const insertLine = db.prepare('INSERT INTO match_lines (match_id, bank_entry_id, open_item_id, amount_minor) VALUES (?, ?, ?, ?)');
    for (const [entryId, itemId, amount] of lines) insertLine.run(id, entryId, itemId, toMinor(amount, 'EUR'));
    return id;
  };
  return { core, db, bankLine, item, match };
}

/** Every kind of match on two bank accounts: the story the tests below read. */
function books() {
  const t = setup();
  const bnp = insertAccount(t.db, { name: 'BNP Compte courant', glAccount: '512100', currency: 'EUR' });
  const ca = insertAccount(t.db, { name: 'Crédit Agricole', currency: 'EUR' });
  const hotel = 'Hôtel du Port, SAS';
  const ids = {
    bnp,
    ca,
    full: t.match([[t.bankLine(bnp, '2026-02-03', '1200.50', { bankReference: 'BQREF1', description: 'VIR HOTEL DU PORT FA-2026-001' }), t.item('FA-2026-001', 'receivable', hotel, '1200.50'), '1200.50']]),
    partial: t.match([[t.bankLine(bnp, '2026-02-05', '400.00', { description: 'VIR BOULANGERIE, ACOMPTE\n FA-2026-002' }), t.item('FA-2026-002', 'receivable', 'Boulangerie "Le Fournil"', '1000.00'), '400.00']]),
    grouped: (() => {
      const line = t.bankLine(bnp, '2026-02-10', '1500.00', { description: 'VIR CAFE DES ARTS' });
      return t.match([[line, t.item('FA-2026-003', 'receivable', 'Café des Arts', '1000.00'), '1000.00'], [line, t.item('FA-2026-004', 'receivable', 'Café des Arts', '500.00'), '500.00']]);
    })(),
    fee: t.match([[t.bankLine(bnp, '2026-02-12', '1195.00', { description: 'VIR HOTEL DU PORT FA-2026-005' }), t.item('FA-2026-005', 'receivable', hotel, '1200.00'), '1200.00']], { writeoff: '5.00', account: '627800' }),
    discount: t.match([[t.bankLine(bnp, '2026-02-14', '-990.00', { description: 'PRLV PAPETERIE MARTIN' }), t.item('F-7781', 'payable', 'Papeterie Martin', '1000.00'), '1000.00']], { writeoff: '10.00', account: '765000' }),
    direct: t.match([[t.bankLine(bnp, '2026-02-15', '-12.00', { description: 'FRAIS TENUE DE COMPTE' }), null, '12.00']], { account: '627800' }),
    undone: t.match([[t.bankLine(bnp, '2026-02-16', '50.00'), t.item('FA-2026-006', 'receivable', 'Client', '50.00'), '50.00']], { undone: true }),
    pending: t.match([[t.bankLine(bnp, '2026-02-17', '60.00', { pending: true }), t.item('FA-2026-007', 'receivable', 'Client', '60.00'), '60.00']]),
    fromBooks: t.match([[t.bankLine(ca, '2026-02-01', '300.00', { counterpartyName: 'MARTIN SARL', description: '' }), t.item('FEC:41100000:CLT042:FA-9', 'receivable', 'Martin SARL', '300.00', { source: 'fec', reference: 'FA-9' }), '300.00']]),
  };
  return { ...t, ids };
}

/** A line as account, auxiliary account, PieceRef, debit, credit. */
function lines(entry: JournalEntry | undefined): string[][] {
  const amount = (minor: number) => (minor ? toDecimal(minor, entry!.currency) : '');
  return entry!.lines.map((l) => [l.account, l.auxAccount ?? '', l.reference, amount(l.debitMinor), amount(l.creditMinor)]);
}

function total(entry: JournalEntry, side: 'debitMinor' | 'creditMinor'): number {
  return entry.lines.reduce((sum, l) => sum + l[side], 0);
}

describe('journal entries from reconciled bank lines', () => {
  it('makes one balanced entry per active match, in date order, leaving out undone and pending ones', () => {
    const { core, ids } = books();
    const entries = journalEntries(core.ledger);
    expect(entries.map((e) => e.number)).toEqual([ids.fromBooks, ids.full, ids.partial, ids.grouped, ids.fee, ids.discount, ids.direct].map(String));
    for (const entry of entries) {
      expect(total(entry, 'debitMinor'), `entry ${entry.number}`).toBe(total(entry, 'creditMinor'));
      for (const l of entry.lines) expect(Number.isSafeInteger(l.debitMinor) && Number.isSafeInteger(l.creditMinor) && l.debitMinor * l.creditMinor === 0).toBe(true);
    }
    expect(entries.map((e) => [e.journal, e.date, e.validDate])[1]).toEqual([`BQ${ids.bnp}`, '2026-02-03', '2026-03-02']);
    core.close();
  });

  it('settles part of an invoice, and several invoices with one payment', () => {
    const { core, ids } = books();
    const entries = new Map(journalEntries(core.ledger).map((e) => [e.number, e]));
    expect(lines(entries.get(String(ids.partial)))).toEqual([
      ['512100', '', String(ids.partial), '400.00', ''],
      ['411000', 'CBOULANGERIELEFOU', 'FA-2026-002', '', '400.00'],
    ]);
    expect(lines(entries.get(String(ids.grouped)))).toEqual([
      ['512100', '', String(ids.grouped), '1500.00', ''],
      ['411000', 'CCAFEDESARTS', 'FA-2026-003', '', '1000.00'],
      ['411000', 'CCAFEDESARTS', 'FA-2026-004', '', '500.00'],
    ]);
    core.close();
  });

  it('books write-offs and direct lines to their own accounts', () => {
    const { core, ids } = books();
    const entries = new Map(journalEntries(core.ledger).map((e) => [e.number, e]));
    expect(lines(entries.get(String(ids.fee)))).toEqual([
      ['512100', '', String(ids.fee), '1195.00', ''],
      ['411000', 'CHOTELDUPORTSAS', 'FA-2026-005', '', '1200.00'],
      ['627800', '', String(ids.fee), '5.00', ''],
    ]);
    expect(lines(entries.get(String(ids.discount)))).toEqual([
      ['512100', '', String(ids.discount), '', '990.00'],
      ['401000', 'FPAPETERIEMARTIN', 'F-7781', '1000.00', ''],
      ['765000', '', String(ids.discount), '', '10.00'],
    ]);
    expect(lines(entries.get(String(ids.direct)))).toEqual([
      ['512100', '', String(ids.direct), '', '12.00'],
      ['627800', '', String(ids.direct), '12.00', ''],
    ]);
    core.close();
  });

  it("settles an item from the books' FEC on its own accounts, and defaults the bank's GL account to 512000", () => {
    const { core, ids } = books();
    const [entry] = journalEntries(core.ledger);
    expect(entry).toMatchObject({ journal: `BQ${ids.ca}`, journalLabel: 'Crédit Agricole' });
    expect(lines(entry)).toEqual([
      ['512000', '', String(ids.fromBooks), '300.00', ''],
      ['41100000', 'CLT042', 'FA-9', '', '300.00'],
    ]);
    expect(entry.lines.map((l) => l.label)).toEqual(['MARTIN SARL', 'Règlement Martin SARL FA-9']);
    core.close();
  });

  it('keeps the matches dated within the range, bounds included', () => {
    const { core, ids } = books();
    expect(journalEntries(core.ledger, { from: '2026-02-05', to: '2026-02-12' }).map((e) => e.number)).toEqual([ids.partial, ids.grouped, ids.fee].map(String));
    expect(journalEntries(core.ledger, { to: '2026-02-02' }).map((e) => e.number)).toEqual([String(ids.fromBooks)]);
    expect(journalEntries(core.ledger, { from: '2026-03-01' })).toEqual([]);
    core.close();
  });

  it('writes the FEC columns and formats exactly', () => {
    const { core, ids } = books();
    const day = (date: string) => journalEntries(core.ledger, { from: date, to: date });
    const bq = `BQ${ids.bnp}\tBNP Compte courant`;
    expect(toFec([...day('2026-02-03'), ...day('2026-02-12')])).toBe(
      'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\r\n' +
        `${bq}\t${ids.full}\t20260203\t512100\tBNP Compte courant\t\t\tBQREF1\t20260203\tVIR HOTEL DU PORT FA-2026-001\t1200,50\t0,00\t\t\t20260302\t\t\r\n` +
        `${bq}\t${ids.full}\t20260203\t411000\tClients\tCHOTELDUPORTSAS\tHôtel du Port, SAS\tFA-2026-001\t20260203\tRèglement Hôtel du Port, SAS FA-2026-001\t0,00\t1200,50\t\t\t20260302\t\t\r\n` +
        `${bq}\t${ids.fee}\t20260212\t512100\tBNP Compte courant\t\t\t${ids.fee}\t20260212\tVIR HOTEL DU PORT FA-2026-005\t1195,00\t0,00\t\t\t20260302\t\t\r\n` +
        `${bq}\t${ids.fee}\t20260212\t411000\tClients\tCHOTELDUPORTSAS\tHôtel du Port, SAS\tFA-2026-005\t20260212\tRèglement Hôtel du Port, SAS FA-2026-005\t0,00\t1200,00\t\t\t20260302\t\t\r\n` +
        `${bq}\t${ids.fee}\t20260212\t627800\tÉcart de règlement\t\t\t${ids.fee}\t20260212\tÉcart de règlement\t5,00\t0,00\t\t\t20260302\t\t\r\n`,
    );
    core.close();
  });

  it('writes RFC 4180 CSV, quoting commas, quotes and line breaks', () => {
    const { core, ids } = books();
    const partial = journalEntries(core.ledger, { from: '2026-02-05', to: '2026-02-05' });
    expect(toCsv(partial)).toBe(
      'date,journal,entry,account,party,reference,label,debit,credit,currency\r\n' +
        `2026-02-05,BQ${ids.bnp},${ids.partial},512100,,${ids.partial},"VIR BOULANGERIE, ACOMPTE FA-2026-002",400.00,,EUR\r\n` +
        `2026-02-05,BQ${ids.bnp},${ids.partial},411000,"Boulangerie ""Le Fournil""",FA-2026-002,"Règlement Boulangerie ""Le Fournil"" FA-2026-002",,400.00,EUR\r\n`,
    );
    const entry: JournalEntry = {
      ...partial[0],
      lines: [{ ...partial[0].lines[0], label: 'two\nlines', reference: 'a\r\nb' }],
    };
    expect(toCsv([entry]).split('\r\n')[1]).toBe(`2026-02-05,BQ${ids.bnp},${ids.partial},512100,,"a`);
    expect(toCsv([entry])).toContain(',"a\r\nb","two\nlines",400.00,,EUR\r\n');
    core.close();
  });

  it('refuses a FEC of entries in another currency than the books; CSV keeps their currency', () => {
    const t = setup();
    const danske = insertAccount(t.db, { name: 'Danske Bank', currency: 'DKK' });
    const id = t.match([[t.bankLine(danske, '2026-02-20', '-75.00', { currency: 'DKK', description: 'GEBYR' }), null, '75.00']], { account: '627800' });
    const entries = journalEntries(t.core.ledger);
    expect(() => toFec(entries)).toThrow(`entry ${id} is in DKK: a FEC is kept in EUR, and Pointage has no exchange rate`);
    expect(toFec(entries, 'DKK')).toContain('\t627800\tImputation directe\t\t\t');
    expect(toCsv(entries).split('\r\n')[1]).toBe(`2026-02-20,BQ${danske},${id},512000,,${id},GEBYR,,75.00,DKK`);
    t.core.close();
  });
});

describe('customer and supplier account numbers', () => {
  it('are C or F and the name in capitals, without accents, 17 characters at most', () => {
    expect(auxAccountOf('C', 'Hôtel du Port, SAS')).toBe('CHOTELDUPORTSAS');
    expect(auxAccountOf('F', 'Søren Ærø ApS')).toBe('FSORENAEROAPS');
    expect(auxAccountOf('C', 'Œuvres de la Forêt Noire SARL')).toBe('COEUVRESDELAFORET');
    expect(auxAccountOf('F', '— ? —')).toBe('FDIVERS');
  });
});
