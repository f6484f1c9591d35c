import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/contract/index.js';
import { client } from '../api.js';
import { Amount, Empty, ErrorMessage, Screen } from '../components/common.js';
import { formatDate } from '../format.js';
import { useCall } from '../useCall.js';

const ROW_HEIGHT = 36;
const PAGE = 1000;

/** The queue of bank lines to review, driven from the keyboard. */
export function ReviewScreen({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [status, setStatus] = useState<'unreconciled' | 'reconciled' | undefined>('unreconciled');
  const [active, setActive] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const entries = useCall(() => client.call('entries.list', { status, text: text || undefined, limit: PAGE }), [status, text]);
  const rows = entries.data?.rows ?? [];
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => list.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

  useEffect(() => setActive(0), [status, text]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
      if (e.key === '/' && !typing) {
        e.preventDefault();
        search.current?.focus();
        return;
      }
      if (typing || e.altKey || e.ctrlKey || e.metaKey) return;
      const move = e.key === 'ArrowDown' || e.key === 'j' ? 1 : e.key === 'ArrowUp' || e.key === 'k' ? -1 : 0;
      if (move === 0) return;
      e.preventDefault();
      setActive((i) => {
        const next = Math.max(0, Math.min(rows.length - 1, i + move));
        virtual.scrollToIndex(next);
        return next;
      });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows.length, virtual]);

  return (
    <Screen
      title={t('review.title')}
      actions={
        <div className="filters">
          <input ref={search} type="search" placeholder={t('review.search')} aria-label={t('review.search')} value={text} onChange={(e) => setText(e.target.value)} aria-keyshortcuts="/" />
          <select aria-label={t('review.status')} value={status ?? 'all'} onChange={(e) => setStatus(e.target.value === 'all' ? undefined : (e.target.value as 'unreconciled' | 'reconciled'))}>
            <option value="unreconciled">{t('review.unreconciled')}</option>
            <option value="reconciled">{t('review.reconciled')}</option>
            <option value="all">{t('review.all')}</option>
          </select>
        </div>
      }
    >
      {entries.error && <ErrorMessage error={entries.error} onRetry={entries.reload} />}
      <p className="muted" data-testid="review-count">{t('review.count', { count: entries.data?.total ?? 0 })} · {t('review.keys')}</p>
      {rows.length === 0 && !entries.loading ? (
        <Empty>{status === 'unreconciled' && !text ? t('review.empty') : t('review.emptyNoData')}</Empty>
      ) : (
        <div className="vgrid" role="grid" aria-rowcount={rows.length} aria-label={t('review.title')}>
          <div className="vgrid-head" role="row">
            <span role="columnheader">{t('review.date')}</span>
            <span role="columnheader">{t('review.description')}</span>
            <span role="columnheader">{t('review.counterparty')}</span>
            <span role="columnheader" className="num">{t('review.amount')}</span>
          </div>
          <div className="vgrid-body" ref={list} data-testid="review-rows">
            <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
              {virtual.getVirtualItems().map((item) => {
                const e = rows[item.index];
                return (
                  <div
                    key={e.id}
                    role="row"
                    aria-rowindex={item.index + 1}
                    aria-selected={item.index === active}
                    className="vgrid-row"
                    onClick={() => setActive(item.index)}
                    style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  >
                    <span role="gridcell">{formatDate(e.bookingDate, locale)}</span>
                    <span role="gridcell" className="ellipsis" title={e.description}>{e.description}{e.pending ? ` (${t('review.pending')})` : ''}</span>
                    <span role="gridcell" className="ellipsis">{e.counterpartyName ?? ''}</span>
                    <span role="gridcell" className="num"><Amount amount={e.amount} currency={e.currency} locale={locale} /></span>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
    </Screen>
  );
}
