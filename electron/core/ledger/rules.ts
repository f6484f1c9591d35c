// The bookkeeper's rules: text contains / counterparty IBAN -> GL account, or party, or both.
import type { Db } from './database.js';

export interface Rule {
  id: number;
  kind: 'text' | 'iban';
  pattern: string;
  glAccount: string | null;
  party: string | null;
}

export function insertRule(db: Db, r: Omit<Rule, 'id'>, actor: string): number {
  const found = db.prepare('SELECT id FROM rules WHERE kind = ? AND pattern = ?').get(r.kind, r.pattern) as { id: number } | undefined;
  if (found) {
    // One rule per pattern: a new account or party joins what the rule already says.
    db.prepare('UPDATE rules SET gl_account = COALESCE(?, gl_account), party = COALESCE(?, party) WHERE id = ?').run(r.glAccount, r.party, found.id);
    return found.id;
  }
  return Number(db.prepare('INSERT INTO rules (kind, pattern, gl_account, party, created_by) VALUES (?, ?, ?, ?, ?)').run(r.kind, r.pattern, r.glAccount, r.party, actor).lastInsertRowid);
}

export function listRules(db: Db): Rule[] {
  return db.prepare('SELECT id, kind, pattern, gl_account AS glAccount, party FROM rules ORDER BY id').all() as Rule[];
}

export function deleteRule(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM rules WHERE id = ?').run(id).changes === 1;
}
