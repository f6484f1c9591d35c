import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, Locale } from '../../../shared/contract/index.js';
import { checkIban } from '../../../shared/iban.js';
import { client } from '../api.js';
import { Amount, Empty, ErrorMessage, Screen } from '../components/common.js';
import { formatDate } from '../format.js';
import { uploadFile } from '../upload.js';
import { toContractError, useCall } from '../useCall.js';

/** Invoices, bills and expected payments: imported from the ERP (CSV, FEC) or typed in. */
export function ItemsScreen({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const [openOnly, setOpenOnly] = useState(true);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<ContractError>();
  const items = useCall(() => client.call('items.list', { openOnly }), [openOnly]);
  const picker = useRef<HTMLInputElement>(null);

  const run = async (work: () => Promise<string>) => {
    setError(undefined);
    try {
      setMessage(await work());
      items.reload();
    } catch (e) {
      setError(toContractError(e));
    }
  };
  const importFile = (file: File | undefined) => file && void run(async () => {
    const summary = await client.call('items.import', { uploadId: await uploadFile(file, () => undefined) });
    return t('items.imported', { inserted: summary.inserted, updated: summary.updated });
  });
  const exportJournal = (format: 'fec' | 'csv') => void run(async () => {
    const journal = await client.call('export.journal', { format });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([journal.content], { type: 'text/plain;charset=utf-8' }));
    link.download = journal.fileName;
    link.click();
    URL.revokeObjectURL(link.href);
    return t('items.exported', { count: journal.entries });
  });

  return (
    <Screen
      title={t('items.title')}
      actions={
        <div className="filters">
          <label><input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} /> {t('items.openOnly')}</label>
          <button onClick={() => picker.current?.click()}>{t('items.import')}</button>
          <input ref={picker} type="file" hidden accept=".csv,.txt" data-testid="items-file" onChange={(e) => (importFile(e.target.files?.[0]), (e.target.value = ''))} />
          <button onClick={() => exportJournal('fec')}>{t('items.exportFec')}</button>
          <button onClick={() => exportJournal('csv')}>{t('items.exportCsv')}</button>
        </div>
      }
    >
      <p className="status-line" role="status" aria-live="polite">{message}</p>
      {error && <ErrorMessage error={error} />}
      <NewItemForm onSaved={(ref) => (setMessage(t('items.saved', { ref })), items.reload())} />
      {items.error && <ErrorMessage error={items.error} onRetry={items.reload} />}
      {items.data?.length === 0 ? <Empty>{t('items.empty')}</Empty> : (
        <table className="grid" data-testid="items-table">
          <thead>
            <tr>
              <th scope="col">{t('items.ref')}</th><th scope="col">{t('items.kind')}</th><th scope="col">{t('items.party')}</th>
              <th scope="col">{t('items.due')}</th><th scope="col" className="num">{t('items.amount')}</th><th scope="col" className="num">{t('items.open')}</th>
            </tr>
          </thead>
          <tbody>
            {items.data?.map((i) => (
              <tr key={i.id} tabIndex={0}>
                <th scope="row">{i.externalId}</th>
                <td>{t(`items.${i.kind}`)}</td>
                <td>{i.party}</td>
                <td>{formatDate(i.dueDate, locale)}</td>
                <td className="num"><Amount amount={i.amount} currency={i.currency} locale={locale} /></td>
                <td className="num"><Amount amount={i.openAmount} currency={i.currency} locale={locale} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Screen>
  );
}

function NewItemForm({ onSaved }: { onSaved: (ref: string) => void }) {
  const { t } = useTranslation();
  const empty = { kind: 'receivable' as 'receivable' | 'payable', party: '', partyIban: '', reference: '', dueDate: '', amount: '', currency: 'EUR' };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<ContractError>();
  const iban = form.partyIban.trim() ? checkIban(form.partyIban) : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const item = await client.call('items.add', {
        kind: form.kind, party: form.party, amount: form.amount.replace(',', '.'), currency: form.currency,
        ...(form.partyIban.trim() ? { partyIban: form.partyIban } : {}), ...(form.reference ? { reference: form.reference } : {}), ...(form.dueDate ? { dueDate: form.dueDate } : {}),
      });
      setForm(empty);
      setError(undefined);
      onSaved(item.externalId);
    } catch (err) {
      setError(toContractError(err));
    }
  };
  const field = (key: keyof typeof form) => ({ value: form[key], onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })) });
  return (
    <form className="card new-item" onSubmit={(e) => void submit(e)} aria-label={t('items.add')}>
      <h2>{t('items.add')}</h2>
      <div className="mapping-grid">
        <label className="field">{t('items.kind')}
          <select {...field('kind')}><option value="receivable">{t('items.receivable')}</option><option value="payable">{t('items.payable')}</option></select>
        </label>
        <label className="field">{t('items.party')}<input required maxLength={200} {...field('party')} /></label>
        <label className="field">{t('items.iban')}
          <input {...field('partyIban')} aria-invalid={iban ? !iban.ok : undefined} aria-describedby="iban-check" />
          <span id="iban-check" className={iban && !iban.ok ? 'field-error' : 'muted'}>{iban && !iban.ok ? iban.message : ''}</span>
        </label>
        <label className="field">{t('items.ref')}<input maxLength={100} {...field('reference')} /></label>
        <label className="field">{t('items.due')}<input type="date" {...field('dueDate')} /></label>
        <label className="field">{t('items.amount')}<input required inputMode="decimal" pattern="\d+([.,]\d{1,3})?" {...field('amount')} /></label>
        <label className="field">{t('items.currency')}<select {...field('currency')}><option>EUR</option><option>DKK</option></select></label>
      </div>
      <button type="submit" disabled={Boolean(iban && !iban.ok)}>{t('items.save')}</button>
      {error && <ErrorMessage error={error} />}
    </form>
  );
}
