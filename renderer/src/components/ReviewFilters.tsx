import { useTranslation } from 'react-i18next';
import type { LedgerAccount } from '../../../shared/contract/index.js';

export interface MoreFilters {
  accountId?: number;
  from?: string;
  to?: string;
  minAmount?: string;
  maxAmount?: string;
}

const AMOUNT = /^-?\d+([.,]\d{1,3})?$/;

/** Account, period and amount filters of the review queue; invalid amounts are ignored until fixed. */
export function ReviewFilters({ accounts, value, onChange }: { accounts: LedgerAccount[]; value: MoreFilters; onChange: (f: MoreFilters) => void }) {
  const { t } = useTranslation();
  const set = (patch: Partial<MoreFilters>) => onChange({ ...value, ...patch });
  const amount = (text: string) => (AMOUNT.test(text.trim()) ? text.trim().replace(',', '.') : undefined);
  return (
    <div className="filters more-filters" role="group" aria-label={t('review.filters')}>
      <select aria-label={t('review.account')} value={value.accountId ?? ''} onChange={(e) => set({ accountId: e.target.value ? Number(e.target.value) : undefined })}>
        <option value="">{t('review.allAccounts')}</option>
        {accounts.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
      </select>
      <input type="date" aria-label={t('review.from')} value={value.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
      <input type="date" aria-label={t('review.to')} value={value.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
      <input inputMode="decimal" size={8} placeholder={t('review.min')} aria-label={t('review.min')} onChange={(e) => set({ minAmount: amount(e.target.value) })} />
      <input inputMode="decimal" size={8} placeholder={t('review.max')} aria-label={t('review.max')} onChange={(e) => set({ maxAmount: amount(e.target.value) })} />
    </div>
  );
}
