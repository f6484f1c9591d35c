import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, Locale } from '../../../shared/contract/index.js';
import { formatAmount, isNegative } from '../format.js';

export function ErrorMessage({ error, onRetry }: { error: ContractError; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="error" role="alert">
      <p>{t(`errors.${error.code}`, { message: error.message })}</p>
      {onRetry && <button onClick={onRetry}>{t('common.retry')}</button>}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Amount({ amount, currency, locale }: { amount: string; currency: string; locale: Locale }) {
  return <span className={isNegative(amount) ? 'amount debit' : 'amount credit'}>{formatAmount(amount, currency, locale)}</span>;
}

export function Screen({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">{title}</h1>
        {actions}
      </header>
      {children}
    </section>
  );
}
