import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CsvMapping, CsvPreview } from '../../../shared/contract/index.js';
import { client } from '../api.js';

const DATE_FORMATS = ['DD/MM/YYYY', 'DD.MM.YYYY', 'DD-MM-YYYY', 'YYYY-MM-DD', 'MM/DD/YYYY', 'DD/MM/YY', 'YYYYMMDD'];
const SEPARATORS: [string, string][] = [[';', ';'], [',', ','], ['\t', 'Tab'], ['|', '|']];
const ENCODINGS = ['utf-8', 'windows-1252', 'latin1', 'utf-16le', 'cp852'];

const EMPTY: CsvMapping = { separator: ';', headerRows: 1, dateColumn: 0, dateFormat: 'DD/MM/YYYY', decimalSeparator: ',', amountColumn: 2, descriptionColumns: [1] };

/** The CSV column mapping, with a live preview of the first rows as they would be imported. */
export function CsvMappingEditor({ uploadId, initial, source, onApply, save, onSave }: {
  uploadId: string;
  initial: CsvMapping | null;
  source: string;
  onApply: (m: CsvMapping) => void;
  save: boolean;
  onSave: (v: boolean) => void;
}) {
  const { t } = useTranslation();
  const [m, setM] = useState<CsvMapping>(initial ?? EMPTY);
  const [preview, setPreview] = useState<CsvPreview>();
  const split = m.amountColumn === undefined;
  const columns = preview?.columns.length ? preview.columns : (preview?.rows[0]?.cells ?? []).map((_, i) => `${i + 1}`);

  useEffect(() => {
    const timer = setTimeout(() => {
      client.call('import.csvPreview', { uploadId, mapping: m }).then(setPreview, () => undefined);
    }, 200);
    return () => clearTimeout(timer);
  }, [uploadId, m]);

  const set = (patch: Partial<CsvMapping>) => setM((old) => clean({ ...old, ...patch }));
  const column = (value: number | undefined, onChange: (v: number | undefined) => void, label: string, optional = true) => (
    <label className="field">
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}>
        {optional && <option value="">—</option>}
        {columns.map((c, i) => <option key={i} value={i}>{c || `${i + 1}`}</option>)}
      </select>
    </label>
  );

  return (
    <section className="mapping" aria-label={t('csv.title')} data-testid="csv-mapping">
      <h3>{t('csv.title')} <span className="muted">({t(`csv.source.${source}`)})</span></h3>
      <div className="mapping-grid">
        <label className="field">{t('csv.separator')}
          <select value={m.separator} onChange={(e) => set({ separator: e.target.value })}>{SEPARATORS.map(([v, l]) => <option key={l} value={v}>{l}</option>)}</select>
        </label>
        <label className="field">{t('csv.encoding')}
          <select value={m.encoding ?? ''} onChange={(e) => set({ encoding: e.target.value || undefined })}>
            <option value="">{t('csv.auto')}</option>{ENCODINGS.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
        </label>
        <label className="field">{t('csv.headerRows')}
          <input type="number" min={0} max={20} value={m.headerRows} onChange={(e) => set({ headerRows: Number(e.target.value) })} />
        </label>
        {column(m.dateColumn, (v) => set({ dateColumn: v ?? 0 }), t('csv.date'), false)}
        <label className="field">{t('csv.dateFormat')}
          <select value={m.dateFormat} onChange={(e) => set({ dateFormat: e.target.value })}>{DATE_FORMATS.map((f) => <option key={f} value={f}>{f}</option>)}</select>
        </label>
        <label className="field">{t('csv.decimal')}
          <select value={m.decimalSeparator} onChange={(e) => set({ decimalSeparator: e.target.value as ',' | '.' })}><option value=",">1 234,56</option><option value=".">1,234.56</option></select>
        </label>
        <label className="field">{t('csv.amountKind')}
          <select value={split ? 'split' : 'one'} onChange={(e) => set(e.target.value === 'split' ? { amountColumn: undefined, debitColumn: m.amountColumn ?? 0, creditColumn: (m.amountColumn ?? 0) + 1 } : { amountColumn: m.debitColumn ?? 0, debitColumn: undefined, creditColumn: undefined })}>
            <option value="one">{t('csv.oneColumn')}</option><option value="split">{t('csv.debitCredit')}</option>
          </select>
        </label>
        {split ? (
          <>
            {column(m.debitColumn, (v) => set({ debitColumn: v }), t('csv.debit'))}
            {column(m.creditColumn, (v) => set({ creditColumn: v }), t('csv.credit'))}
          </>
        ) : (
          <>
            {column(m.amountColumn, (v) => set({ amountColumn: v }), t('csv.amount'), false)}
            <label className="field">{t('csv.sign')}
              <select value={m.signConvention ?? 'signed'} onChange={(e) => set({ signConvention: e.target.value as 'signed' | 'inverted' })}>
                <option value="signed">{t('csv.signed')}</option><option value="inverted">{t('csv.inverted')}</option>
              </select>
            </label>
          </>
        )}
        {column(m.descriptionColumns[0], (v) => set({ descriptionColumns: v === undefined ? [] : [v] }), t('csv.description'))}
        {column(m.balanceColumn, (v) => set({ balanceColumn: v }), t('csv.balance'))}
        <label className="field">{t('csv.currency')}
          <input value={m.currency ?? ''} maxLength={3} onChange={(e) => set({ currency: e.target.value.toUpperCase() || undefined })} placeholder="EUR" />
        </label>
      </div>
      {preview?.problems.length ? <ul className="warnings">{preview.problems.map((p) => <li key={p}>{p}</li>)}</ul> : null}
      {preview && preview.rows.length > 0 && (
        <table className="grid compact" data-testid="csv-preview">
          <thead><tr><th scope="col">#</th><th scope="col">{t('review.date')}</th><th scope="col">{t('review.description')}</th><th scope="col" className="num">{t('review.amount')}</th></tr></thead>
          <tbody>
            {preview.rows.map((r) => (
              <tr key={r.line} className={r.error ? 'bad' : undefined}>
                <td>{r.line}</td>
                {r.error ? <td colSpan={3} className="error-cell">{r.error}</td> : (<><td>{r.bookingDate}</td><td>{r.description}</td><td className="num">{r.amount}</td></>)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row">
        <button onClick={() => onApply(m)} disabled={Boolean(preview?.problems.length)}>{t('csv.apply')}</button>
        <label><input type="checkbox" checked={save} onChange={(e) => onSave(e.target.checked)} /> {t('csv.save')}</label>
      </div>
    </section>
  );
}

/** Drops the keys left undefined, so the contract's strict schema sees only what is set. */
function clean(m: CsvMapping): CsvMapping {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as CsvMapping;
}
