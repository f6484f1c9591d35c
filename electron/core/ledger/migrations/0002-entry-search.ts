// Schema version 2: the review queue's filters and text search on large ledgers.
//
// bank_entry_search is a contentless FTS5 table (trigram tokenizer: substring search, case- and
// accent-insensitive) over description, counterparty name and reference. Its rowid is not the
// entry id but a key that sorts like (booking_date, id):
//   days since 1970-01-01 * 2^32 + id      (below 2^53, so exact as a JavaScript number)
// so a text search walks its matches newest first and stops after one page, instead of sorting
// every match. The entry id is key & 0xFFFFFFFF.
//
// New lines are not indexed by a trigger: FTS5 writes its pending terms out at every statement
// savepoint, and a trigger makes each inserted line one, which made imports ten times slower.
// The lines above bank_entry_search_state.indexed_to are indexed in bulk afterwards, outside
// the import's transaction (ledger/entry-index.ts), with the lines whose text was edited
// (bank_entry_search_queue). Deleting the newest line lowers indexed_to, as SQLite gives its id
// to the next line. Deletes reach the index at once.
export default `
CREATE VIRTUAL TABLE bank_entry_search USING fts5(
  description, counterparty_name, reference,
  content = '', contentless_delete = 1,
  tokenize = 'trigram remove_diacritics 1'
);

CREATE TABLE bank_entry_search_state (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_to  INTEGER NOT NULL
);
CREATE TABLE bank_entry_search_queue (id INTEGER PRIMARY KEY);

INSERT INTO bank_entry_search (rowid, description, counterparty_name, reference)
  SELECT COALESCE(unixepoch(booking_date) / 86400, 0) * 4294967296 + id AS key,
         description, counterparty_name, reference
  FROM bank_entries ORDER BY key;
INSERT INTO bank_entry_search_state (id, indexed_to) SELECT 1, COALESCE(MAX(id), 0) FROM bank_entries;

CREATE TRIGGER bank_entries_search_delete AFTER DELETE ON bank_entries BEGIN
  DELETE FROM bank_entry_search
  WHERE rowid = COALESCE(unixepoch(old.booking_date) / 86400, 0) * 4294967296 + old.id;
  DELETE FROM bank_entry_search_queue WHERE id = old.id;
  UPDATE bank_entry_search_state SET indexed_to = (SELECT COALESCE(MAX(id), 0) FROM bank_entries)
  WHERE indexed_to > (SELECT COALESCE(MAX(id), 0) FROM bank_entries);
END;

CREATE TRIGGER bank_entries_search_update
AFTER UPDATE OF id, booking_date, description, counterparty_name, reference ON bank_entries BEGIN
  DELETE FROM bank_entry_search
  WHERE rowid = COALESCE(unixepoch(old.booking_date) / 86400, 0) * 4294967296 + old.id;
  DELETE FROM bank_entry_search_queue WHERE id = old.id;
  INSERT OR IGNORE INTO bank_entry_search_queue (id)
    SELECT new.id FROM bank_entry_search_state WHERE new.id <= indexed_to;
END;

-- The review queue by status (open: not fully reconciled), newest first, overall and per account.
CREATE INDEX bank_entries_open_by_date ON bank_entries(booking_date)
  WHERE reconciled_minor <> amount_minor;
CREATE INDEX bank_entries_open_by_account_date ON bank_entries(account_id, booking_date)
  WHERE reconciled_minor <> amount_minor;
CREATE INDEX bank_entries_done_by_date ON bank_entries(booking_date)
  WHERE reconciled_minor = amount_minor;
CREATE INDEX bank_entries_done_by_account_date ON bank_entries(account_id, booking_date)
  WHERE reconciled_minor = amount_minor;
-- Amount filters compare minor units, which mean something only within one currency.
CREATE INDEX bank_entries_by_amount ON bank_entries(currency, amount_minor);
-- The accounts' balances and counts, read from the index alone.
CREATE INDEX bank_entries_account_totals ON bank_entries(account_id, pending, booking_date, amount_minor, reconciled_minor);
`;
