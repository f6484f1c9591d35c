import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { makeCore } from '../../../test/helpers/core.js';
import { tempDirs } from '../../../test/helpers/temp.js';
import { insertAccount } from '../ledger/accounts.js';
import { listAudit } from '../ledger/audit.js';
import type { Db } from '../ledger/database.js';
import { entryInserter } from '../ledger/entries.js';
import { listOpenItems } from '../ledger/items.js';
import { insertBatch } from '../ledger/statements-write.js';
import { FEC_COLUMNS, importItemsFec, readFec, readFecItems } from './fec.js';

// Our own small books: a fictional company's sales (VT), purchases (HA) and bank (BQ) journals.
type Column = (typeof FEC_COLUMNS)[number];
type Fields = Partial<Record<Column, string>>;

function line(f: Fields, separator = '\t'): string {
  const defaults: Fields = { JournalCode: 'VT', JournalLib: 'Ventes', EcritureNum: '1', EcritureDate: '20260105', CompteLib: 'Clients', Debit: '0,00', Credit: '0,00', ValidDate: '20260131' };
  return FEC_COLUMNS.map((c) => f[c] ?? defaults[c] ?? '').join(separator);
}

function fec(lines: Fields[], separator = '\t'): string {
  return [FEC_COLUMNS.join(separator), ...lines.map((f) => line(f, separator))].join('\r\n') + '\r\n';
}

const hotel = { CompteNum: '411000', CompAuxNum: 'CHOTEL', CompAuxLib: 'Hôtel du Port' };
const boulangerie = { CompteNum: '411000', CompAuxNum: 'CBOUL', CompAuxLib: 'Boulangerie Lefèvre' };
const papeterie = { CompteLib: 'Fournisseurs', CompteNum: '401000', CompAuxNum: 'FPAP', CompAuxLib: 'Papeterie Œuvre’s' };
const soren = { CompteNum: '401SOREN', CompteLib: 'Søren Ærø ApS', CompAuxNum: '', CompAuxLib: '' };

const BOOKS: Fields[] = [
  { ...hotel, EcritureNum: '1', PieceRef: 'FA-2026-001', Debit: '1200,00', EcritureLib: 'Facture FA-2026-001' },
  { EcritureNum: '1', CompteNum: '706000', CompteLib: 'Prestations', PieceRef: 'FA-2026-001', Credit: '1000,00' },
  { EcritureNum: '1', CompteNum: '445710', CompteLib: 'TVA collectée', PieceRef: 'FA-2026-001', Credit: '200,00' },
  { ...boulangerie, EcritureNum: '2', EcritureDate: '20260110', PieceRef: 'FA-2026-002', Debit: '480,00', EcritureLet: 'AA', DateLet: '20260120' },
  { EcritureNum: '2', EcritureDate: '20260110', CompteNum: '706000', CompteLib: 'Prestations', PieceRef: 'FA-2026-002', Credit: '480,00' },
  { JournalCode: 'HA', JournalLib: 'Achats', EcritureNum: '3', EcritureDate: '20260112', ...papeterie, PieceRef: 'F-7781', PieceDate: '20260108', Credit: '96,00' },
  { JournalCode: 'HA', JournalLib: 'Achats', EcritureNum: '3', EcritureDate: '20260112', CompteNum: '606400', CompteLib: 'Fournitures', PieceRef: 'F-7781', Debit: '96,00' },
  { JournalCode: 'HA', JournalLib: 'Achats', EcritureNum: '4', EcritureDate: '20260114', ...soren, PieceRef: 'INV-55', Credit: '1000,00', Montantdevise: '7460,00', Idevise: 'DKK' },
  { JournalCode: 'HA', JournalLib: 'Achats', EcritureNum: '4', EcritureDate: '20260114', CompteNum: '607000', CompteLib: 'Achats', PieceRef: 'INV-55', Debit: '1000,00' },
  // The bakery pays in full (lettered AA with its invoice); the hotel pays part under its invoice's reference.
  { JournalCode: 'BQ', JournalLib: 'Banque', EcritureNum: '5', EcritureDate: '20260120', ...boulangerie, PieceRef: 'VIR-0120', Credit: '480,00', EcritureLet: 'AA', DateLet: '20260120' },
  { JournalCode: 'BQ', JournalLib: 'Banque', EcritureNum: '5', EcritureDate: '20260120', CompteNum: '512000', CompteLib: 'Banque', PieceRef: 'VIR-0120', Debit: '480,00' },
  { JournalCode: 'BQ', JournalLib: 'Banque', EcritureNum: '6', EcritureDate: '20260125', ...hotel, PieceRef: 'FA-2026-001', Credit: '500,00' },
  { JournalCode: 'BQ', JournalLib: 'Banque', EcritureNum: '6', EcritureDate: '20260125', CompteNum: '512000', CompteLib: 'Banque', PieceRef: 'FA-2026-001', Debit: '500,00' },
  // A deposit with no invoice under its reference is not an item.
  { JournalCode: 'BQ', JournalLib: 'Banque', EcritureNum: '7', EcritureDate: '20260126', ...hotel, PieceRef: 'ACOMPTE-1', Credit: '100,00' },
  { JournalCode: 'BQ', JournalLib: 'Banque', EcritureNum: '7', EcritureDate: '20260126', CompteNum: '512000', CompteLib: 'Banque', PieceRef: 'ACOMPTE-1', Debit: '100,00' },
];

