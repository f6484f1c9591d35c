import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BankEntry, Locale } from '../../../shared/contract/index.js';
import { formatAmount } from '../format.js';

/** Putting a bank line straight on a general-ledger account (fees, salaries, taxes). */
export function AssignDialog({ line, locale, onClose, onAssign }: { line: BankEntry; locale: Locale; onClose: () => void; onAssign: (glAccount: string) => void }) {
  const { t } = useTranslation();
  const [account, setAccount] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const valid = /^\d{3,10}$/.test(account);
  return (
    <div className="modal-backdrop" role="presentation" onClick={onClose}>
      <form className="modal" role="dialog" aria-modal="true" aria-label={t('review.assign')} onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) onAssign(account);
        }}>
        <h2>{t('review.assign')}</h2>
        <p className="muted">{line.description} · {formatAmount(line.amount, line.currency, locale)}</p>
        <label className="field">{t('review.glAccount')}
          <input ref={input} inputMode="numeric" value={account} onChange={(e) => setAccount(e.target.value.trim())} placeholder="627000" aria-invalid={account !== '' && !valid} />
        </label>
        <div className="row">
          <button className="primary" type="submit" disabled={!valid}>{t('review.assignButton')}</button>
          <button type="button" onClick={onClose}>{t('common.cancel')}</button>
        </div>
      </form>
    </div>
  );
}
