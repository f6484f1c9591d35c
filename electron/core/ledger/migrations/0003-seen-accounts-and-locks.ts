// Schema version 3: bank accounts seen in statement files that no ledger account matches yet
// (shown on the Accounts screen to link or create), and periods locked once reconciled.
export default `
CREATE TABLE seen_accounts (
  id          INTEGER PRIMARY KEY,
  iban        TEXT UNIQUE,
  number      TEXT,
  name        TEXT,
  bic         TEXT,
  currency    TEXT,
  source      TEXT NOT NULL,
  seen_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (iban IS NOT NULL OR number IS NOT NULL)
);
CREATE UNIQUE INDEX seen_accounts_by_number ON seen_accounts(number) WHERE iban IS NULL;

-- Reconciliation of this account's lines booked on or before this date can no longer change.
ALTER TABLE ledger_accounts ADD COLUMN locked_through TEXT;
`;
