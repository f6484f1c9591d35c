import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { BankEntry, ContractError, Locale, Proposal } from '../../../shared/contract/index.js';
import { formatAmount } from '../format.js';
import { Amount, ErrorMessage } from './common.js';

/** The proposals for the selected bank line, numbered for the keyboard, each with its reasons. */
export function Proposals({ line, proposals, loading, error, locale, onAccept }: { line: BankEntry; proposals: Proposal[]; loading: boolean; error: ContractError | undefined; locale: Locale; onAccept: (n: number) => void }) {
  const { t } = useTranslation();
  return (
    <aside className="proposals" aria-label={t('review.proposals')} data-testid="proposals">
      <h2>{t('review.proposals')}</h2>
      <p className="line-summary">
        <strong>{line.description}</strong>
        <br />
        {line.counterpartyName} · <Amount amount={line.amount} currency={line.currency} locale={locale} />
      </p>
      {error && <ErrorMessage error={error} />}
      {!loading && proposals.length === 0 && line.status === 'unreconciled' && <p className="muted">{t('review.noProposal')}</p>}
      <ol className="plain">
        {proposals.map((p, n) => (
          <li key={n} className="proposal" data-testid="proposal">
            <div className="proposal-head">
              <kbd>{n + 1}</kbd>
              <span className={p.status === 'auto' ? 'badge ok' : 'badge'}>{t(`review.${p.status}`)}</span>
              <span className="muted">{t('review.score', { score: p.score })}</span>
              <button onClick={() => onAccept(n)}>{t('review.accept')}</button>
            </div>
            <ul className="plain items">
              {p.items.map((i) => (
                <li key={i.itemId}>
                  <strong>{i.externalId}</strong> · {i.party} · {formatAmount(i.amount, line.currency, locale)}
                </li>
              ))}
            </ul>
            {p.writeOff && <p className="muted">{t('review.writeOff', { amount: formatAmount(p.writeOff, line.currency, locale) })}</p>}
            {p.remainderOpen && <p className="muted">{t('review.remainder', { amount: formatAmount(p.remainderOpen, line.currency, locale) })}</p>}
            <ul className="reasons">
              {p.reasons.map((r, k) => <li key={k}>{reasonText(t, r)} <span className="muted">+{r.points}</span></li>)}
            </ul>
          </li>
        ))}
      </ol>
    </aside>
  );
}

/** A reason in the bookkeeper's language; the engine's English text when no translation exists. */
export function reasonText(t: TFunction, r: Proposal['reasons'][number]): string {
  if (r.code === 'date') {
    const days = Number(r.params.days);
    const usual = Number(r.params.estimated) === 1 ? '_usual' : '';
    const key = (days === 0 ? 'reasons.date_on' : days > 0 ? 'reasons.date_after' : 'reasons.date_before') + usual;
    return t(key, { days: Math.abs(days), defaultValue: r.text });
  }
  return t(`reasons.${r.code}`, { ...r.params, defaultValue: r.text });
}
