import type { AuditRecord } from '../../../shared/contract/index.js';
import type { Db, Ledger } from './database.js';

/** Who did it: 'user', 'demo', 'import', 'rule:<id>', 'engine'... */
export type Actor = string;

export function appendAudit(db: Db, actor: Actor, action: string, subject: string | null, details?: unknown): void {
  db.prepare('INSERT INTO audit_log (actor, action, subject, details_json) VALUES (?, ?, ?, ?)').run(
    actor,
    action,
    subject,
    details === undefined ? null : JSON.stringify(details),
  );
}

export function listAudit(ledger: Ledger, limit: number): AuditRecord[] {
  return ledger.read
    .prepare('SELECT id, at, actor, action, subject, details_json AS details FROM audit_log ORDER BY id DESC LIMIT ?')
    .all(limit) as AuditRecord[];
}
