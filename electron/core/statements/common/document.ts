// Gathers a parser's events into the normalized ParsedDocument and checks each statement:
// opening + sum(entries) = closing, and continuity with the previous statement of the same
// account. A gap is a warning naming the statement and the difference, never a fix.
import type { Balance, ParsedDocument, ParseWarning, Statement, StatementEntry } from '../../../../shared/statement.js';
import { addDecimals, compareDecimals, negateDecimal } from '../../../../shared/money.js';
import type { ParseEvent, StatementHeader } from './types.js';

export async function collectDocument(events: AsyncIterable<ParseEvent>): Promise<ParsedDocument> {
  const statements: Statement[] = [];
  const warnings: ParseWarning[] = [];
  let entries: StatementEntry[] = [];
  let open = false; // between a 'begin' and its 'end'
  for await (const event of events) {
    switch (event.type) {
      case 'begin':
        entries = [];
        open = true;
        break;
      case 'entry':
        entries.push(event.entry);
        break;
      case 'end':
        statements.push({ ...event.statement, entries });
        entries = [];
        open = false;
        break;
      case 'warning':
        // Inside a statement it is the one being read; between statements, the last one read.
        warnings.push({ statement: open ? statements.length : Math.max(0, statements.length - 1), message: event.message });
        break;
    }
  }
  warnings.push(...balanceWarnings(statements));
  return { statements, warnings };
}

/** Balance and continuity checks over complete statements, as warnings. */
export function balanceWarnings(statements: readonly Statement[]): ParseWarning[] {
  const warnings: ParseWarning[] = [];
  const lastClosing = new Map<string, { index: number; balance: Balance }>();
  statements.forEach((s, index) => {
    const gap = balanceGap(s.openingBalance, s.entries.map((e) => e.amount), s.closingBalance);
    if (gap !== null) {
      warnings.push({
        statement: index,
        message: `statement ${s.id ?? index + 1}: opening ${s.openingBalance!.amount} + entries ${sumOf(s.entries)} = ${addDecimals([s.openingBalance!.amount, sumOf(s.entries)])}, but closing is ${s.closingBalance!.amount} (difference ${gap})`,
      });
    }
    const key = accountKey(s);
    const previous = key ? lastClosing.get(key) : undefined;
    if (previous && s.openingBalance && compareDecimals(previous.balance.amount, s.openingBalance.amount) !== 0) {
      warnings.push({
        statement: index,
        message: `statement ${s.id ?? index + 1}: opening ${s.openingBalance.amount} does not continue the closing ${previous.balance.amount} of statement ${statements[previous.index].id ?? previous.index + 1} (difference ${addDecimals([s.openingBalance.amount, negateDecimal(previous.balance.amount)])})`,
      });
    }
    if (key && s.closingBalance) lastClosing.set(key, { index, balance: s.closingBalance });
  });
  return warnings;
}

/** opening + sum(amounts) - closing, or null when it is zero or a balance is missing. */
export function balanceGap(opening: Balance | null, amounts: readonly string[], closing: Balance | null): string | null {
  if (!opening || !closing) return null;
  const gap = addDecimals([opening.amount, ...amounts, negateDecimal(closing.amount)]);
  return /[1-9]/.test(gap) ? gap : null;
}

function sumOf(entries: readonly StatementEntry[]): string {
  return entries.length ? addDecimals(entries.map((e) => e.amount)) : '0';
}

function accountKey(s: StatementHeader): string | null {
  const id = s.account.iban ?? s.account.number;
  return id ? `${id}|${s.account.currency ?? ''}` : null;
}
