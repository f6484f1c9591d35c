// QIF dates. Quicken writes "1/ 5'04" or "01/05/2004" (month first, US), other programs write
// "05/01/2004" or "05.01.2004" (day first) or "2004-01-05", and the file does not say which.
//
// The rule: the order is decided once per file from its first dates. A date whose first number
// is above 12 proves day-month; one whose second number is above 12 proves month-day. The
// parser reads ahead (at most LOOKAHEAD characters, before yielding anything) until it finds
// such a date. When none is found, Quicken's apostrophe year ("1/ 5'04") means month-day, and
// otherwise day-month is assumed — the order of France and Denmark — with a warning. A date that
// contradicts the chosen order later in the file is an error.

export type DateOrder = 'day-month' | 'month-day';

/** How far the parser reads ahead to find a date that settles the order. */
export const LOOKAHEAD = 1 << 20;

interface DateParts {
  first: number;
  second: number;
  year: number;
  /** ISO-like "2004-01-05": year, month, day — no ambiguity. */
  yearFirst: boolean;
  apostrophe: boolean;
}

const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const YEAR_LAST = /^(\d{1,2})[-/.](\d{1,2})([-/.'])(\d{4}|\d{2})$/;

function dateParts(written: string): DateParts | null {
  const text = written.replace(/\s+/g, '');
  const iso = YEAR_FIRST.exec(text);
  if (iso) return { year: Number(iso[1]), first: Number(iso[2]), second: Number(iso[3]), yearFirst: true, apostrophe: false };
  const match = YEAR_LAST.exec(text);
  if (!match) return null;
  const apostrophe = match[3] === "'";
  const yy = Number(match[4]);
  // Quicken's apostrophe marks years from 2000; otherwise 00-79 are 2000-2079 and 80-99 1980-1999.
  const year = match[4].length === 4 ? yy : apostrophe || yy < 80 ? 2000 + yy : 1900 + yy;
  return { first: Number(match[1]), second: Number(match[2]), year, yearFirst: false, apostrophe };
}

/** Watches the dates of a file's head and settles the day/month order. */
export class DateOrderEvidence {
  private proven: { order: DateOrder; date: string } | null = null;
  private apostrophe = false;
  private ambiguous = false;

  get settled(): boolean {
    return this.proven !== null;
  }

  see(written: string): void {
    const parts = dateParts(written);
    if (!parts || parts.yearFirst || this.proven) return;
    if (parts.apostrophe) this.apostrophe = true;
    if (parts.first > 12 && parts.second <= 12) this.proven = { order: 'day-month', date: written.trim() };
    else if (parts.second > 12 && parts.first <= 12) this.proven = { order: 'month-day', date: written.trim() };
    else this.ambiguous = true;
  }

  /** The order, and a warning when it is a guess. */
  decision(): { order: DateOrder; warning: string | null } {
    if (this.proven) return { order: this.proven.order, warning: null };
    if (!this.ambiguous) return { order: 'day-month', warning: null }; // only year-first dates, or none
    if (this.apostrophe) {
      return { order: 'month-day', warning: "no date in the file shows whether it is day/month or month/day: read as month/day (Quicken's M/D'YY style)" };
    }
    return { order: 'day-month', warning: 'no date in the file shows whether it is day/month or month/day: read as day/month' };
  }
}

/** A QIF date as YYYY-MM-DD, or null when it is not a valid date in the given order. */
export function qifDate(written: string, order: DateOrder): string | null {
  const parts = dateParts(written);
  if (!parts) return null;
  const [month, day] = parts.yearFirst || order === 'month-day' ? [parts.first, parts.second] : [parts.second, parts.first];
  const probe = new Date(Date.UTC(parts.year, month - 1, day));
  if (parts.year < 1000 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return `${parts.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
