// Schema version 4: rules the bookkeeper taught. A line whose text contains a pattern, or whose
// counterparty IBAN is a given one, goes to a general-ledger account (and, optionally, a party).
export default `
CREATE TABLE rules (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('text', 'iban')),
  pattern     TEXT NOT NULL,
  gl_account  TEXT NOT NULL,
  party       TEXT,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (kind, pattern)
);
`;
