// Amounts and dates in the bookkeeper's locale. Amounts arrive as exact decimal strings and are
// handed to Intl as strings, so no float ever touches them.
import type { Locale } from '../../shared/contract/index.js';

const TAGS: Record<Locale, string> = { fr: 'fr-FR', da: 'da-DK', en: 'en-GB' };

export function formatAmount(amount: string, currency: string, locale: Locale): string {
  const format = new Intl.NumberFormat(TAGS[locale], { style: 'currency', currency });
  // Intl formats decimal strings exactly (ECMA-402 "Intl.NumberFormat v3").
  return format.format(amount as unknown as number);
}

export function formatDate(isoDate: string | null, locale: Locale): string {
  if (!isoDate) return '—';
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(TAGS[locale], { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

export function isNegative(amount: string): boolean {
  return amount.startsWith('-');
}
