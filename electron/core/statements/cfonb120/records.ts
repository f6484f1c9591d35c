// CFONB 120 records: cutting the text into 120-character records and reading their fields.
// Files come with one record per line, with blank lines in between, with trailing spaces
// trimmed, or with no line breaks at all (records back to back): a record ends at a line break
// or after 120 characters, whichever comes first.
import { normalizeDecimal } from '../../../../shared/money.js';

export const RECORD_LENGTH = 120;

export interface CfonbRecord {
  text: string;
  /** Physical line where the record starts, and its column (1 unless records are back to back). */
  line: number;
  column: number;
}

/** A field that cannot be read; the parser adds the format, statement and line. */
export class RecordProblem extends Error {}

export class RecordSplitter {
  private current = '';
  private line = 1;
  private column = 1;
  private afterCR = false;
  private started = false;

  push(chunk: string, onRecord: (record: CfonbRecord) => void): void {
    let i = this.afterCR && chunk.charCodeAt(0) === 10 ? 1 : 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1; // byte order mark
    }
    this.afterCR = false;
    while (i < chunk.length) {
      const c = chunk.charCodeAt(i);
      if (c === 10 || c === 13) {
        this.emit(onRecord);
        this.line++;
        this.column = 1;
        if (c === 13 && i + 1 === chunk.length) this.afterCR = true;
        else if (c === 13 && chunk.charCodeAt(i + 1) === 10) i++;
        i++;
        continue;
      }
      let end = i;
      const room = RECORD_LENGTH - this.current.length;
      while (end < chunk.length && end - i < room && chunk.charCodeAt(end) !== 10 && chunk.charCodeAt(end) !== 13) end++;
      this.current += chunk.slice(i, end);
      i = end;
      if (this.current.length === RECORD_LENGTH) {
        const column = this.column;
        this.emit(onRecord);
        this.column = column + RECORD_LENGTH;
      }
    }
  }

  end(onRecord: (record: CfonbRecord) => void): void {
    this.emit(onRecord);
  }

  private emit(onRecord: (record: CfonbRecord) => void): void {
    const text = this.current;
    this.current = '';
    // Blank lines, spaces past column 120 and the DOS end-of-file mark (Ctrl-Z) are not records.
    // eslint-disable-next-line no-control-regex -- Ctrl-Z is a control character on purpose
    if (!/^[\s\x1a]*$/.test(text)) onRecord({ text, line: this.line, column: this.column });
  }
}

/** Characters `from`..`to` of a record, 1-based and inclusive as in the CFONB layout. */
export function field(record: string, from: number, to: number): string {
  return record.slice(from - 1, to);
}

const POSITIVE_LAST_DIGIT = '{ABCDEFGHI';
const NEGATIVE_LAST_DIGIT = '}JKLMNOPQR';

/**
 * An amount field (14 characters): 13 digits then the last digit "overpunched" with the sign,
 * { and A-I for +0..+9, } and J-R for -0..-9; `decimals` is the record's decimals count.
 * "0000000166956E" with 2 decimals is 16695.65; "0000000000227R" is -22.79.
 */
export function overpunchedAmount(written: string, decimalsField: string): string {
  if (!/^\d$/.test(decimalsField)) throw new RecordProblem(`the number of decimals "${decimalsField}" is not a digit`);
  const last = written.charAt(written.length - 1);
  const positive = POSITIVE_LAST_DIGIT.indexOf(last);
  const negative = NEGATIVE_LAST_DIGIT.indexOf(last);
  // Some banks pad with spaces instead of leading zeros.
  const digits = written.slice(0, -1).replace(/^ +/, '');
  if (!/^\d*$/.test(digits) || (positive < 0 && negative < 0)) {
    throw new RecordProblem(`"${written}" is not a CFONB amount (13 digits then a sign letter, e.g. 0000000012345E)`);
  }
  const all = (digits + String(positive >= 0 ? positive : negative)).padStart(Number(decimalsField) + 1, '0');
  const decimals = Number(decimalsField);
  const unsigned = decimals ? `${all.slice(0, all.length - decimals)}.${all.slice(all.length - decimals)}` : all;
  return normalizeDecimal(negative >= 0 ? '-' + unsigned : unsigned);
}

/** The currency field (positions 17-19): an ISO 4217 code. */
export function cfonbCurrency(written: string): string {
  if (!/^[A-Z]{3}$/.test(written)) throw new RecordProblem(`"${written}" is not a currency code (ISO 4217, e.g. EUR)`);
  return written;
}

/** DDMMYY; years 00-79 are 2000-2079, 80-99 are 1980-1999. */
export function cfonbDate(written: string): string {
  if (!/^\d{6}$/.test(written)) throw new RecordProblem(`"${written}" is not a date (expected DDMMYY)`);
  const day = Number(written.slice(0, 2));
  const month = Number(written.slice(2, 4));
  const yy = Number(written.slice(4, 6));
  const year = yy < 80 ? 2000 + yy : 1900 + yy;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new RecordProblem(`"${written}" is not a valid date`);
  }
  return `${year}-${written.slice(2, 4)}-${written.slice(0, 2)}`;
}

/** An optional date: blank or zeros mean none. */
export function optionalCfonbDate(written: string): string | null {
  return /^[0 ]*$/.test(written) ? null : cfonbDate(written);
}
