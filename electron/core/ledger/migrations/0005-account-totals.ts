// Schema version 5: each account's line count, lines to review and sum of amounts, so that the
// accounts screen and the review queue's first count read a few rows instead of a million
// (accounts.list took some 170 ms at one million lines, even from the covering index
// bank_entries_account_totals, and the one read connection answers one call at a time).
//
// One row per account and pending flag: the accounts' balances count booked lines only, the
// review queue counts pending lines too. "To review" is reconciled_minor <> amount_minor, the
// same term as the review queue's status filter and the partial indexes of migration 0002.
// The last booking date is not kept here: the index bank_entries_account_totals gives it in one seek.
//
// account_totals holds the lines up to account_totals_state.counted_to. Updates and deletes of
// those lines reach it at once, by trigger, in the change's own transaction (a match, an undo, a
// pending line replaced by its booked twin). New lines are not counted by a trigger: a trigger
// makes every inserted line a statement of its own with its journal, which made inserting lines
// three times slower when tried. Readers add up the lines above counted_to from the primary key, and they are
// counted in bulk after the import's commit, with the search index (ledger/entry-totals.ts).
// Deleting the newest line lowers counted_to, as SQLite gives its id to the next line.
export default `
CREATE TABLE account_totals (
  account_id          INTEGER NOT NULL,
  pending             INTEGER NOT NULL,
  entry_count         INTEGER NOT NULL DEFAULT 0,
  unreconciled_count  INTEGER NOT NULL DEFAULT 0,
  amount_minor        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, pending)
) WITHOUT ROWID;

CREATE TABLE account_totals_state (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  counted_to  INTEGER NOT NULL
);

INSERT INTO account_totals (account_id, pending, entry_count, unreconciled_count, amount_minor)
  SELECT account_id, pending, COUNT(*), SUM(reconciled_minor <> amount_minor), SUM(amount_minor)
  FROM bank_entries GROUP BY account_id, pending;
INSERT INTO account_totals_state (id, counted_to) SELECT 1, COALESCE(MAX(id), 0) FROM bank_entries;

CREATE TRIGGER bank_entries_totals_delete AFTER DELETE ON bank_entries BEGIN
  UPDATE account_totals SET
    entry_count = entry_count - 1,
    unreconciled_count = unreconciled_count - (old.reconciled_minor <> old.amount_minor),
    amount_minor = amount_minor - old.amount_minor
  WHERE account_id = old.account_id AND pending = old.pending
    AND old.id <= (SELECT counted_to FROM account_totals_state);
  UPDATE account_totals_state SET counted_to = (SELECT COALESCE(MAX(id), 0) FROM bank_entries)
  WHERE counted_to > (SELECT COALESCE(MAX(id), 0) FROM bank_entries);
END;

-- A match or its undo: the line stays in its account. A partial match changes reconciled_minor
-- without changing what is to review, and does nothing here.
CREATE TRIGGER bank_entries_totals_reconcile AFTER UPDATE OF amount_minor, reconciled_minor ON bank_entries
WHEN old.account_id = new.account_id AND old.pending = new.pending
  AND (old.amount_minor <> new.amount_minor OR (old.reconciled_minor <> old.amount_minor) <> (new.reconciled_minor <> new.amount_minor))
BEGIN
  UPDATE account_totals SET
    unreconciled_count = unreconciled_count + (new.reconciled_minor <> new.amount_minor) - (old.reconciled_minor <> old.amount_minor),
    amount_minor = amount_minor + new.amount_minor - old.amount_minor
  WHERE account_id = new.account_id AND pending = new.pending
    AND new.id <= (SELECT counted_to FROM account_totals_state);
END;

-- A line moved to another account, or booked (no longer pending). Lines keep their id.
CREATE TRIGGER bank_entries_totals_move AFTER UPDATE OF account_id, pending ON bank_entries
WHEN old.account_id <> new.account_id OR old.pending <> new.pending
BEGIN
  UPDATE account_totals SET
    entry_count = entry_count - 1,
    unreconciled_count = unreconciled_count - (old.reconciled_minor <> old.amount_minor),
    amount_minor = amount_minor - old.amount_minor
  WHERE account_id = old.account_id AND pending = old.pending
    AND old.id <= (SELECT counted_to FROM account_totals_state);
  INSERT INTO account_totals (account_id, pending, entry_count, unreconciled_count, amount_minor)
  SELECT new.account_id, new.pending, 1, new.reconciled_minor <> new.amount_minor, new.amount_minor
  FROM account_totals_state WHERE new.id <= counted_to
  ON CONFLICT (account_id, pending) DO UPDATE SET
    entry_count = entry_count + 1,
    unreconciled_count = unreconciled_count + excluded.unreconciled_count,
    amount_minor = amount_minor + excluded.amount_minor;
END;
`;
