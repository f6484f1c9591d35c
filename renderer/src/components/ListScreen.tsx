import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorMessage, Screen } from './common.js';
import type { CallState } from '../useCall.js';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  numeric?: boolean;
}

/** A screen that lists rows of one kind, with its empty state. */
export function ListScreen<T extends { id: number }>({ title, empty, state, columns, testId }: { title: string; empty: string; state: CallState<T[]>; columns: Column<T>[]; testId: string }) {
  const { t } = useTranslation();
  if (state.error) return <ErrorMessage error={state.error} onRetry={state.reload} />;
  const rows = state.data ?? [];
  return (
    <Screen title={title}>
      {state.loading && !state.data ? <p className="loading">{t('app.loading')}</p> : rows.length === 0 ? <Empty>{empty}</Empty> : (
        <table className="grid" data-testid={testId}>
          <thead>
            <tr>{columns.map((c) => <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>{c.header}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} tabIndex={0}>
                {columns.map((c) => <td key={c.header} className={c.numeric ? 'num' : undefined}>{c.cell(row)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Screen>
  );
}
