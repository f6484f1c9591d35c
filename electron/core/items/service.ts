// Open items typed in by hand, imported from files, and the journal handed back to the ERP.
import { PointageError } from '../../../shared/contract/errors.js';
import type { OpenItem, Output, ParsedInput } from '../../../shared/contract/index.js';
import { toMinor } from '../../../shared/money.js';
import { normalizeIban } from '../accounts/identify.js';
import type { Core } from '../core.js';
import { journalEntries, toCsv, toFec } from '../export/journal.js';
import { importOpenItems } from '../import/open-items.js';
import { appendAudit } from '../ledger/audit.js';
import { listOpenItems, upsertOpenItem } from '../ledger/items.js';
import { nextManualItemId } from '../ledger/items-manual.js';

export async function addItem(core: Core, input: ParsedInput<'items.add'>): Promise<OpenItem> {
  const ledger = core.ledger;
  const externalId = await ledger.writeLock.run(() =>
    ledger.write.transaction(() => {
      const id = nextManualItemId(ledger.write);
      upsertOpenItem(ledger.write, {
        externalId: id, kind: input.kind, party: input.party, partyIban: normalizeIban(input.partyIban), reference: input.reference || null,
        issueDate: input.issueDate ?? null, dueDate: input.dueDate ?? null, amountMinor: toMinor(input.amount, input.currency), currency: input.currency, source: 'manual',
      });
      appendAudit(ledger.write, 'user', 'items.add', `item:${id}`, { party: input.party, amount: input.amount, currency: input.currency });
      return id;
    })(),
  );
  const item = listOpenItems(ledger, false).find((i) => i.externalId === externalId);
  if (!item) throw new PointageError('internal', `item ${externalId} was not saved`);
  return item;
}

export async function importItems(core: Core, { uploadId }: ParsedInput<'items.import'>): Promise<Output<'items.import'>> {
  const { file, name } = core.imports.uploads.get(uploadId);
  const summary = await importOpenItems(core.ledger, file, 'user', name);
  core.imports.uploads.discard(uploadId);
  return summary;
}

export function exportJournal(core: Core, { format, from, to }: ParsedInput<'export.journal'>): Output<'export.journal'> {
  const entries = journalEntries(core.ledger, { from, to });
  const period = [from, to].filter(Boolean).join('_') || new Date().toISOString().slice(0, 10);
  return { fileName: `pointage-journal-${period}.${format === 'fec' ? 'txt' : 'csv'}`, content: format === 'fec' ? toFec(entries) : toCsv(entries), entries: entries.length };
}
