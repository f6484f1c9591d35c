import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/index.js';
import { client, onProgress, type ProgressEvent } from '../api.js';
import { ErrorMessage } from '../components/common.js';
import { toContractError } from '../useCall.js';

export function Welcome({ onOpened }: { onOpened: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ProgressEvent>();
  const [error, setError] = useState<ContractError>();
  const [name, setName] = useState('');

  useEffect(() => onProgress((p) => p.task === 'demo' && setProgress(p)), []);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      onOpened();
    } catch (e) {
      setError(toContractError(e));
    } finally {
      setBusy(false);
    }
  };
  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(() => client.call('company.create', { name }));
  };

  return (
    <main className="welcome" id="main">
      <h1>{t('welcome.title')}</h1>
      <p className="lead">{t('welcome.lead')}</p>
      <div className="welcome-choices">
        <div className="card">
          <button className="primary" autoFocus disabled={busy} onClick={() => void run(() => client.call('company.openDemo', {}))}>
            {t('welcome.demo')}
          </button>
          <p className="hint">{t('welcome.demoHint')}</p>
          {busy && (
            <div role="status">
              <p>{t('welcome.opening')}</p>
              <progress max={progress?.total ?? undefined} value={progress?.done ?? undefined} />
            </div>
          )}
        </div>
        <form className="card" onSubmit={create}>
          <label>
            {t('welcome.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} disabled={busy} />
          </label>
          <button type="submit" disabled={busy || !name.trim()}>{t('welcome.create')}</button>
        </form>
      </div>
      {error && <ErrorMessage error={error} />}
    </main>
  );
}
