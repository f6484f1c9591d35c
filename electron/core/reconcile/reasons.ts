// The points each piece of evidence earns, and the reasons that explain a score to the bookkeeper.
// The UI translates a reason by its code and params; `text` is the plain English fallback.
import { currencyExponent } from '../../../shared/money.js';
import { DEFAULT_TERM_DAYS } from './book-index.js';
import type { PartyRule, Reason, ReasonCode, ReasonParams } from './types.js';

export const POINTS = {
  structuredReference: 60,
  endToEnd: 60,
  reference: 50,
  referenceWeak: 25,
  iban: 35,
  fikCreditor: 35,
  name: 30,
  nameFuzzy: 15,
  nameInText: 25,
  /** A rule of the bookkeeper's names the party: as sure as its IBAN. */
  partyRule: 35,
  amount: 35,
  amountGroup: 30,
  /** Taken off a grouped amount for each open item beyond two: the simpler explanation ranks first. */
  groupSizeStep: 2,
  amountFee: 20,
  partial: 5,
  /** A partial payment the text announces ("acompte", "delbetaling"). */
  partialStated: 20,
  overpaid: 0,
  dateBeforeIssue: -15,
} as const;

type DateSteps = readonly (readonly [days: number, points: number])[];

/**
 * Days between due date and booking date -> points; beyond the last step, 1 point within the date
 * window. Paying late is commoner than paying early (French and Danish SMBs pay days to weeks
 * after the due date), so a late payment keeps its points longer.
 */
export const DATE_STEPS: { late: DateSteps; early: DateSteps } = {
  late: [
    [5, 10],
    [15, 8],
    [45, 5],
  ],
  early: [
    [3, 10],
    [10, 6],
    [30, 3],
  ],
};
export const DATE_IN_WINDOW = 1;
/** The most points a date can earn: an automatic match needs a margin above it, so that a date alone never decides. */
export const DATE_MAX = 10;

function reason(code: ReasonCode, points: number, params: ReasonParams, text: string): Reason {
  return { code, points, params, text };
}

const decimalsOf = new Map<string, number | null>();

// shared/money's toDecimal looks the currency up in a list on every call; reasons format amounts
// by the thousand, so the decimals of each currency are looked up once.
function decimals(currency: string): number | null {
  let found = decimalsOf.get(currency);
  if (found === undefined) {
    try {
      found = currencyExponent(currency);
    } catch {
      found = null;
    }
    decimalsOf.set(currency, found);
  }
  return found;
}

/** Amount as a decimal string for reasons ("1250.00"); never throws on an unknown currency. */
export function money(minor: number, currency: string): string {
  const exponent = decimals(currency);
  if (exponent === null || !Number.isSafeInteger(minor)) return String(minor);
  if (exponent === 0) return String(minor);
  const digits = Math.abs(minor).toString().padStart(exponent + 1, '0');
  return `${minor < 0 ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export const reasons = {
  structuredReference: (reference: string, points: number = POINTS.structuredReference): Reason =>
    reason('structured_reference', points, { reference }, `structured payment reference ${reference}`),
  endToEnd: (endToEndId: string, points: number = POINTS.endToEnd): Reason =>
    reason('end_to_end', points, { endToEndId }, `end-to-end id ${endToEndId}`),
  reference: (reference: string, points: number = POINTS.reference): Reason =>
    reason('reference', points, { reference }, `invoice number ${reference} in the text`),
  referenceWeak: (reference: string, points: number = POINTS.referenceWeak): Reason =>
    reason('reference_weak', points, { reference }, `number of invoice ${reference} in the text, without its year`),
  iban: (iban: string): Reason => reason('iban', POINTS.iban, { iban }, `counterparty IBAN ${iban} is the party's`),
  fikCreditor: (creditor: string): Reason =>
    reason('fik_creditor', POINTS.fikCreditor, { creditor }, `FIK creditor number ${creditor} is the party's`),
  name: (party: string, truncated: boolean): Reason =>
    reason('name', POINTS.name, { party, truncated: truncated ? 1 : 0 }, truncated ? `counterparty name is the start of ${party}` : `counterparty name is ${party}`),
  nameFuzzy: (party: string, similarityPercent: number): Reason =>
    reason('name_fuzzy', POINTS.nameFuzzy, { party, similarity: similarityPercent }, `counterparty name close to ${party} (${similarityPercent}% similar)`),
  nameInText: (party: string): Reason => reason('name_in_text', POINTS.nameInText, { party }, `party name ${party} in the text`),
  partyRule: (rule: PartyRule): Reason =>
    reason(
      'party_rule',
      POINTS.partyRule,
      { rule: rule.id, kind: rule.kind, pattern: rule.pattern, party: rule.party },
      rule.kind === 'iban' ? `rule ${rule.id}: counterparty IBAN ${rule.pattern} is ${rule.party}` : `rule ${rule.id}: text containing "${rule.pattern}" is from ${rule.party}`,
    ),
  amount: (amount: string, currency: string): Reason =>
    reason('amount', POINTS.amount, { amount, currency }, `amount ${amount} ${currency} equals the open amount`),
  amountGroup: (amount: string, currency: string, count: number): Reason =>
    reason('amount_group', POINTS.amountGroup - POINTS.groupSizeStep * (count - 2), { amount, currency, count }, `amount ${amount} ${currency} equals the sum of ${count} open items`),
  amountFee: (writeOff: string, currency: string): Reason =>
    reason('amount_fee', POINTS.amountFee, { writeOff, currency }, `amount differs by ${writeOff} ${currency}, within the fee tolerance: write-off`),
  partial: (paid: string, remainder: string, currency: string, stated: boolean): Reason =>
    reason(
      'partial',
      stated ? POINTS.partialStated : POINTS.partial,
      { paid, remainder, currency, stated: stated ? 1 : 0 },
      `partial payment${stated ? ' (so says the text)' : ''} of ${paid} ${currency}, ${remainder} ${currency} stays open`,
    ),
  overpaid: (excess: string, currency: string): Reason =>
    reason('overpaid', POINTS.overpaid, { excess, currency }, `bank line exceeds the open amount by ${excess} ${currency}`),
  date: (days: number, points: number, estimated = false): Reason => {
    const due = estimated ? `the usual due date (${DEFAULT_TERM_DAYS} days after the invoice date)` : 'the due date';
    return reason('date', points, { days, estimated: estimated ? 1 : 0 }, days === 0 ? `booked on ${due}` : `booked ${Math.abs(days)} days ${days > 0 ? 'after' : 'before'} ${due}`);
  },
  dateBeforeIssue: (days: number): Reason =>
    reason('date_before_issue', POINTS.dateBeforeIssue, { days }, `booked ${days} days before the invoice date`),
  conflict: (lineIds: readonly number[]): Reason =>
    reason('conflict', 0, { lineIds: lineIds.join(',') }, `bank lines ${lineIds.join(', ')} claim the same open item`),
  twinTaken: (reference: string, lineId: number): Reason =>
    reason('twin_taken', 0, { reference, lineId }, `open item ${reference}, of the same party and amount, is due nearer bank line ${lineId}, which it goes to`),
  ambiguous: (runnerUpScore: number): Reason =>
    reason('ambiguous', 0, { runnerUpScore }, `another proposal scores ${runnerUpScore}, too close for an automatic match`),
};
