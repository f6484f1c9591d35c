import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BankEntry, Locale, OpenItem } from '../../../shared/contract/index.js';
import { client } from '../api.js';
import { formatAmount } from '../format.js';
import { useCall } from '../useCall.js';

/** Choosing open items by hand for a bank line: search, Space to select, Enter to match. */
export function ManualMatch({ line, locale, onClose, onMatch }: { line: BankEntry; locale: Locale; onClose: () => void; onMatch: (items: { itemId: number; amount: string }[]) => void }) {
  const { t } = useTranslation();
  const items = useCall(() => client.call('items.list', { openOnly: true }), []);
  const [query, setQuery] = useState('');
  const [cursor, setCursor] = useState(0);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const kind = line.amount.startsWith('-') ? 'payable' : 'receivable';
  const found = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (items.data ?? []).filter((i) => i.currency === line.currency && i.kind === kind && (!q || `${i.externalId} ${i.party} ${i.reference ?? ''} ${i.openAmount}`.toLowerCase().includes(q))).slice(0, 50);
  }, [items.data, query, line.currency, kind]);

  const toggle = (item: OpenItem | undefined) => item && setChosen((c) => {
    const next = new Set(c);
    if (next.has(item.id)) next.delete(item.id);
    else next.add(item.id);
    return next;
  });
  const submit = () => {
    const selected = (items.data ?? []).filter((i) => chosen.has(i.id));
    if (selected.length === 0 && found[cursor]) selected.push(found[cursor]);
    if (selected.length) onMatch(selected.map((i) => ({ itemId: i.id, amount: i.openAmount })));
  };

  return (
    <div className="modal-backdrop" role="presentation" onClick={onClose}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={t('review.manual')} onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          const step: Record<string, () => void> = {
            Escape: onClose,
            ArrowDown: () => setCursor((c) => Math.min(found.length - 1, c + 1)),
            ArrowUp: () => setCursor((c) => Math.max(0, c - 1)),
            Enter: submit,
            ' ': () => toggle(found[cursor]),
          };
          // Space types into the search box; it selects only from the list.
          if (!step[e.key] || (e.key === ' ' && e.target === input.current)) return;
          e.preventDefault();
          step[e.key]();
        }}>
        <h2>{t('review.manual')}</h2>
        <p className="muted">{line.description} · {formatAmount(line.amount, line.currency, locale)}</p>
        <input ref={input} type="search" aria-label={t('review.manualSearch')} placeholder={t('review.manualSearch')} value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setCursor(0);
          }} />
        <p className="muted">{t('review.manualHint')}</p>
        <ul className="plain pick" role="listbox" aria-multiselectable="true">
          {found.map((i, n) => (
            <li key={i.id} role="option" aria-selected={chosen.has(i.id)} className={n === cursor ? 'cursor' : undefined} onClick={() => toggle(i)} tabIndex={-1}>
              <input type="checkbox" readOnly checked={chosen.has(i.id)} tabIndex={-1} /> <strong>{i.externalId}</strong> · {i.party} · {formatAmount(i.openAmount, i.currency, locale)}
            </li>
          ))}
        </ul>
        <div className="row">
          <button className="primary" onClick={submit}>{t('review.matchSelected')}</button>
          <button onClick={onClose}>{t('common.cancel')}</button>
        </div>
      </div>
    </div>
  );
}
