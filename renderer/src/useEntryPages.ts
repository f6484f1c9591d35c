// Bank entries for a virtualized list: the first page with its count, then further pages by
// keyset cursor as the reader nears the end (loadMore). A page may come back short while more
// follow (a search examines a bounded number of lines per call): then it asks again at once.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BankEntry, ContractError, EntryCursor, EntryPage, EntryQuery } from '../../shared/contract/index.js';
import { client } from './api.js';
import { toContractError } from './useCall.js';

const PAGE = 200;
/** Fewer rows than this on screen while more follow: fetch the next page without waiting. */
const FILL = 60;

export type EntryFilters = Omit<EntryQuery, 'after' | 'offset' | 'limit' | 'count'>;

export interface EntryPages {
  rows: BankEntry[];
  total: number;
  totalExact: boolean;
  /** The first page, or the first rows of a search cut short, are on their way. */
  loading: boolean;
  error: ContractError | undefined;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

interface Loaded {
  rows: BankEntry[];
  total: number;
  totalExact: boolean;
  next: EntryCursor | null;
}

const EMPTY: Loaded = { rows: [], total: 0, totalExact: true, next: null };

async function fetchPage(filters: EntryFilters, after: EntryCursor | null): Promise<EntryPage> {
  const query = after ? { ...filters, after, count: false, limit: PAGE } : { ...filters, limit: PAGE };
  return client.call('entries.list', query);
}

function append(loaded: Loaded, page: EntryPage): Loaded {
  const rows = loaded.rows.concat(page.rows);
  // At the end the rows are the count, even when the first page's count stopped early.
  if (page.next === null) return { rows, total: rows.length, totalExact: true, next: null };
  return { rows, total: Math.max(loaded.total, rows.length), totalExact: loaded.totalExact, next: page.next };
}

/** `key` names the filters (and anything else that should reload the list), as a dependency. */
export function useEntryPages(filters: EntryFilters, key: string): EntryPages {
  const [loaded, setLoaded] = useState<Loaded>(EMPTY);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ContractError>();
  const [tick, setTick] = useState(0);
  // Answers to an older query (filters changed meanwhile) are dropped.
  const generation = useRef(0);
  const inFlight = useRef(false);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;

  const run = useCallback(async (after: EntryCursor | null, apply: (page: EntryPage) => void) => {
    const mine = generation.current;
    const first = after === null;
    inFlight.current = true;
    if (first) setLoading(true);
    try {
      const page = await fetchPage(filtersRef.current, after);
      if (mine !== generation.current) return;
      apply(page);
      setError(undefined);
    } catch (e) {
      if (mine === generation.current) setError(toContractError(e));
    } finally {
      if (mine === generation.current) {
        inFlight.current = false;
        if (first) setLoading(false);
      }
    }
  }, []);

  useEffect(() => {
    generation.current++;
    void run(null, (page) => setLoaded({ rows: page.rows, total: page.total, totalExact: page.totalExact, next: page.next }));
  }, [key, tick, run]);

  const loadMore = useCallback(() => {
    if (inFlight.current || !loaded.next) return;
    void run(loaded.next, (page) => setLoaded((l) => append(l, page)));
  }, [loaded.next, run]);

  useEffect(() => {
    if (loaded.rows.length < FILL) loadMore();
  }, [loaded, loadMore]);

  // Appending pages is not loading: the rows already shown stay valid. An empty list that may
  // still fill (a search cut short) is.
  const filling = loaded.rows.length === 0 && loaded.next !== null;
  return { ...loaded, loading: loading || filling, error, hasMore: loaded.next !== null, loadMore, reload: () => setTick((t) => t + 1) };
}
