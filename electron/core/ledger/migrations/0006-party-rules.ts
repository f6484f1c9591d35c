// Schema version 6: a rule may send a line to a party (its open items become the line's
// candidates) instead of, or as well as, a general-ledger account. SQLite cannot relax a NOT NULL
// column in place: the table is rebuilt with its rows.
export default `
CREATE TABLE rules_new (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('text', 'iban')),
  pattern     TEXT NOT NULL,
  gl_account  TEXT,
  party       TEXT,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (kind, pattern),
  CHECK (gl_account IS NOT NULL OR party IS NOT NULL)
);
INSERT INTO rules_new (id, kind, pattern, gl_account, party, created_by, created_at)
  SELECT id, kind, pattern, gl_account, party, created_by, created_at FROM rules;
DROP TABLE rules;
ALTER TABLE rules_new RENAME TO rules;
`;
