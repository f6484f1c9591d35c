import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, Locale } from '../../../shared/contract/index.js';
import { client } from '../api.js';
import { Empty, ErrorMessage, Screen } from '../components/common.js';
import { LOCALES } from '../i18n/index.js';
import { toContractError, useCall } from '../useCall.js';

const LANGUAGE_NAMES: Record<Locale, string> = { fr: 'Français', da: 'Dansk', en: 'English' };

export function SettingsScreen({ locale, onLocale, onCompany }: { locale: Locale; onLocale: (l: Locale | null) => Promise<void>; onCompany: () => void }) {
  const { t } = useTranslation();
  const settings = useCall(() => client.call('settings.get', {}), [locale]);
  const companies = useCall(() => client.call('company.state', {}), []);
  const audit = useCall(() => client.call('audit.list', { limit: 20 }), []);
  return (
    <Screen title={t('settings.title')}>
      <section>
        <label className="field">
          {t('settings.language')}
          <select data-testid="language" value={settings.data?.locale ?? 'system'} onChange={(e) => void onLocale(e.target.value === 'system' ? null : (e.target.value as Locale))}>
            <option value="system">{t('settings.system')}</option>
            {LOCALES.map((l) => <option key={l} value={l}>{LANGUAGE_NAMES[l]}</option>)}
          </select>
        </label>
      </section>
      <VaultSection />
      <section>
        <h2>{t('settings.companies')}</h2>
        <ul className="plain">
          {companies.data?.companies.map((c) => (
            <li key={c.id}>
              {c.name}{' '}
              {companies.data?.current?.id === c.id ? <span className="badge ok">{t('settings.current')}</span> : (
                <button onClick={() => void client.call('company.open', { id: c.id }).then(onCompany)}>{t('settings.open')}</button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('settings.audit')}</h2>
        {audit.error && <ErrorMessage error={audit.error} />}
        {audit.data?.length === 0 ? <Empty>{t('settings.auditEmpty')}</Empty> : (
          <ul className="plain audit">
            {audit.data?.map((a) => <li key={a.id}><time>{a.at.slice(0, 19).replace('T', ' ')}</time> {a.actor} · {a.action} {a.subject ?? ''}</li>)}
          </ul>
        )}
      </section>
    </Screen>
  );
}

function VaultSection() {
  const { t } = useTranslation();
  const vault = useCall(() => client.call('vault.status', {}), []);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<ContractError>();
  const unlock = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await client.call('vault.unlock', { passphrase });
      setError(undefined);
      vault.reload();
    } catch (err) {
      setError(toContractError(err));
    } finally {
      setPassphrase('');
    }
  };
  if (!vault.data) return null;
  return (
    <section>
      <h2>{t('settings.vault')}</h2>
      <p>{vault.data.kind === 'os-keychain' ? t('settings.vaultKeychain') : t('settings.vaultPassphrase')}</p>
      <p>
        <span className={vault.data.unlocked ? 'badge ok' : 'badge warn'}>{vault.data.unlocked ? t('settings.vaultUnlocked') : t('settings.vaultLocked')}</span>{' '}
        {t('settings.secrets', { count: vault.data.secretCount })}
      </p>
      {!vault.data.unlocked && (
        <form onSubmit={(e) => void unlock(e)} className="inline">
          <label>
            {t('settings.passphrase')}
            <input type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} minLength={8} required />
          </label>
          <button type="submit">{t('settings.unlock')}</button>
        </form>
      )}
      {error && <ErrorMessage error={error} />}
    </section>
  );
}
