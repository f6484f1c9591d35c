import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, CsvMapping, ImportSummary, Inspection, LedgerAccount, Locale } from '../../../shared/contract/index.js';
import { client, onProgress } from '../api.js';
import { ErrorMessage, Screen } from '../components/common.js';
import { CsvMappingEditor } from '../components/CsvMappingEditor.js';
import { formatDate } from '../format.js';
import { uploadFile } from '../upload.js';
import { toContractError, useCall } from '../useCall.js';

type Stage =
  | { step: 'uploading'; sent: number }
  | { step: 'inspecting' }
  | { step: 'ready'; inspection: Inspection }
  | { step: 'importing'; done: number; total: number }
  | { step: 'done'; summary: ImportSummary }
  | { step: 'failed'; error: ContractError; inspection?: Inspection };

interface Item {
  key: string;
  file: File;
  uploadId?: string;
  stage: Stage;
}

/** Statement files in: drag and drop or pick, check, choose accounts, import. */
export function ImportScreen({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Item[]>([]);
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const accounts = useCall(() => client.call('accounts.list', {}), []);
  const update = (key: string, patch: Partial<Item>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  const add = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
      setItems((all) => [...all, { key, file, stage: { step: 'uploading', sent: 0 } }]);
      void prepare(key, file);
    }
  };

  const prepare = async (key: string, file: File) => {
    try {
      const uploadId = await uploadFile(file, (sent) => update(key, { stage: { step: 'uploading', sent } }));
      update(key, { uploadId, stage: { step: 'inspecting' } });
      update(key, { stage: { step: 'ready', inspection: await client.call('import.inspect', { uploadId }) } });
    } catch (e) {
      update(key, { stage: { step: 'failed', error: toContractError(e) } });
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    add(e.dataTransfer.files);
  };

  return (
    <Screen title={t('import.title')}>
      <div
        className={dragging ? 'dropzone over' : 'dropzone'}
        role="button"
        tabIndex={0}
        data-testid="dropzone"
        onClick={() => picker.current?.click()}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), picker.current?.click())}
        onDragOver={(e) => (e.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <strong>{t('import.drop')}</strong>
        <span className="hint">{t('import.formats')}</span>
        <input ref={picker} type="file" multiple hidden data-testid="file-input" onChange={(e) => (add(e.target.files), (e.target.value = ''))} />
      </div>
      {items.map((item) => (
        <FileCard key={item.key} item={item} locale={locale} accounts={accounts.data ?? []} onChange={(patch) => update(item.key, patch)} onImported={accounts.reload} />
      ))}
    </Screen>
  );
}

