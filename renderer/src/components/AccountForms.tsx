import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, LedgerAccount, UnlinkedAccount } from '../../../shared/contract/index.js';
import { checkDanishAccount, checkIban, formatIban } from '../../../shared/iban.js';
import { client } from '../api.js';
import { toContractError, useCall } from '../useCall.js';
import { ErrorMessage } from './common.js';

/** A bank account added by hand: IBAN (or Danish reg + account) checked as it is typed. */
export function AddAccountForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ name: '', id: '', gl: '', currency: 'EUR' });
  const [error, setError] = useState<ContractError>();
  const danish = /^\s*\d{4}[\s-]/.test(form.id);
  const check = form.id.trim() ? (danish ? checkDanishAccount(form.id) : checkIban(form.id)) : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await client.call('accounts.add', {
        name: form.name, currency: form.currency, ...(danish ? { dkAccount: form.id } : { iban: form.id }), ...(form.gl ? { glAccount: form.gl } : {}),
      });
      setForm({ name: '', id: '', gl: '', currency: 'EUR' });
      setError(undefined);
      onAdded();
    } catch (err) {
      setError(toContractError(err));
    }
  };
  const set = (key: keyof typeof form) => ({ value: form[key], onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })) });
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-label={t('accounts.add')}>
      <h2>{t('accounts.add')}</h2>
      <div className="mapping-grid">
        <label className="field">{t('accounts.name')}<input required maxLength={120} {...set('name')} /></label>
        <label className="field">{t('accounts.ibanOrDk')}
          <input {...set('id')} required aria-invalid={check ? !check.ok : undefined} aria-describedby="account-check" />
          <span id="account-check" className={check && !check.ok ? 'field-error' : 'muted'}>
            {check ? (check.ok ? ('iban' in check ? formatIban(check.iban) : '') : check.message) : ''}
          </span>
        </label>
        <label className="field">{t('accounts.gl')}<input inputMode="numeric" pattern="\d{3,10}" placeholder="512100" {...set('gl')} /></label>
        <label className="field">{t('items.currency')}<select {...set('currency')}><option>EUR</option><option>DKK</option></select></label>
      </div>
      <button type="submit" disabled={!check?.ok}>{t('accounts.addButton')}</button>
      {error && <ErrorMessage error={error} />}
    </form>
  );
}

/** Bank accounts seen in statements that no ledger account matches: link or create in one click. */
export function UnlinkedAccounts({ accounts, onChange }: { accounts: LedgerAccount[]; onChange: () => void }) {
  const { t } = useTranslation();
  const unlinked = useCall(() => client.call('accounts.unlinked', {}), [accounts.length]);
  const [error, setError] = useState<ContractError>();
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setError(undefined);
      unlinked.reload();
      onChange();
    } catch (err) {
      setError(toContractError(err));
    }
  };
  if (!unlinked.data?.length) return null;
  return (
    <section aria-label={t('accounts.unlinked')} data-testid="unlinked">
      <h2>{t('accounts.unlinked')}</h2>
      {error && <ErrorMessage error={error} />}
      <ul className="plain">
        {unlinked.data.map((u: UnlinkedAccount) => (
          <li key={u.id} className="row">
            <span className="badge warn">{u.iban ? formatIban(u.iban) : u.number}</span>
            <span>{u.name ?? ''} {u.currency ? `(${u.currency})` : ''}</span>
            {u.suggestedAccountId !== null && (
              <button onClick={() => void act(() => client.call('accounts.link', { seenId: u.id, accountId: u.suggestedAccountId! }))}>
                {t('accounts.linkTo', { account: u.suggestedAccountName })}
              </button>
            )}
            <button onClick={() => void act(() => client.call('accounts.createFromSeen', { seenId: u.id }))}>{t('accounts.create')}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
