// Types of the matching engine. Pure data: the engine reads bank lines and open items and
// proposes matches; the ledger stores whatever the bookkeeper (or the auto rule) confirms.
// Amounts are integer minor units (see shared/money.ts), never floats.

/** A bank statement line. amountMinor is signed: negative = money out. */
export interface BankLine {
  id: number;
  accountId: number;
  bookingDate: string; // YYYY-MM-DD
  amountMinor: number;
  currency: string;
  description: string;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  reference: string | null;
  endToEndId: string | null;
  bankReference: string | null;
}

/** An open item of the sales or purchase ledger: a receivable is paid by a positive bank line, a payable by a negative one. */
export interface OpenItemInput {
  id: number;
  externalId: string;
  kind: 'receivable' | 'payable';
  party: string;
  partyIban: string | null;
  reference: string | null;
  issueDate: string | null;
  dueDate: string | null;
  openMinor: number; // positive: what is still open on the item
  currency: string;
}

/** Every reason the engine can give; the UI translates by code and params, `text` is plain English. */
export type ReasonCode =
  | 'structured_reference' // RF creditor reference or Danish FIK payment id
  | 'end_to_end' // end-to-end id equal to the item's number, or to a payment sent for it
  | 'reference' // invoice number (year + number, or a long number) in the line's text
  | 'reference_weak' // only the trailing number of the invoice, after a word such as "fact." or "n°"
  | 'iban' // counterparty IBAN is the party's
  | 'fik_creditor' // Danish FIK creditor number is the party's
  | 'name' // counterparty name equals the party's once normalized (case, accents, legal form, truncation)
  | 'name_fuzzy' // counterparty name close to the party's, and no other party comes near
  | 'name_in_text' // the party's name is written in the line's text
  | 'party_rule' // a rule of the bookkeeper names the party (text contains / counterparty IBAN)
  | 'amount' // amount equals the open amount
  | 'amount_group' // amount equals the sum of several open items of one party
  | 'amount_fee' // amount within the tolerance for deducted bank fees: the gap is a write-off
  | 'partial' // amount below the open amount: the item stays partly open
  | 'overpaid' // amount above the open amount: part of the line stays unallocated
  | 'date' // booking date close to the due date
  | 'date_before_issue' // paid before the invoice was issued
  | 'conflict' // another bank line claims the same item with as strong evidence: not auto
  | 'twin_taken' // an item of the same party and amount, due nearer another line's date, goes to that line
  | 'ambiguous'; // another proposal scores too close for an automatic match

export type ReasonParams = Readonly<Record<string, string | number>>;

export interface Reason {
  code: ReasonCode;
  params: ReasonParams;
  points: number;
  text: string;
}

export interface ProposalItem {
  itemId: number;
  amountMinor: number; // positive: what this match settles on the item
}

/**
 * A proposed match of one bank line with one or several open items.
 * Invariant: sum(items.amountMinor) = |line amount| + writeOffMinor - lineRemainderMinor.
 */
export interface Proposal {
  lineId: number;
  items: ProposalItem[];
  score: number;
  reasons: Reason[];
  status: 'auto' | 'suggested';
  /** Gap booked as a write-off: positive when the bank kept fees (less received than open), negative for a small overpayment. */
  writeOffMinor?: number;
  /** Partial payment: what stays open on the item after this match. */
  remainderOpenMinor?: number;
  /** Overpayment beyond tolerance: what stays unallocated on the bank line. */
  lineRemainderMinor?: number;
}

export interface MatchOptions {
  /** Fee gap accepted as a write-off, in minor units of the line's currency (default EUR 500, DKK 5000, else 500). */
  feeToleranceMinor?: number;
  /** Fee gap accepted as a write-off, in whole percent of the open amount (default 1); the larger of the two applies. */
  feeTolerancePercent?: number;
  /** Most open items one bank line may close in a grouped payment (default 5). */
  maxGroupSize?: number;
  /** Lowest score of an automatic match (default 60). */
  autoThreshold?: number;
  /** Least lead of an automatic match over the runner-up, and over a conflicting line (default 15). */
  autoMargin?: number;
  /** Date distance (days) beyond which the due date earns no points and amount-only candidates are dropped (default 120). */
  dateWindowDays?: number;
  /** Proposals returned per bank line, best first (default 5). */
  maxProposals?: number;
  /** End-to-end ids of payments this company sent, with the open items each one pays. */
  paymentEndToEndIds?: ReadonlyMap<string, readonly number[]>;
  /** The bookkeeper's rules naming a line's party: text contains / counterparty IBAN -> party. */
  partyRules?: readonly PartyRule[];
}

export interface PartyRule {
  id: number;
  kind: 'text' | 'iban';
  pattern: string;
  /** The party as the open items name it. */
  party: string;
}
