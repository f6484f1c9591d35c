// Ledger schema, version 1. Migrations are numbered, forward-only and never edited once
// released: a change to the schema is a new file.
export default `
CREATE TABLE company (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE ledger_accounts (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  gl_account  TEXT,
  iban        TEXT UNIQUE,           -- normalized electronic form, no spaces
  dk_account  TEXT UNIQUE,           -- Danish registration + account number, "REG-ACCOUNT"
  number      TEXT,                  -- another account number a statement identifies it by
  bic         TEXT,
  currency    TEXT NOT NULL CHECK (length(currency) = 3),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE connections (
  id            INTEGER PRIMARY KEY,
  provider      TEXT NOT NULL,
  label         TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'new',
  config_json   TEXT NOT NULL DEFAULT '{}',  -- never a secret: secrets live in the vault
  secret_name   TEXT,
  sync_cursor   TEXT,
  last_sync_at  TEXT,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE import_batches (
  id             INTEGER PRIMARY KEY,
  source         TEXT NOT NULL CHECK (source IN ('file', 'provider', 'demo')),
  label          TEXT NOT NULL,
  file_sha256    TEXT,
  format         TEXT,
  connection_id  INTEGER REFERENCES connections(id),
  inserted       INTEGER NOT NULL DEFAULT 0,
  duplicates     INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE statements (
  id             INTEGER PRIMARY KEY,
  account_id     INTEGER NOT NULL REFERENCES ledger_accounts(id),
  batch_id       INTEGER NOT NULL REFERENCES import_batches(id),
  format         TEXT NOT NULL,
  reference      TEXT,
  statement_key  TEXT NOT NULL,          -- identifies the same statement when imported again
  currency       TEXT NOT NULL,
  opening_minor  INTEGER,
  opening_date   TEXT,
  closing_minor  INTEGER,
  closing_date   TEXT,
  entry_count    INTEGER NOT NULL DEFAULT 0,
  entries_minor  INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, statement_key)
);

CREATE TABLE bank_entries (
  id                 INTEGER PRIMARY KEY,
  account_id         INTEGER NOT NULL REFERENCES ledger_accounts(id),
  statement_id       INTEGER REFERENCES statements(id),
  batch_id           INTEGER NOT NULL REFERENCES import_batches(id),
  booking_date       TEXT NOT NULL,
  value_date         TEXT,
  amount_minor       INTEGER NOT NULL,
  currency           TEXT NOT NULL,
  description        TEXT NOT NULL DEFAULT '',
  counterparty_name  TEXT,
  counterparty_iban  TEXT,
  reference          TEXT,
  end_to_end_id      TEXT,
  bank_reference     TEXT,
  pending            INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1)),
  details_json       TEXT,
  -- Dedup key: the line's content plus its occurrence number within its source, so that an
  -- overlapping re-import adds nothing while two identical lines of one statement both survive.
  import_key         TEXT NOT NULL,
  reconciled_minor   INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, import_key)
);
CREATE INDEX bank_entries_by_account_date ON bank_entries(account_id, booking_date);
CREATE INDEX bank_entries_by_date ON bank_entries(booking_date);

CREATE TABLE open_items (
  id             INTEGER PRIMARY KEY,
  external_id    TEXT NOT NULL UNIQUE,
  kind           TEXT NOT NULL CHECK (kind IN ('receivable', 'payable')),
  party          TEXT NOT NULL,
  party_iban     TEXT,
  reference      TEXT,
  issue_date     TEXT,
  due_date       TEXT,
  amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
  open_minor     INTEGER NOT NULL CHECK (open_minor >= 0),
  currency       TEXT NOT NULL,
  source         TEXT NOT NULL DEFAULT 'manual',
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX open_items_open ON open_items(open_minor) WHERE open_minor > 0;

CREATE TABLE matches (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('auto', 'manual', 'rule')),
  score            INTEGER,
  reasons_json     TEXT NOT NULL DEFAULT '[]',
  writeoff_minor   INTEGER NOT NULL DEFAULT 0,
  writeoff_account TEXT,
  created_by       TEXT NOT NULL,
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  undone_by        TEXT,
  undone_at        TEXT
);

CREATE TABLE match_lines (
  match_id       INTEGER NOT NULL REFERENCES matches(id),
  bank_entry_id  INTEGER NOT NULL REFERENCES bank_entries(id),
  open_item_id   INTEGER REFERENCES open_items(id),
  amount_minor   INTEGER NOT NULL
);
CREATE INDEX match_lines_by_entry ON match_lines(bank_entry_id);
CREATE INDEX match_lines_by_item ON match_lines(open_item_id);

CREATE TABLE payments (
  id                   INTEGER PRIMARY KEY,
  account_id           INTEGER REFERENCES ledger_accounts(id),
  status               TEXT NOT NULL CHECK (status IN
                         ('draft', 'approved', 'signed', 'sent', 'accepted', 'rejected', 'executed', 'matched', 'cancelled')),
  creditor_name        TEXT NOT NULL,
  creditor_iban        TEXT NOT NULL,
  amount_minor         INTEGER NOT NULL CHECK (amount_minor > 0),
  currency             TEXT NOT NULL,
  requested_date       TEXT,
  reference            TEXT,
  end_to_end_id        TEXT UNIQUE,
  request_id           TEXT UNIQUE,      -- stored before the request is sent: a payment is sent once
  provider             TEXT,
  provider_payment_id  TEXT,
  bank_entry_id        INTEGER REFERENCES bank_entries(id),
  created_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE financing_dossiers (
  id            INTEGER PRIMARY KEY,
  partner       TEXT NOT NULL,
  status        TEXT NOT NULL,
  amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
  currency      TEXT NOT NULL,
  payload_json  TEXT NOT NULL DEFAULT '{}',
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Who or what changed what. Append-only: the triggers refuse any change to a written record.
CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY,
  at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  actor         TEXT NOT NULL,
  action        TEXT NOT NULL,
  subject       TEXT,
  details_json  TEXT
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;
