// Matches between bank lines and open items: the SQL of applying and undoing them. A match
// moves money from "open" to "settled" on its items and from "to review" to "reconciled" on its
// bank line; undoing it moves it back. Both are one transaction with an audit record.
import { PointageError } from '../../../shared/contract/errors.js';
import type { BankLine, OpenItemInput } from '../reconcile/types.js';
import { appendAudit } from './audit.js';
import type { Db } from './database.js';
import { lockedThroughForLine } from './seen-accounts.js';

export interface NewMatch {
  lineId: number;
  items: { itemId: number; amountMinor: number }[];
  kind: 'auto' | 'manual' | 'rule';
  score: number | null;
  reasons: unknown[];
  /** Positive: the bank kept fees (less received than settled); negative: a small overpayment. */
  writeOffMinor: number;
  /** Part of the line put straight on writeOffAccount (a GL account), without an open item. */
  directMinor?: number;
  writeOffAccount: string | null;
  actor: string;
}

/** Bank lines still to reconcile (what is left of them), booked only. */
export function linesToReconcile(db: Db, lineIds?: readonly number[]): BankLine[] {
  const where = lineIds ? `AND id IN (${lineIds.map(() => '?').join(',') || 'NULL'})` : '';
  return db
    .prepare(
      `SELECT id, account_id AS accountId, booking_date AS bookingDate, amount_minor - reconciled_minor AS amountMinor, currency,
              description, counterparty_name AS counterpartyName, counterparty_iban AS counterpartyIban, reference,
              end_to_end_id AS endToEndId, bank_reference AS bankReference
         FROM bank_entries WHERE pending = 0 AND reconciled_minor <> amount_minor ${where}`,
    )
    .all(...(lineIds ?? [])) as BankLine[];
}

export function itemsToMatch(db: Db): OpenItemInput[] {
  return db
    .prepare(
      `SELECT id, external_id AS externalId, kind, party, party_iban AS partyIban, reference, issue_date AS issueDate,
              due_date AS dueDate, open_minor AS openMinor, currency FROM open_items WHERE open_minor > 0`,
    )
    .all() as OpenItemInput[];
}

export function applyMatch(db: Db, m: NewMatch): number {
  return db.transaction(() => {
    const line = db.prepare('SELECT amount_minor, reconciled_minor, currency FROM bank_entries WHERE id = ?').get(m.lineId) as
      | { amount_minor: number; reconciled_minor: number; currency: string }
      | undefined;
    if (!line) throw new PointageError('not_found', `no bank line ${m.lineId}`, 'lineId');
    refuseLocked(db, m.lineId);
    const settled = m.items.reduce((sum, i) => sum + i.amountMinor, 0) + (m.directMinor ?? 0);
    const sign = Math.sign(line.amount_minor);
    const reconciled = sign * (settled - m.writeOffMinor);
    const left = line.amount_minor - line.reconciled_minor;
    if (Math.abs(reconciled) > Math.abs(left) || Math.sign(reconciled) * sign < 0) {
      throw new PointageError('conflict', `the match settles more than is left on bank line ${m.lineId}`, 'items');
    }
    const id = Number(
      db.prepare('INSERT INTO matches (kind, score, reasons_json, writeoff_minor, writeoff_account, created_by) VALUES (?, ?, ?, ?, ?, ?)')
        .run(m.kind, m.score, JSON.stringify(m.reasons), m.writeOffMinor, m.writeOffAccount, m.actor).lastInsertRowid,
    );
    for (const item of m.items) settleItem(db, id, m.lineId, item, line.currency);
    if (m.directMinor) {
      db.prepare('INSERT INTO match_lines (match_id, bank_entry_id, open_item_id, amount_minor) VALUES (?, ?, NULL, ?)').run(id, m.lineId, m.directMinor);
    }
    db.prepare('UPDATE bank_entries SET reconciled_minor = reconciled_minor + ? WHERE id = ?').run(reconciled, m.lineId);
    appendAudit(db, m.actor, 'match.apply', `match:${id}`, { line: m.lineId, items: m.items, writeOff: m.writeOffMinor, kind: m.kind });
    return id;
  })();
}

function settleItem(db: Db, matchId: number, lineId: number, item: { itemId: number; amountMinor: number }, currency: string): void {
  const open = db.prepare('SELECT open_minor, currency FROM open_items WHERE id = ?').get(item.itemId) as { open_minor: number; currency: string } | undefined;
  if (!open) throw new PointageError('not_found', `no open item ${item.itemId}`, 'items');
  if (open.currency !== currency) throw new PointageError('conflict', `open item ${item.itemId} is in ${open.currency}, the bank line in ${currency}`, 'items');
  if (item.amountMinor <= 0 || item.amountMinor > open.open_minor) {
    throw new PointageError('conflict', `open item ${item.itemId} has ${open.open_minor} minor units open, not ${item.amountMinor}`, 'items');
  }
  db.prepare('UPDATE open_items SET open_minor = open_minor - ? WHERE id = ?').run(item.amountMinor, item.itemId);
  db.prepare('INSERT INTO match_lines (match_id, bank_entry_id, open_item_id, amount_minor) VALUES (?, ?, ?, ?)').run(matchId, lineId, item.itemId, item.amountMinor);
}

/** Undoes a match: its items open again by what it settled, its bank line goes back to review. */
export function undoMatch(db: Db, matchId: number, actor: string): void {
  db.transaction(() => {
    const match = db.prepare('SELECT id, writeoff_minor, undone_at FROM matches WHERE id = ?').get(matchId) as { writeoff_minor: number; undone_at: string | null } | undefined;
    if (!match) throw new PointageError('not_found', `no match ${matchId}`, 'matchId');
    if (match.undone_at) throw new PointageError('conflict', `match ${matchId} was already undone`, 'matchId');
    const lines = db.prepare('SELECT bank_entry_id AS lineId, open_item_id AS itemId, amount_minor AS amountMinor FROM match_lines WHERE match_id = ?').all(matchId) as
      { lineId: number; itemId: number | null; amountMinor: number }[];
    const lineId = lines[0]?.lineId;
    if (lineId !== undefined) refuseLocked(db, lineId);
    let settled = 0;
    for (const l of lines) {
      if (l.itemId !== null) db.prepare('UPDATE open_items SET open_minor = open_minor + ? WHERE id = ?').run(l.amountMinor, l.itemId);
      settled += l.amountMinor;
    }
    if (lineId !== undefined) {
      const amount = (db.prepare('SELECT amount_minor FROM bank_entries WHERE id = ?').get(lineId) as { amount_minor: number }).amount_minor;
      db.prepare('UPDATE bank_entries SET reconciled_minor = reconciled_minor - ? WHERE id = ?').run(Math.sign(amount) * (settled - match.writeoff_minor), lineId);
    }
    db.prepare("UPDATE matches SET undone_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), undone_by = ? WHERE id = ?").run(actor, matchId);
    appendAudit(db, actor, 'match.undo', `match:${matchId}`, { line: lineId });
  })();
}

function refuseLocked(db: Db, lineId: number): void {
  const locked = lockedThroughForLine(db, lineId);
  if (locked) throw new PointageError('conflict', `bank line ${lineId} is in a period locked through ${locked}: unlock the account's period first`, 'lineId');
}

/** The newest match still in force, for "undo the last one". */
export function lastActiveMatch(db: Db): number | null {
  return (db.prepare('SELECT id FROM matches WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined)?.id ?? null;
}