const EXPECTED_OPEN = [
  {
    externalId: 'FEC:411000:CHOTEL:FA-2026-001', kind: 'receivable', party: 'Hôtel du Port', partyIban: null, reference: 'FA-2026-001',
    issueDate: '2026-01-05', dueDate: null, amountMinor: 120000, openMinor: 70000, currency: 'EUR', source: 'fec',
  },
  {
    externalId: 'FEC:401000:FPAP:F-7781', kind: 'payable', party: 'Papeterie Œuvre’s', partyIban: null, reference: 'F-7781',
    issueDate: '2026-01-08', dueDate: null, amountMinor: 9600, openMinor: 9600, currency: 'EUR', source: 'fec',
  },
  {
    externalId: 'FEC:401SOREN::INV-55', kind: 'payable', party: 'Søren Ærø ApS', partyIban: null, reference: 'INV-55',
    issueDate: '2026-01-14', dueDate: null, amountMinor: 746000, openMinor: 746000, currency: 'DKK', source: 'fec',
  },
];

describe('open items from a FEC', () => {
  it('reads unlettered customer and supplier lines, netting each piece with its settlements', () => {
    const bytes = iconv.encode(fec(BOOKS), 'windows-1252');
    expect(readFec('books.txt', bytes)).toEqual({ open: EXPECTED_OPEN, settled: ['FEC:411000:CBOUL:FA-2026-002'] });
  });

  it('reads pipes, ISO-8859-15, UTF-8 with a byte order mark, and Montant with Sens', () => {
    const supplier = [{ ...papeterie, CompAuxLib: 'Œuvre et Cœur', PieceRef: 'F-1', Credit: '12,50' }];
    const latin9 = iconv.encode(fec(supplier, '|'), 'iso-8859-15');
    expect(readFecItems('a.txt', latin9).map((i) => [i.party, i.amountMinor])).toEqual([['Œuvre et Cœur', 1250]]);
    const utf8 = Buffer.from('\uFEFF' + fec(supplier), 'utf8');
    expect(readFecItems('b.txt', utf8).map((i) => i.party)).toEqual(['Œuvre et Cœur']);
    const signed = fec(supplier).replace('Debit\tCredit', 'Montant\tSens').replace('0,00\t12,50', '12,50\tC');
    expect(readFecItems('c.txt', Buffer.from(signed)).map((i) => [i.kind, i.amountMinor])).toEqual([['payable', 1250]]);
  });

  it('takes CompteLib without an auxiliary name, EcritureDate without a PieceDate, and skips an empty line', () => {
    const text = fec([{ CompteNum: '41100042', CompteLib: 'Client Martin', PieceRef: 'FA-9', EcritureDate: '20260301', Debit: '10' }]) + '\r\n';
    expect(readFecItems('d.txt', Buffer.from(text))).toMatchObject([
      { externalId: 'FEC:41100042::FA-9', party: 'Client Martin', issueDate: '2026-03-01', amountMinor: 1000 },
    ]);
  });

  it('names the file, line and column of what it cannot read', () => {
    const ok = { ...hotel, PieceRef: 'FA-1', Debit: '10,00' };
    const cases: [string, string | RegExp][] = [
      [fec([ok, { ...ok, Debit: '12,3x' }]), 'f.txt, line 3, column Debit: "12,3x" is not an amount'],
      [fec([{ ...ok, Credit: '1,234' }]), /^f\.txt, line 2, column Credit: .*more decimals than EUR/],
      [fec([{ ...ok, EcritureDate: '2026-01-05' }]), 'f.txt, line 2, column EcritureDate: "2026-01-05" is not a date as YYYYMMDD'],
      [fec([{ ...ok, PieceDate: '20260230' }]), 'f.txt, line 2, column PieceDate: "20260230" is not a date as YYYYMMDD'],
      [fec([{ ...ok, Montantdevise: '5', Idevise: 'DOLLARS' }]), 'f.txt, line 2, column Idevise: "DOLLARS" is not an ISO 4217 currency'],
      [fec([{ ...ok, PieceRef: '' }]), /^f\.txt, line 2, column PieceRef: empty piece reference/],
      [fec([ok]).replace('Hôtel du Port', 'Hôtel\tdu Port'), 'f.txt, line 2: 19 fields where the header names 18 (a tab or pipe inside a field?)'],
      [fec([ok]).replace('\tPieceRef\t', '\tPiece\t'), /^f\.txt: missing column\(s\) PieceRef \(a FEC names JournalCode, /],
      ['JournalCode;JournalLib\r\n', /^f\.txt: not a FEC file/],
    ];
    for (const [text, message] of cases) {
      expect(() => readFec('f.txt', Buffer.from(text)), String(message)).toThrow(message);
    }
  });
});

const temp = tempDirs();

function setup() {
  const dir = temp();
  const { core } = makeCore(path.join(dir, 'data'));
  core.ensureCompany();
  const write = (lines: Fields[]) => {
    const file = path.join(dir, `books-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(file, iconv.encode(fec(lines), 'windows-1252'));
    return file;
  };
  const open = () => listOpenItems(core.ledger, false).map((i) => [i.externalId, i.amount, i.openAmount]);
  return { core, write, open, pay: payer(core.ledger.write) };
}

/** A bank line matched with an item in Pointage, recorded as the matching screens will record it. */
function payer(db: Db) {
  const accountId = insertAccount(db, { name: 'Banque', currency: 'EUR' });
  const batchId = insertBatch(db, { source: 'file', label: 'test', sha256: null, format: 'csv' });
  const insert = entryInserter(db);
  let n = 0;
  return (externalId: string, amountMinor: number) => {
    const importKey = `k${++n}`;
    insert({
      accountId, statementId: null, batchId, bookingDate: '2026-01-28', valueDate: null, amountMinor, currency: 'EUR', description: 'VIR HOTEL',
      counterpartyName: null, counterpartyIban: null, reference: null, endToEndId: null, bankReference: null, pending: false, detailsJson: null, importKey,
    });
    const matchId = db.prepare("INSERT INTO matches (kind, created_by) VALUES ('manual', 'test')").run().lastInsertRowid;
    db.prepare(
      `INSERT INTO match_lines (match_id, bank_entry_id, open_item_id, amount_minor)
       VALUES (?, (SELECT id FROM bank_entries WHERE import_key = ?), (SELECT id FROM open_items WHERE external_id = ?), ?)`,
    ).run(matchId, importKey, externalId, amountMinor);
    db.prepare('UPDATE open_items SET open_minor = open_minor - ? WHERE external_id = ?').run(amountMinor, externalId);
  };
}


/** Lines that letter the hotel's invoice with its payments, as the books do once it is paid in full. */
function hotelPaid(): Fields[] {
  return BOOKS.map((f) => (f.CompAuxNum === 'CHOTEL' && f.PieceRef === 'FA-2026-001' ? { ...f, EcritureLet: 'AB', DateLet: '20260201' } : f)).concat([
    { JournalCode: 'BQ', EcritureNum: '8', EcritureDate: '20260201', ...hotel, PieceRef: 'VIR-0201', Credit: '700,00', EcritureLet: 'AB', DateLet: '20260201' },
    { JournalCode: 'BQ', EcritureNum: '8', EcritureDate: '20260201', CompteNum: '512000', CompteLib: 'Banque', PieceRef: 'VIR-0201', Debit: '700,00' },
  ]);
}

describe('importing a FEC', () => {
  it('imports once, then updates by piece without duplicating', async () => {
    const { core, write, open } = setup();
    expect(await importItemsFec(core.ledger, write(BOOKS), 'test')).toEqual({ file: expect.any(String), inserted: 3, updated: 0, unchanged: 0, settled: 0 });
    expect(await importItemsFec(core.ledger, write(BOOKS), 'test')).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, settled: 0 });
    const bigger = BOOKS.map((f) => (f.PieceRef === 'F-7781' ? { ...f, ...(f.Credit === '96,00' ? { Credit: '120,00' } : { Debit: '120,00' }) } : f));
    expect(await importItemsFec(core.ledger, write(bigger), 'test')).toMatchObject({ inserted: 0, updated: 1, unchanged: 2, settled: 0 });
    expect(open()).toEqual([
      ['FEC:411000:CHOTEL:FA-2026-001', '1200.00', '700.00'],
      ['FEC:401000:FPAP:F-7781', '120.00', '120.00'],
      ['FEC:401SOREN::INV-55', '7460.00', '7460.00'],
    ]);
    expect(listAudit(core.ledger, 1)[0]).toMatchObject({ actor: 'test', action: 'items.import' });
    expect(JSON.parse(listAudit(core.ledger, 1)[0].details!)).toMatchObject({ format: 'fec', updated: 1 });
    core.close();
  });

  it('closes an item the books have since lettered, and reopens it when they un-letter it', async () => {
    const { core, write, open } = setup();
    await importItemsFec(core.ledger, write(BOOKS), 'test');
    expect(await importItemsFec(core.ledger, write(hotelPaid()), 'test')).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, settled: 1 });
    expect(open()[0]).toEqual(['FEC:411000:CHOTEL:FA-2026-001', '1200.00', '0.00']);
    expect(await importItemsFec(core.ledger, write(BOOKS), 'test')).toMatchObject({ updated: 1, unchanged: 2, settled: 0 });
    expect(open()[0]).toEqual(['FEC:411000:CHOTEL:FA-2026-001', '1200.00', '700.00']);
    core.close();
  });

  it('counts a payment once when both the books and Pointage have it', async () => {
    const { core, write, open, pay } = setup();
    const hotelInvoice = 'FEC:411000:CHOTEL:FA-2026-001';
    await importItemsFec(core.ledger, write(BOOKS), 'test');
    pay(hotelInvoice, 50000); // the 500 the books have already applied: matching it takes it off a second time
    expect(open()[0]).toEqual([hotelInvoice, '1200.00', '200.00']);
    expect(await importItemsFec(core.ledger, write(BOOKS), 'test')).toMatchObject({ updated: 1, unchanged: 2 });
    expect(open()[0]).toEqual([hotelInvoice, '1200.00', '700.00']);
    pay(hotelInvoice, 70000); // the rest, paid after the books were exported: Pointage is ahead of them
    expect(await importItemsFec(core.ledger, write(BOOKS), 'test')).toMatchObject({ updated: 0, unchanged: 3 });
    expect(open()[0]).toEqual([hotelInvoice, '1200.00', '0.00']);
    core.close();
  });

  it('writes nothing from a file with a bad line', async () => {
    const { core, write } = setup();
    const file = write([...BOOKS, { ...hotel, EcritureNum: '10', PieceRef: 'FA-2026-010', Debit: '1.200,00' }]);
    await expect(importItemsFec(core.ledger, file, 'test')).rejects.toThrow(/line 17, column Debit: "1\.200,00" is not an amount/);
    expect(listOpenItems(core.ledger, false)).toEqual([]);
    core.close();
  });
});
