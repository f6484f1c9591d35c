// An open item as the company's books see it next to what Pointage's own matches settled.
// The FEC import (import/fec.ts) decides the open amount; these functions only hold the SQL.
import type { Db } from './database.js';

export interface ItemSettlement {
  id: number;
  amountMinor: number;
  openMinor: number;
  /** What active (not undone) matches settled on the item. */
  matchedMinor: number;
}

export function itemSettlement(db: Db, externalId: string): ItemSettlement | undefined {
  return db
    .prepare(
      `SELECT i.id, i.amount_minor AS amountMinor, i.open_minor AS openMinor,
              COALESCE((SELECT SUM(ml.amount_minor) FROM match_lines ml JOIN matches m ON m.id = ml.match_id
                         WHERE ml.open_item_id = i.id AND m.undone_at IS NULL), 0) AS matchedMinor
         FROM open_items i WHERE i.external_id = ?`,
    )
    .get(externalId) as ItemSettlement | undefined;
}

export function setOpenAmount(db: Db, id: number, openMinor: number): void {
  db.prepare(`UPDATE open_items SET open_minor = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(openMinor, id);
}
