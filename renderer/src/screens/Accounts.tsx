import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerAccount, Locale } from '../../../shared/contract/index.js';
import { AddAccountForm, UnlinkedAccounts } from '../components/AccountForms.js';
import { client } from '../api.js';
import { Amount, Empty, ErrorMessage, Screen } from '../components/common.js';
import { formatDate } from '../format.js';
import { useCall } from '../useCall.js';

export function AccountsScreen({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const accounts = useCall(() => client.call('accounts.list', {}), []);
  const [selected, setSelected] = useState<number>();
  if (accounts.error) return <ErrorMessage error={accounts.error} onRetry={accounts.reload} />;
  const rows = accounts.data ?? [];
  const current = selected ?? rows[0]?.id;
  return (
    <Screen title={t('accounts.title')}>
      <UnlinkedAccounts accounts={rows} onChange={accounts.reload} />
      {rows.length === 0 && !accounts.loading ? (
        <Empty>{t('accounts.empty')}</Empty>
      ) : (
        <table className="grid" data-testid="accounts-table">
          <thead>
            <tr>
              <th scope="col">{t('accounts.name')}</th>
              <th scope="col">{t('accounts.gl')}</th>
              <th scope="col">{t('accounts.iban')}</th>
              <th scope="col" className="num">{t('accounts.entries')}</th>
              <th scope="col" className="num">{t('accounts.toReview')}</th>
              <th scope="col">{t('accounts.last')}</th>
              <th scope="col" className="num">{t('accounts.balance')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id} aria-selected={a.id === current} tabIndex={0} onClick={() => setSelected(a.id)} onKeyDown={(e) => e.key === 'Enter' && setSelected(a.id)}>
                <th scope="row">{a.name}</th>
                <td>{a.glAccount ?? '—'}</td>
                <td className="mono">{a.iban ?? a.dkAccount ?? '—'}</td>
                <td className="num">{a.entryCount.toLocaleString(locale)}</td>
                <td className="num">{a.unreconciledCount.toLocaleString(locale)}</td>
                <td>{formatDate(a.lastBookingDate, locale)}</td>
                <td className="num"><Amount amount={a.balance} currency={a.currency} locale={locale} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {current !== undefined && <Statements account={rows.find((a) => a.id === current)!} locale={locale} onLocked={accounts.reload} />}
      <AddAccountForm onAdded={accounts.reload} />
    </Screen>
  );
}

function Statements({ account, locale, onLocked }: { account: LedgerAccount; locale: Locale; onLocked: () => void }) {
  const { t } = useTranslation();
  const accountId = account.id;
  const statements = useCall(() => client.call('statements.list', { accountId }), [accountId]);
  const lock = (through: string | null) => void client.call('accounts.lock', { accountId, through }).then(onLocked);
  if (statements.error) return <ErrorMessage error={statements.error} onRetry={statements.reload} />;
  const rows = statements.data ?? [];
  return (
    <>
      <h2>{t('accounts.statements')}</h2>
      {account.lockedThrough && (
        <p className="row" data-testid="locked">
          <span className="badge">{t('accounts.lockedThrough', { date: formatDate(account.lockedThrough, locale) })}</span>
          <button onClick={() => lock(null)}>{t('accounts.unlock')}</button>
        </p>
      )}
      {rows.length === 0 ? (
        <Empty>{t('accounts.noStatements')}</Empty>
      ) : (
        <table className="grid" data-testid="statements-table">
          <thead>
            <tr>
              <th scope="col">{t('accounts.period')}</th>
              <th scope="col" className="num">{t('accounts.opening')}</th>
              <th scope="col" className="num">{t('accounts.entries')}</th>
              <th scope="col" className="num">{t('accounts.closing')}</th>
              <th scope="col">{t('accounts.check')}</th>
              <th scope="col"><span className="visually-hidden">{t('accounts.lock')}</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.reference ?? s.format} · {formatDate(s.openingDate, locale)} – {formatDate(s.closingDate, locale)}</th>
                <td className="num">{s.openingBalance === null ? '—' : <Amount amount={s.openingBalance} currency={s.currency} locale={locale} />}</td>
                <td className="num">{s.entryCount}</td>
                <td className="num">{s.closingBalance === null ? '—' : <Amount amount={s.closingBalance} currency={s.currency} locale={locale} />}</td>
                <td>
                  {s.difference === null ? t('accounts.unknown') : /[1-9]/.test(s.difference) ? (
                    <span className="badge warn">{t('accounts.gap', { amount: s.difference })}</span>
                  ) : (
                    <span className="badge ok">{t('accounts.adds')}</span>
                  )}
                </td>
                <td>
                  {s.closingDate && (!account.lockedThrough || account.lockedThrough < s.closingDate) && (
                    <button onClick={() => lock(s.closingDate)}>{t('accounts.lockThrough', { date: formatDate(s.closingDate, locale) })}</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
