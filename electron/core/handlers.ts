// The core's implementation of every contract operation. Inputs arrive already validated by
// the dispatcher; handlers hold no SQL (that lives in ledger/) and no transport.
import type { OperationName, Output, ParsedInput } from '../../shared/contract/index.js';
import type { Core } from './core.js';
import { addLedgerAccount, createFromSeen, linkSeenAccount, lockAccount, unlinkedAccounts } from './accounts/accounts.js';
import * as reconciliation from './reconcile/handlers.js';
import * as items from './items/service.js';
import { listAccounts } from './ledger/accounts.js';
import { listAudit } from './ledger/audit.js';
import { queryEntries } from './ledger/entries.js';
import { listOpenItems } from './ledger/items.js';
import { listConnections, listDossiers, listPayments } from './ledger/lists.js';
import { listStatements } from './ledger/statements.js';

export type Handlers = {
  [K in OperationName]: (input: ParsedInput<K>) => Promise<Output<K>> | Output<K>;
};

export function createHandlers(core: Core): Handlers {
  return {
    'app.info': () => ({ version: core.version, mode: core.mode }),

    'company.state': () => core.companyState(),
    'company.openDemo': () => core.openDemo(),
    'company.create': ({ name }) => core.createCompany(name),
    'company.open': ({ id }) => core.openCompany(id),

    'accounts.list': () => listAccounts(core.ledger),
    'accounts.add': (input) => addLedgerAccount(core.ledger, input, 'user'),
    'accounts.unlinked': () => unlinkedAccounts(core.ledger),
    'accounts.link': ({ seenId, accountId }) => linkSeenAccount(core.ledger, seenId, accountId, 'user'),
    'accounts.createFromSeen': ({ seenId, ...input }) => createFromSeen(core.ledger, seenId, input, 'user'),
    'accounts.lock': ({ accountId, through }) => lockAccount(core.ledger, accountId, through, 'user'),
    'statements.list': ({ accountId }) => listStatements(core.ledger, accountId),
    'entries.list': (query) => queryEntries(core.ledger, query),
    'items.list': ({ openOnly }) => listOpenItems(core.ledger, openOnly),
    'items.add': (input) => items.addItem(core, input),
    'items.import': (input) => items.importItems(core, input),
    'export.journal': (input) => items.exportJournal(core, input),
    'payments.list': () => listPayments(core.ledger),
    'connections.list': () => listConnections(core.ledger),
    'financing.list': () => listDossiers(core.ledger),
    'audit.list': ({ limit }) => listAudit(core.ledger, limit),

    'uploads.begin': ({ name }) => ({ uploadId: core.imports.uploads.begin(name) }),
    'uploads.append': ({ uploadId, data }) => ({ bytes: core.imports.uploads.append(uploadId, data) }),
    'uploads.discard': ({ uploadId }) => (core.imports.uploads.discard(uploadId), {}),
    'import.inspect': ({ uploadId, format, csvMapping }) => core.imports.inspect(uploadId, format, csvMapping),
    'import.csvPreview': ({ uploadId, mapping }) => core.imports.csvPreview(uploadId, mapping),
    'import.run': ({ uploadId, ...options }) => core.imports.run(uploadId, options),
    'jobs.cancel': ({ jobId }) => ({ cancelled: core.imports.cancel(jobId) }),

    'reconcile.proposals': (input) => reconciliation.proposals(core, input),
    'reconcile.accept': (input) => reconciliation.accept(core, input),
    'reconcile.undo': (input) => reconciliation.undoLast(core, input),
    'reconcile.run': (input) => reconciliation.run(core, input),
    'reconcile.assign': (input) => reconciliation.assign(core, input),
    'reconcile.ruleFor': (input) => reconciliation.ruleFor(core, input),
    'rules.list': () => reconciliation.rules(core),
    'rules.add': (input) => reconciliation.addRule(core, input),
    'rules.delete': (input) => reconciliation.forgetRule(core, input),

    'settings.get': () => ({ locale: core.settings.get('locale') }),
    'settings.update': (changes) => {
      if (changes.locale !== undefined) core.settings.set('locale', changes.locale);
      return { locale: core.settings.get('locale') };
    },
    'vault.status': () => core.vault.status(),
    'vault.unlock': ({ passphrase }) => {
      core.unlockVault(passphrase);
      return core.vault.status();
    },
  };
}
