import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyState, Locale } from '../../shared/contract/index.js';
import { client } from './api.js';
import { ErrorMessage } from './components/common.js';
import { setLocale, systemLocale } from './i18n/index.js';
import { AccountsScreen } from './screens/Accounts.js';
import { ConnectionsScreen } from './screens/Connections.js';
import { FinancingScreen } from './screens/Financing.js';
import { ImportScreen } from './screens/Import.js';
import { ItemsScreen } from './screens/Items.js';
import { PaymentsScreen } from './screens/Payments.js';
import { ReviewScreen } from './screens/Review.js';
import { SettingsScreen } from './screens/Settings.js';
import { Welcome } from './screens/Welcome.js';
import { useCall } from './useCall.js';

export const SCREENS = ['accounts', 'review', 'items', 'import', 'payments', 'connections', 'financing', 'settings'] as const;
export type ScreenName = (typeof SCREENS)[number];

/** `initialCompany`: company.state already asked for at boot; reloads ask again. */
export function App({ initialLocale, initialCompany }: { initialLocale: Locale; initialCompany?: Promise<CompanyState> }) {
  const { t } = useTranslation();
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [screen, setScreen] = useState<ScreenName>('accounts');
  const prefetched = useRef(initialCompany);
  const company = useCall(() => {
    const state = prefetched.current ?? client.call('company.state', {});
    prefetched.current = undefined;
    return state;
  }, []);
  const main = useRef<HTMLElement>(null);

  const go = useCallback((next: ScreenName) => {
    setScreen(next);
    requestAnimationFrame(() => main.current?.focus());
  }, []);

  const changeLocale = useCallback(async (next: Locale | null) => {
    const saved = await client.call('settings.update', { locale: next });
    const effective = saved.locale ?? systemLocale();
    setLocale(effective);
    setLocaleState(effective);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.key);
      if (n >= 1 && n <= SCREENS.length) {
        e.preventDefault();
        go(SCREENS[n - 1]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  if (company.error) return <ErrorMessage error={company.error} onRetry={company.reload} />;
  if (!company.data) return <p className="loading">{t('app.loading')}</p>;
  if (!company.data.current) return <Welcome onOpened={company.reload} />;

  return (
    <div className="shell">
      <a className="skip" href="#main">{t('app.skip')}</a>
      <nav className="sidebar" aria-label="Pointage">
        <div className="brand">
          <strong>Pointage</strong>
          <span className="company-name" data-testid="company-name">{company.data.current.name}</span>
        </div>
        <ul>
          {SCREENS.map((name, i) => (
            <li key={name}>
              <button
                className="nav-item"
                aria-current={screen === name ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${i + 1}`}
                title={t('nav.shortcut', { n: i + 1 })}
                onClick={() => go(name)}
              >
                {t(`nav.${name}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        {screen === 'accounts' && <AccountsScreen locale={locale} />}
        {screen === 'review' && <ReviewScreen locale={locale} />}
        {screen === 'items' && <ItemsScreen locale={locale} />}
        {screen === 'import' && <ImportScreen locale={locale} />}
        {screen === 'payments' && <PaymentsScreen locale={locale} />}
        {screen === 'connections' && <ConnectionsScreen locale={locale} />}
        {screen === 'financing' && <FinancingScreen locale={locale} />}
        {screen === 'settings' && <SettingsScreen locale={locale} onLocale={changeLocale} onCompany={company.reload} />}
      </main>
    </div>
  );
}
