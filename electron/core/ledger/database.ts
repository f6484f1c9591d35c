// Opening a ledger file: WAL, foreign keys, migrations. One connection writes; a second,
// read-only connection serves queries, so a long read never waits on a write (WAL readers).
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { WriteLock } from './write-lock.js';

export type Db = Database.Database;

export interface Ledger {
  readonly file: string;
  /** The only connection that writes. */
  readonly write: Db;
  /** Read-only connection for queries. */
  readonly read: Db;
  /** Every write goes through this lock (see write-lock.ts). */
  readonly writeLock: WriteLock;
  close(): void;
}

function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Statement journals of triggers and temporary sort tables stay in memory, not in temp files.
  db.pragma('temp_store = MEMORY');
}

export function openLedger(file: string, migrations: readonly Migration[] = MIGRATIONS): Ledger {
  const write = new Database(file);
  configure(write);
  migrate(write, migrations);
  const read = new Database(file, { readonly: true, fileMustExist: true });
  read.pragma('busy_timeout = 5000');
  return {
    file,
    write,
    read,
    writeLock: new WriteLock(),
    close() {
      read.close();
      write.close();
    },
  };
}

export function migrate(db: Db, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`);
  const done = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const newest = Math.max(0, ...done);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new Error(`this ledger was written by a newer Pointage (schema ${newest}, this version knows ${known})`);
  }
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)').run(m.version, m.name);
    })();
    applied.push(m.version);
  }
  return applied;
}
