import { useCallback, useEffect, useState } from 'react';
import { PointageError, type ContractError } from '../../shared/contract/index.js';

export interface CallState<T> {
  data: T | undefined;
  error: ContractError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Runs a core call when its dependencies change; keeps the last data while reloading. */
export function useCall<T>(fetcher: () => Promise<T>, deps: unknown[]): CallState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ContractError>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  // The caller names what the call depends on, as with useEffect.
  const run = useCallback(fetcher, deps);
  useEffect(() => {
    let live = true;
    setLoading(true);
    run()
      .then((value) => live && (setData(value), setError(undefined)))
      .catch((e: unknown) => live && setError(toContractError(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [run, tick]);
  return { data, error, loading, reload: () => setTick((t) => t + 1) };
}

export function toContractError(e: unknown): ContractError {
  if (e instanceof PointageError) return e.toJSON();
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
