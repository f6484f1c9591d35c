import type { Db } from './database.js';

/** The next id for an item typed in by hand: MAN-1, MAN-2, ... */
export function nextManualItemId(db: Db): string {
  const row = db.prepare("SELECT MAX(CAST(substr(external_id, 5) AS INTEGER)) AS n FROM open_items WHERE external_id LIKE 'MAN-%'").get() as { n: number | null };
  return `MAN-${(row.n ?? 0) + 1}`;
}
