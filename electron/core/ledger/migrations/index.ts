// Numbered migrations, applied in order once each and recorded in schema_migrations.
import initial from './0001-initial.js';
import entrySearch from './0002-entry-search.js';
import seenAccountsAndLocks from './0003-seen-accounts-and-locks.js';
import rules from './0004-rules.js';
import accountTotals from './0005-account-totals.js';
import partyRules from './0006-party-rules.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'entry-search', sql: entrySearch },
  { version: 3, name: 'seen-accounts-and-locks', sql: seenAccountsAndLocks },
  { version: 4, name: 'rules', sql: rules },
  { version: 5, name: 'account-totals', sql: accountTotals },
  { version: 6, name: 'party-rules', sql: partyRules },
];
