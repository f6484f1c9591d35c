import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { client } from './api.js';
import { initI18n, systemLocale } from './i18n/index.js';
import './styles.css';

async function boot(): Promise<void> {
  // Asked for at once, beside the locale: the first screen waits for both.
  const company = client.call('company.state', {});
  company.catch(() => undefined); // App shows the error, once it renders
  let locale = systemLocale();
  try {
    locale = (await client.call('settings.get', {})).locale ?? locale;
  } catch {
    // The core answers below with a readable error if it is really unreachable.
  }
  initI18n(locale);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App initialLocale={locale} initialCompany={company} />
    </StrictMode>,
  );
}

void boot();
