import type { Db } from './database.js';

export function getCompanyValue(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM company WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setCompanyValue(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO company (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