function FileCard({ item, locale, accounts, onChange, onImported }: { item: Item; locale: Locale; accounts: LedgerAccount[]; onChange: (p: Partial<Item>) => void; onImported: () => void }) {
  const { t } = useTranslation();
  const [choices, setChoices] = useState<Record<string, number | 'create'>>({});
  const [mapping, setMapping] = useState<CsvMapping>();
  const [saveMapping, setSaveMapping] = useState(true);
  const jobId = useRef(`job-${Math.random().toString(36).slice(2)}`).current;
  const { stage } = item;

  useEffect(() => {
    if (stage.step !== 'importing') return;
    return onProgress((p) => p.task === `import:${jobId}` && onChange({ stage: { step: 'importing', done: p.done, total: p.total ?? 0 } }));
  }, [stage.step, jobId, onChange]);

  const inspection = stage.step === 'ready' ? stage.inspection : stage.step === 'failed' ? stage.inspection : undefined;
  const missing = inspection?.statements.filter((s) => s.ledgerAccountId === null && choices[s.index] === undefined) ?? [];
  const csvBlocked = inspection?.csv != null && (mapping ?? inspection.csv.mapping) === null;

  const run = async () => {
    if (!item.uploadId || !inspection) return;
    onChange({ stage: { step: 'importing', done: 0, total: item.file.size } });
    try {
      const csvMapping = mapping ?? (inspection.csv?.source === 'guessed' ? inspection.csv.mapping ?? undefined : undefined);
      const summary = await client.call('import.run', { uploadId: item.uploadId, jobId, accountChoices: choices, csvMapping, saveCsvMapping: Boolean(csvMapping) && saveMapping });
      onChange({ stage: { step: 'done', summary } });
      onImported();
    } catch (e) {
      onChange({ stage: { step: 'failed', error: toContractError(e), inspection } });
    }
  };

  const reinspect = async (next: CsvMapping) => {
    setMapping(next);
    if (!item.uploadId) return;
    try {
      onChange({ stage: { step: 'ready', inspection: await client.call('import.inspect', { uploadId: item.uploadId, csvMapping: next }) } });
    } catch (e) {
      onChange({ stage: { step: 'failed', error: toContractError(e), inspection } });
    }
  };

  return (
    <article className="card file-card" data-testid="import-file" aria-label={item.file.name}>
      <header className="file-head">
        <strong>{item.file.name}</strong>
        <span className="muted">{inspection ? t('import.detected', { format: inspection.format.toUpperCase() }) : ''}</span>
      </header>
      {stage.step === 'uploading' && <Progress label={t('import.uploading')} done={stage.sent} total={item.file.size} />}
      {stage.step === 'inspecting' && <Progress label={t('import.reading')} />}
      {stage.step === 'importing' && (
        <div className="row">
          <Progress label={t('import.importing')} done={stage.done} total={stage.total} />
          <button onClick={() => void client.call('jobs.cancel', { jobId })}>{t('common.cancel')}</button>
        </div>
      )}
      {stage.step === 'failed' && <ErrorMessage error={stage.error} />}
      {inspection?.csv && stage.step !== 'done' && item.uploadId && (
        <CsvMappingEditor uploadId={item.uploadId} initial={mapping ?? inspection.csv.mapping} source={inspection.csv.source} onApply={(m) => void reinspect(m)} save={saveMapping} onSave={setSaveMapping} />
      )}
      {inspection && stage.step !== 'done' && inspection.statements.length > 0 && (
        <>
          <table className="grid" data-testid="inspection">
            <thead>
              <tr>
                <th scope="col">{t('import.statement')}</th>
                <th scope="col">{t('import.account')}</th>
                <th scope="col" className="num">{t('accounts.entries')}</th>
                <th scope="col">{t('accounts.check')}</th>
              </tr>
            </thead>
            <tbody>
              {inspection.statements.map((s) => (
                <tr key={s.index}>
                  <th scope="row">{s.id ?? `#${s.index}`} · {formatDate(s.fromDate, locale)} – {formatDate(s.toDate, locale)}</th>
                  <td>
                    {s.ledgerAccountName ?? (
                      <AccountChoice statement={s} accounts={accounts} value={choices[s.index]} onChange={(v) => setChoices((c) => ({ ...c, [s.index]: v }))} />
                    )}
                  </td>
                  <td className="num">{s.entries}</td>
                  <td><BalanceCheck difference={s.difference} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          {inspection.warnings.length > 0 && <ul className="warnings">{inspection.warnings.map((w) => <li key={w}>{w}</li>)}</ul>}
          <div className="row">
            <button className="primary" disabled={missing.length > 0 || csvBlocked || stage.step === 'importing'} onClick={() => void run()}>
              {t('import.run')}
            </button>
            {missing.length > 0 && <span className="muted">{t('import.chooseAccount')}</span>}
          </div>
        </>
      )}
      {stage.step === 'done' && <Summary summary={stage.summary} />}
    </article>
  );
}

function AccountChoice({ statement, accounts, value, onChange }: { statement: Inspection['statements'][number]; accounts: LedgerAccount[]; value: number | 'create' | undefined; onChange: (v: number | 'create') => void }) {
  const { t } = useTranslation();
  const currency = statement.account.currency;
  const fitting = accounts.filter((a) => !currency || a.currency === currency);
  const label = statement.account.iban ?? statement.account.number ?? t('import.noIdentification');
  return (
    <label className="field">
      <span className="badge warn">{t('import.unlinked', { account: label })}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value === 'create' ? 'create' : Number(e.target.value))} data-testid="account-choice">
        <option value="" disabled>{t('import.choose')}</option>
        {fitting.map((a) => <option key={a.id} value={a.id}>{a.name} ({a.currency})</option>)}
        {(statement.account.iban || statement.account.number) && currency && <option value="create">{t('import.create', { account: label })}</option>}
      </select>
    </label>
  );
}

function BalanceCheck({ difference }: { difference: string | null }) {
  const { t } = useTranslation();
  if (difference === null) return <>{t('accounts.unknown')}</>;
  return /[1-9]/.test(difference) ? <span className="badge warn">{t('accounts.gap', { amount: difference })}</span> : <span className="badge ok">{t('accounts.adds')}</span>;
}

function Summary({ summary }: { summary: ImportSummary }) {
  const { t } = useTranslation();
  return (
    <div data-testid="import-summary" role="status">
      <p>
        <strong>{t('import.inserted', { count: summary.inserted })}</strong> · {t('import.duplicates', { count: summary.duplicates })}
      </p>
      <ul className="plain">
        {summary.statements.map((s, i) => (
          <li key={i}>
            {s.id ?? `#${i + 1}`} → {s.accountName}: {t('import.statementResult', { inserted: s.inserted, duplicates: s.duplicates })}{' '}
            <BalanceCheck difference={s.difference} />
            {s.alreadyImported && <span className="muted"> · {t('import.already')}</span>}
          </li>
        ))}
      </ul>
      {summary.warnings.length > 0 && <ul className="warnings">{summary.warnings.map((w) => <li key={w}>{w}</li>)}</ul>}
    </div>
  );
}

function Progress({ label, done, total }: { label: string; done?: number; total?: number }) {
  return (
    <div className="progress" role="status">
      <span>{label}</span>
      <progress max={total || undefined} value={total ? done : undefined} />
    </div>
  );
}
