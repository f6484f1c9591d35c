import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BankEntry, Locale } from '../../../shared/contract/index.js';
import { client } from '../api.js';
import { Amount, Empty, ErrorMessage, Screen } from '../components/common.js';
import { ManualMatch } from '../components/ManualMatch.js';
import { AssignDialog } from '../components/AssignDialog.js';
import { Proposals } from '../components/Proposals.js';
import { ReviewFilters, type MoreFilters } from '../components/ReviewFilters.js';
import { formatDate } from '../format.js';
import { toContractError, useCall } from '../useCall.js';
import { useEntryPages } from '../useEntryPages.js';

const ROW_HEIGHT = 36;
/** Rows from the end of what is loaded at which the next page is fetched. */
const NEAR_END = 50;

/** The queue of bank lines to review, driven from the keyboard. */
export function ReviewScreen({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [status, setStatus] = useState<'unreconciled' | 'reconciled' | undefined>('unreconciled');
  const [active, setActive] = useState(0);
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState('');
  const [manual, setManual] = useState(false);
  const [assigning, setAssigning] = useState(false);
  // A rule offered back after a line was put on an account, or matched by hand with a party's items.
  const [offer, setOffer] = useState<{ kind: 'text' | 'iban'; pattern: string; glAccount?: string; party?: string } | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState<MoreFilters>({});
  // The rows first: the core answers one call at a time, and the account filter's names can wait.
  const entries = useEntryPages({ status, text: text || undefined, ...more }, JSON.stringify([status, text, more, version]));
  const accounts = useCall(() => client.call('accounts.list', {}), []);
  const rows = entries.rows;
  const line: BankEntry | undefined = rows[Math.min(active, rows.length - 1)];
  const proposals = useCall(() => (line && line.status === 'unreconciled' ? client.call('reconcile.proposals', { lineId: line.id }) : Promise.resolve([])), [line?.id, version]);
  const rule = useCall(() => (line && line.status === 'unreconciled' ? client.call('reconcile.ruleFor', { lineId: line.id }) : Promise.resolve(null)), [line?.id, version]);
  // While the next line's proposals load, the previous line's must not be shown or accepted.
  const current = proposals.loading || entries.loading ? [] : (proposals.data ?? []).filter((p) => p.lineId === line?.id);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => list.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const lastShown = virtual.getVirtualItems().at(-1)?.index ?? 0;
  const { loadMore } = entries;
  useEffect(() => {
    if (lastShown >= rows.length - NEAR_END) loadMore();
  }, [lastShown, rows.length, loadMore]);

  useEffect(() => setActive(0), [status, text, more]);

  const act = useCallback(async (work: () => Promise<string>) => {
    try {
      setMessage(await work());
      setVersion((v) => v + 1);
    } catch (e) {
      setMessage(t(`errors.${toContractError(e).code}`, { message: toContractError(e).message }));
    }
  }, [t]);

  const accept = useCallback((n: number) => {
    const p = current[n];
    if (!line || !p) return;
    void act(async () => {
      const done = await client.call('reconcile.accept', {
        lineId: line.id, score: p.score,
        items: p.items.map((i) => ({ itemId: i.itemId, amount: i.amount })),
        writeOff: p.writeOff ? { amount: p.writeOff, account: '627000' } : undefined,
      });
      setOffer(done.suggestedRule);
      return t('review.matched');
    });
  }, [act, line, current, t]);

  const assign = useCallback((glAccount: string, remember?: { kind: 'text' | 'iban'; pattern: string }) => {
    if (!line) return;
    setAssigning(false);
    void act(async () => {
      const done = await client.call('reconcile.assign', { lineId: line.id, glAccount, remember });
      setOffer(done.suggestedRule ? { ...done.suggestedRule, glAccount } : null);
      return t('review.assigned', { account: glAccount });
    });
  }, [act, line, t]);

  const undo = useCallback(() => {
    void act(async () => ((await client.call('reconcile.undo', {})).matchId === null ? t('review.nothingToUndo') : t('review.undone')));
  }, [act, t]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
      if (manual || assigning || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === '/' && !typing) {
        e.preventDefault();
        search.current?.focus();
        return;
      }
      if (typing) return;
      const move = e.key === 'ArrowDown' || e.key === 'j' ? 1 : e.key === 'ArrowUp' || e.key === 'k' ? -1 : 0;
      if (move !== 0) {
        e.preventDefault();
        setActive((i) => {
          const next = Math.max(0, Math.min(rows.length - 1, i + move));
          virtual.scrollToIndex(next);
          return next;
        });
      } else if (e.key === 'Enter') {
        e.preventDefault();
        accept(0);
      } else if (/^[1-9]$/.test(e.key)) {
        accept(Number(e.key) - 1);
      } else if (e.key === 'u') {
        undo();
      } else if (e.key === 'e' && line?.status === 'unreconciled') {
        e.preventDefault();
        setManual(true);
      } else if (e.key === 'a' && line?.status === 'unreconciled') {
        e.preventDefault();
        setAssigning(true);
      } else if (e.key === 'r' && rule.data?.glAccount) {
        assign(rule.data.glAccount);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows.length, virtual, accept, undo, manual, line, rule.data, assign]);

  return (
    <Screen
      title={t('review.title')}
      actions={
        <div className="filters">
          <input ref={search} type="search" placeholder={t('review.search')} aria-label={t('review.search')} value={text} onChange={(e) => setText(e.target.value)} aria-keyshortcuts="/" onKeyDown={(e) => (e.key === 'Enter' || e.key === 'Escape') && e.currentTarget.blur()} />
          <select aria-label={t('review.status')} value={status ?? 'all'} onChange={(e) => setStatus(e.target.value === 'all' ? undefined : (e.target.value as 'unreconciled' | 'reconciled'))}>
            <option value="unreconciled">{t('review.unreconciled')}</option>
            <option value="reconciled">{t('review.reconciled')}</option>
            <option value="all">{t('review.all')}</option>
          </select>
          <button onClick={() => void act(async () => t('review.applied', { count: (await client.call('reconcile.run', { apply: true })).matches.filter((m) => m.status === 'applied').length }))}>{t('review.autoApply')}</button>
        </div>
      }
    >
      <ReviewFilters accounts={accounts.data ?? []} value={more} onChange={setMore} />
      {entries.error && <ErrorMessage error={entries.error} onRetry={entries.reload} />}
      <p className="muted" data-testid="review-count">{entries.totalExact ? t('review.count', { count: entries.total }) : t('review.countAtLeast', { count: entries.total })} · {t('review.keysFull')}</p>
      <p className="status-line" role="status" aria-live="polite" data-testid="review-status">
        {message}
        {offer && (
          <button className="offer" onClick={() => void act(async () => (await client.call('rules.add', offer), setOffer(null), t('review.ruleSaved')))}>
            {t(offer.kind === 'iban' ? 'review.rememberIban' : 'review.rememberText', { pattern: offer.pattern, account: offer.glAccount ?? offer.party })}
          </button>
        )}
      </p>
      {rule.data && <p className="muted" data-testid="rule-hint">{t('review.ruleHint', { pattern: rule.data.pattern, account: rule.data.glAccount })}</p>}
      {rows.length === 0 && !entries.loading ? (
        <Empty>{status === 'unreconciled' && !text ? t('review.empty') : t('review.emptyNoData')}</Empty>
      ) : (
        <div className="review-layout">
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
                    <div key={e.id} role="row" aria-rowindex={item.index + 1} aria-selected={item.index === active} className="vgrid-row" onClick={() => setActive(item.index)} style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
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
          {line && <Proposals line={line} proposals={current} loading={proposals.loading} error={proposals.error} locale={locale} onAccept={accept} />}
        </div>
      )}
      {assigning && line && <AssignDialog line={line} locale={locale} onClose={() => setAssigning(false)} onAssign={(account) => assign(account)} />}
      {manual && line && (
        <ManualMatch line={line} locale={locale} onClose={() => setManual(false)} onMatch={(items) => {
          setManual(false);
          void act(async () => (setOffer((await client.call('reconcile.accept', { lineId: line.id, items })).suggestedRule), t('review.matched')));
        }} />
      )}
    </Screen>
  );
}
