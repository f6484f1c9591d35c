import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../../test/helpers/temp.js';
import { openLedger } from './database.js';
import { MIGRATIONS } from './migrations/index.js';
import { appendAudit } from './audit.js';

const temp = tempDirs();

describe('ledger database', () => {
  it('applies numbered migrations once and records them', () => {
    const file = path.join(temp(), 'l.sqlite');
    const ledger = openLedger(file);
    const applied = ledger.read.prepare('SELECT version, name FROM schema_migrations').all();
    expect(applied).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    ledger.close();
    const again = openLedger(file);
    expect(again.read.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    again.close();
  });

  it('runs in WAL mode with foreign keys enforced', () => {
    const ledger = openLedger(path.join(temp(), 'l.sqlite'));
    expect(ledger.write.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ledger.write.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() =>
      ledger.write.prepare("INSERT INTO statements (account_id, batch_id, format, statement_key, currency) VALUES (99, 99, 'mt940', 'k', 'EUR')").run(),
    ).toThrow(/FOREIGN KEY/);
    ledger.close();
  });

  it('refuses a ledger written by a newer version', () => {
    const file = path.join(temp(), 'l.sqlite');
    openLedger(file, [...MIGRATIONS, { version: 999, name: 'future', sql: 'SELECT 1' }]).close();
    expect(() => openLedger(file)).toThrow(/newer Pointage \(schema 999/);
  });

  it('keeps the audit log append-only', () => {
    const ledger = openLedger(path.join(temp(), 'l.sqlite'));
    appendAudit(ledger.write, 'user', 'test.action', 'x:1', { a: 1 });
    expect(() => ledger.write.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => ledger.write.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(ledger.read.prepare('SELECT actor, action FROM audit_log').all()).toEqual([{ actor: 'user', action: 'test.action' }]);
    ledger.close();
  });

  it('stores money as integers: the schema has no REAL amount column', () => {
    const ledger = openLedger(path.join(temp(), 'l.sqlite'));
    const tables = ledger.read.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    for (const { name } of tables) {
      const columns = ledger.read.prepare(`PRAGMA table_info(${name})`).all() as { name: string; type: string }[];
      for (const c of columns.filter((c) => /minor/.test(c.name))) expect(`${name}.${c.name}:${c.type}`).toMatch(/:INTEGER$/);
      expect(columns.filter((c) => c.type === 'REAL')).toEqual([]);
    }
    ledger.close();
  });
});
