// Writing imported statements and batches. The import service (import/statements.ts) decides;
// these functions only hold the SQL.
import type { Db } from './database.js';

export function insertBatch(db: Db, b: { source: 'file' | 'provider' | 'demo'; label: string; sha256: string | null; format: string | null }): number {
  return Number(
    db.prepare('INSERT INTO import_batches (source, label, file_sha256, format) VALUES (?, ?, ?, ?)').run(b.source, b.label, b.sha256, b.format)
      .lastInsertRowid,
  );
}

export function finishBatch(db: Db, id: number, inserted: number, duplicates: number): void {
  db.prepare('UPDATE import_batches SET inserted = ?, duplicates = ? WHERE id = ?').run(inserted, duplicates, id);
}

export interface StatementRowInput {
  accountId: number;
  batchId: number;
  format: string;
  reference: string | null;
  currency: string;
  openingMinor: number | null;
  openingDate: string | null;
  closingMinor: number | null;
  closingDate: string | null;
  entryCount: number;
  entriesMinor: number;
}

/** A statement row under a provisional key; `settleStatement` gives it its final key. */
export function insertProvisionalStatement(db: Db, s: StatementRowInput, provisionalKey: string): number {
  return Number(
    db
      .prepare(
        `INSERT INTO statements (account_id, batch_id, format, reference, statement_key, currency, opening_minor, opening_date,
           closing_minor, closing_date, entry_count, entries_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.accountId, s.batchId, s.format, s.reference, provisionalKey, s.currency, s.openingMinor, s.openingDate, s.closingMinor,
        s.closingDate, s.entryCount, s.entriesMinor).lastInsertRowid,
  );
}

/**
 * Gives a statement its final key. When the same statement was imported before, the new
 * row is dropped and its (new) entries move to the old one. Returns the statement's id.
 */
export function settleStatement(db: Db, id: number, key: string, s: StatementRowInput): { id: number; known: boolean } {
  const old = db.prepare('SELECT id FROM statements WHERE account_id = ? AND statement_key = ?').get(s.accountId, key) as { id: number } | undefined;
  if (old) {
    db.prepare('UPDATE bank_entries SET statement_id = ? WHERE statement_id = ?').run(old.id, id);
    db.prepare('DELETE FROM statements WHERE id = ?').run(id);
    return { id: old.id, known: true };
  }
  db.prepare(
    `UPDATE statements SET statement_key = ?, reference = ?, opening_minor = ?, opening_date = ?, closing_minor = ?, closing_date = ?,
       entry_count = ?, entries_minor = ? WHERE id = ?`,
  ).run(key, s.reference, s.openingMinor, s.openingDate, s.closingMinor, s.closingDate, s.entryCount, s.entriesMinor, id);
  return { id, known: false };
}
