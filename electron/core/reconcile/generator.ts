// Synthetic but realistic books of a French and a Danish small business, for tests and the
// benchmark: customers and suppliers, their open items, and bank lines paying them in all the
// ways bookkeepers meet (with or without reference, grouped, partial, fees deducted) amid bank
// fees, card payments, taxes, salaries and refunds. Deterministic for a seed; `truth` tells
// which open items each bank line really pays (null: none).
import * as data from './generator-data.js';
import { bankName, creditorReference, fik71, iban, partyName, writtenReference, type Country, type PartyNameParts } from './generator-text.js';
import { Random } from './random.js';
import type { BankLine, OpenItemInput } from './types.js';

export interface GeneratedBooks {
  lines: BankLine[];
  items: OpenItemInput[];
  truth: Map<number, number[] | null>;
}

type Numbering = 'ours' | 'year' | 'glued' | 'plain' | 'short' | 'rf' | 'fik';

interface GenParty {
  parts: PartyNameParts;
  country: Country;
  kind: OpenItemInput['kind'];
  iban: string;
  ibanKnown: boolean;
  weight: number;
  /** A fixed monthly amount (rent, subscription): one invoice a month, all of it. */
  retainerMinor: number | null;
  numbering: Numbering;
  fikCreditor: string;
  sequence: number;
}

interface GenItem {
  item: OpenItemInput;
  party: GenParty;
  issueDay: number;
  dueDay: number;
}

type Scenario = 'withReference' | 'withoutReference' | 'cheque' | 'grouped' | 'partial' | 'fee';

interface LineDraft {
  day: number;
  line: Omit<BankLine, 'id' | 'bookingDate'>;
  truth: number[] | null;
}

const DAY = 86_400_000;
const START = Date.UTC(2024, 9, 1) / DAY; // invoices issued from 2024-10-01 ...
const SPAN = 455; // ... to the end of 2025
const NOISE_SHARE = 0.15;
/** Most days between the due date of an invoice and those of the invoices paid with it. */
const GROUP_SPAN = 31;
/** Days of randomness in the order invoices get paid. */
const PAYMENT_ORDER_NOISE = 60;
// Shares of the payments (French and Danish SMB habits): most transfers carry the invoice number,
// some only the payer's name; cheques remain common in France; customers settle statements in one
// transfer; partial payments and fees deducted by foreign banks are the exception.
const SCENARIOS: Record<Scenario, number> = { withReference: 55, withoutReference: 15, cheque: 6, grouped: 12, partial: 4, fee: 4 };

function isoDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

function currencyOf(country: Country): string {
  return country === 'FR' ? 'EUR' : 'DKK';
}

function makeParty(rng: Random, names: Set<string>): GenParty {
  const country: Country = rng.chance(0.65) ? 'FR' : 'DK';
  const kind = rng.chance(0.6) ? 'receivable' : 'payable';
  let parts = partyName(rng, country);
  while (names.has(parts.name)) parts = { ...parts, name: `${parts.name.replace(` ${parts.legalForm}`, '')} ${rng.int(2, 99)} ${parts.legalForm}` };
  names.add(parts.name);
  const numbering: Numbering =
    kind === 'receivable'
      ? 'ours'
      : country === 'FR'
        ? rng.weighted({ year: 4, glued: 2, plain: 2, short: 1, rf: 2 })
        : rng.weighted({ fik: 5, plain: 3, year: 2, short: 1 });
  const round = country === 'FR' ? data.FR_ROUND : data.DK_ROUND;
  return {
    parts,
    country,
    kind,
    iban: iban(rng, country),
    ibanKnown: rng.chance(kind === 'payable' ? 0.9 : 0.5),
    weight: rng.pick([1, 1, 1, 1, 1, 1, 1, 3, 3, 10]),
    retainerMinor: rng.chance(0.12) ? rng.pick(round) * 100 : null,
    numbering,
    fikCreditor: `8${rng.digits(7)}`,
    sequence: rng.int(1, 5000),
  };
}

function amountMinor(rng: Random, party: GenParty): number {
  const fr = party.country === 'FR';
  if (rng.chance(0.25)) return rng.pick(fr ? data.FR_ROUND : data.DK_ROUND) * 100;
  const [low, high] = fr ? [3_000, 1_500_000] : [20_000, 10_000_000];
  return Math.round(low * Math.pow(high / low, rng.next()));
}

/** Our own numbering for receivables (FAC-2025-00123 in France, 100123 in Denmark); each supplier has its own. */
function reference(rng: Random, party: GenParty, year: number, ours: Map<string, number>): string {
  if (party.numbering === 'ours') {
    const key = `${party.country}${year}`;
    const next = (ours.get(key) ?? 0) + 1;
    ours.set(key, next);
    return party.country === 'FR' ? `FAC-${year}-${String(next).padStart(5, '0')}` : String(100_000 + next + (year - 2024) * 50_000);
  }
  const n = ++party.sequence;
  switch (party.numbering) {
    case 'year':
      return party.country === 'FR' ? `F${year}-${String(n).padStart(4, '0')}` : `${year}-${n}`;
    case 'glued':
      return `FA${year}${String(n).padStart(5, '0')}`;
    case 'plain':
      return String(10_000 + n);
    case 'short':
      return String(n);
    case 'rf':
      return creditorReference(rng);
    default:
      return fik71(rng, party.fikCreditor);
  }
}

interface ItemDraft {
  party: GenParty;
  issueDay: number;
  amount: number;
}

/** A retainer bills once a month, on its own day of the month, for at most half of the items. */
function monthlyItems(rng: Random, parties: GenParty[], count: number): ItemDraft[] {
  const drafts: ItemDraft[] = [];
  for (const party of parties) {
    if (party.retainerMinor === null) continue;
    const dayOfMonth = rng.int(1, 28);
    for (let month = 0; ; month++) {
      const issueDay = Date.UTC(2024, 9 + month, dayOfMonth) / DAY;
      if (issueDay > START + SPAN || drafts.length >= count / 2) break;
      drafts.push({ party, issueDay, amount: party.retainerMinor });
    }
  }
  return drafts;
}

function makeItems(rng: Random, parties: GenParty[], count: number): GenItem[] {
  const monthly = monthlyItems(rng, parties, count);
  const others = parties.filter((p) => p.retainerMinor === null);
  const totalWeight = others.reduce((sum, p) => sum + p.weight, 0);
  const drafts = Array.from({ length: count - monthly.length }, (): ItemDraft => {
    let roll = rng.next() * totalWeight;
    const party = others.find((p) => (roll -= p.weight) < 0) ?? others[others.length - 1];
    return { party, issueDay: START + rng.int(0, SPAN), amount: amountMinor(rng, party) };
  });
  drafts.push(...monthly);
  drafts.sort((a, b) => a.issueDay - b.issueDay);
  const ours = new Map<string, number>();
  const items = drafts.map(({ party, issueDay, amount }, i): GenItem => {
    const terms = party.country === 'FR' ? rng.pick([30, 30, 45, 60]) : rng.pick([8, 14, 14, 30]);
    const year = new Date(issueDay * DAY).getUTCFullYear();
    const item: OpenItemInput = {
      id: 0,
      externalId: `${party.kind === 'receivable' ? 'AR' : 'AP'}-${String(i + 1).padStart(7, '0')}`,
      kind: party.kind,
      party: party.parts.name,
      partyIban: party.ibanKnown ? party.iban : null,
      reference: rng.chance(0.03) ? null : reference(rng, party, year, ours),
      issueDate: isoDate(issueDay),
      dueDate: rng.chance(0.05) ? null : isoDate(issueDay + terms),
      openMinor: amount,
      currency: currencyOf(party.country),
    };
    return { item, party, issueDay, dueDay: issueDay + terms };
  });
  rng.shuffle(items).forEach((it, i) => (it.item.id = i + 1));
  return items;
}

function payDelay(rng: Random): number {
  return rng.chance(0.75) ? rng.int(-5, 12) : rng.int(-15, 40);
}

function endToEnd(rng: Random, kind: OpenItemInput['kind'], day: number, written: string | null): string | null {
  if (kind === 'payable') return `P${isoDate(day).replace(/-/g, '')}${rng.digits(4)}`;
  const roll = rng.next();
  if (roll < 0.5) return 'NOTPROVIDED';
  if (roll < 0.8 || written === null) return `E2E${rng.digits(10)}`;
  return written;
}

function description(rng: Random, party: GenParty, name: string | null, text: string): string {
  const shown = name ?? '';
  const incoming = party.kind === 'receivable';
  const templates =
    party.country === 'FR'
      ? incoming
        ? [`VIR SEPA RECU /DE ${shown} /MOTIF ${text}`, `VIR RECU ${shown} ${text}`, `VIR INST RECU ${shown} ${text}`]
        : [`VIR SEPA EMIS /A ${shown} /MOTIF ${text}`, `VIREMENT A ${shown} ${text}`, `PRLV SEPA ${shown} ${text}`]
      : incoming
        ? [`Indbetaling fra ${shown} ${text}`, `Overførsel ${shown} ${text}`, `${shown} ${text}`]
        : [`Overførsel til ${shown} ${text}`, `Betaling ${shown} ${text}`, `Betalingsservice ${shown} ${text}`];
  return rng.pick(templates).replace(/\s+/g, ' ').trim();
}

interface PaymentText {
  written: string | null;
  filler: string;
}

/** A bank line paying open items of one party; the text carries the written reference, if any. */
function paymentLine(rng: Random, party: GenParty, items: GenItem[], paid: number, text: PaymentText): LineDraft {
  // Paid around the due date of the last invoice, never before an invoice exists.
  const day = Math.max(Math.max(...items.map((it) => it.dueDay)) + payDelay(rng), ...items.map((it) => it.issueDay + 1));
  const printed = bankName(rng, party.parts);
  const nameOnLine = rng.chance(party.country === 'FR' ? 0.12 : 0.05) ? null : printed;
  const inReferenceField = text.written !== null && rng.chance(0.5);
  const body = [inReferenceField ? '' : (text.written ?? ''), text.filler].join(' ');
  const showName = nameOnLine === null || rng.chance(0.6) ? printed : null;
  const ibanShown = party.kind === 'payable' ? rng.chance(0.95) : rng.chance(0.7);
  return {
    day,
    truth: items.map((it) => it.item.id),
    line: {
      accountId: party.country === 'FR' ? 1 : 2,
      amountMinor: party.kind === 'receivable' ? paid : -paid,
      currency: currencyOf(party.country),
      description: description(rng, party, showName, body),
      counterpartyName: nameOnLine,
      counterpartyIban: ibanShown ? (rng.chance(0.9) ? party.iban : iban(rng, party.country)) : null,
      reference: inReferenceField ? text.written : null,
      endToEndId: endToEnd(rng, party.kind, day, text.written),
      bankReference: `${isoDate(day).replace(/-/g, '')}${rng.digits(8)}`,
    },
  };
}

function written(rng: Random, it: GenItem): string | null {
  return it.item.reference ? writtenReference(rng, it.item.reference, it.party.country) : null;
}

function fee(rng: Random, country: Country): number {
  const small = rng.chance(0.7);
  if (country === 'FR') return small ? rng.int(100, 500) : rng.int(500, 2_500);
  return small ? rng.int(500, 3_500) : rng.int(3_500, 7_500);
}

function payOne(rng: Random, scenario: Exclude<Scenario, 'grouped'>, it: GenItem): LineDraft {
  const open = it.item.openMinor;
  const fr = it.party.country === 'FR';
  switch (scenario) {
    case 'withReference':
      return paymentLine(rng, it.party, [it], open, { written: written(rng, it), filler: '' });
    case 'withoutReference':
      return paymentLine(rng, it.party, [it], open, { written: null, filler: rng.pick(fr ? ['REGLEMENT', 'PAIEMENT', ''] : ['Betaling', '']) });
    case 'partial': {
      const paid = Math.max(100, Math.floor((open * rng.int(20, 80)) / 100 / 100) * 100);
      const filler = rng.pick(fr ? ['ACOMPTE', '1ER VERSEMENT', 'PAIEMENT PARTIEL'] : ['Delbetaling', 'Rate 1', 'Aconto']);
      return paymentLine(rng, it.party, [it], Math.min(paid, open - 1), { written: rng.chance(0.75) ? written(rng, it) : null, filler });
    }
    case 'fee':
      return paymentLine(rng, it.party, [it], open - Math.min(fee(rng, it.party.country), open - 1), {
        written: rng.chance(0.85) ? written(rng, it) : null,
        filler: '',
      });
    default:
      return chequeLine(rng, it);
  }
}

function chequeLine(rng: Random, it: GenItem): LineDraft {
  const draft = paymentLine(rng, it.party, [it], it.item.openMinor, { written: null, filler: '' });
  draft.line = { ...draft.line, description: `REMISE CHEQUE N ${rng.digits(7)}`, counterpartyName: null, counterpartyIban: null, endToEndId: null };
  return draft;
}

function payGroup(rng: Random, items: GenItem[]): LineDraft {
  const party = items[0].party;
  const sum = items.reduce((total, it) => total + it.item.openMinor, 0);
  const listed = rng.chance(0.6) && items.every((it) => it.item.reference);
  const filler = party.country === 'FR' ? rng.pick(['REGLEMENT FACTURES', 'PAIEMENT RELEVE', '']) : rng.pick(['Betaling af fakturaer', '']);
  return paymentLine(rng, party, items, sum, { written: listed ? items.map((it) => written(rng, it)).join(' ') : null, filler });
}

// ---------------------------------------------------------------------------------------------
// Lines that pay no open item

type PartiesByRole = Record<Country, Record<OpenItemInput['kind'], GenParty[]>> & { any: GenParty };

function byRole(parties: GenParty[]): PartiesByRole {
  const roles: PartiesByRole = { FR: { receivable: [], payable: [] }, DK: { receivable: [], payable: [] }, any: parties[0] };
  for (const p of parties) roles[p.country][p.kind].push(p);
  return roles;
}

function noiseLine(rng: Random, roles: PartiesByRole, firstDay: number, lastDay: number): LineDraft {
  const fr = rng.chance(0.65);
  const day = rng.int(firstDay, lastDay);
  const month = new Date(day * DAY).getUTCMonth();
  // Refunds go the natural way: we refund a customer, a supplier refunds us.
  const local = roles[fr ? 'FR' : 'DK'];
  const customer = local.receivable.length > 0 ? rng.pick(local.receivable) : roles.any;
  const supplier = local.payable.length > 0 ? rng.pick(local.payable) : roles.any;
  const [description, amount] = fr ? frenchNoise(rng, month, customer, supplier) : danishNoise(rng, month, customer, supplier);
  return {
    day,
    truth: null,
    line: {
      accountId: fr ? 1 : 2,
      amountMinor: amount,
      currency: fr ? 'EUR' : 'DKK',
      description,
      counterpartyName: null,
      counterpartyIban: null,
      reference: null,
      endToEndId: null,
      bankReference: `${isoDate(day).replace(/-/g, '')}${rng.digits(8)}`,
    },
  };
}

function frenchNoise(rng: Random, month: number, customer: GenParty, supplier: GenParty): [string, number] {
  const kind = rng.weighted({ fees: 3, card: 5, urssaf: 1, dgfip: 1, salary: 3, refundOut: 1, refundIn: 1, interest: 1 });
  if (kind === 'fees') return [rng.pick(['FRAIS TENUE DE COMPTE', "COMMISSION D'INTERVENTION", 'COTISATION CARTE BUSINESS']), -rng.int(200, 4_500)];
  if (kind === 'card') return [`CB ${rng.pick(data.FR_SHOPS)} ${String(rng.int(1, 28)).padStart(2, '0')}/${String(month + 1).padStart(2, '0')}`, -rng.int(500, 35_000)];
  if (kind === 'urssaf') return [`PRLV SEPA URSSAF ${rng.pick(['ILE DE FRANCE', 'RHONE ALPES', 'AQUITAINE'])} COTISATIONS`, -rng.int(300, 6_000) * 100];
  if (kind === 'dgfip') return [`PRLV SEPA DGFIP ${rng.pick(['TVA', 'CFE', 'IMPOT SOCIETES'])} ${data.MONTHS_FR[month]}`, -rng.int(500, 12_000) * 100];
  if (kind === 'salary') return [`VIR SEPA EMIS /A ${rng.pick(data.FR_FIRST_NAMES)} /MOTIF SALAIRE ${data.MONTHS_FR[month]}`, -rng.int(160_000, 420_000)];
  if (kind === 'refundOut') return [`VIR SEPA EMIS /A ${customer.parts.name.toUpperCase()} /MOTIF REMBOURSEMENT AVOIR`, -rng.int(2_000, 80_000)];
  if (kind === 'refundIn') return [`VIR SEPA RECU /DE ${supplier.parts.name.toUpperCase()} /MOTIF AVOIR ${rng.digits(4)}`, rng.int(2_000, 50_000)];
  return ['INTERETS CREDITEURS', rng.int(10, 5_000)];
}

function danishNoise(rng: Random, month: number, customer: GenParty, supplier: GenParty): [string, number] {
  const kind = rng.weighted({ fees: 3, card: 5, vat: 1, payroll: 1, salary: 3, refundOut: 1, refundIn: 1, interest: 1 });
  if (kind === 'fees') return [rng.pick(['Gebyr', 'Kontogebyr', 'Overførselsgebyr']), -rng.int(1_000, 15_000)];
  if (kind === 'card') return [`Dankort ${rng.pick(data.DK_SHOPS)} ${String(rng.int(1, 28)).padStart(2, '0')}.${String(month + 1).padStart(2, '0')}`, -rng.int(3_000, 250_000)];
  if (kind === 'vat') return [`SKAT moms ${data.MONTHS_DK[month]}`, -rng.int(2_000, 80_000) * 100];
  if (kind === 'payroll') return ['SKAT A-skat og AM-bidrag', -rng.int(5_000, 60_000) * 100];
  if (kind === 'salary') return [`Løn ${data.MONTHS_DK[month]} ${rng.pick(data.DK_FIRST_NAMES)}`, -rng.int(1_800_000, 4_200_000)];
  if (kind === 'refundOut') return [`Tilbagebetaling ${customer.parts.name}`, -rng.int(10_000, 500_000)];
  if (kind === 'refundIn') return [`Kreditnota ${supplier.parts.name}`, rng.int(10_000, 300_000)];
  return ['Renter', rng.int(100, 50_000)];
}

// ---------------------------------------------------------------------------------------------

function planPayments(rng: Random, items: GenItem[], budget: number): LineDraft[] {
  const unpaid = new Map<GenParty, GenItem[]>();
  for (const it of items) {
    const list = unpaid.get(it.party);
    if (list) list.push(it);
    else unpaid.set(it.party, [it]);
  }
  const paid = new Set<GenItem>();
  const drafts: LineDraft[] = [];
  // Invoices due earlier are more likely paid by now: the open items left are mostly the recent ones.
  const order = items.map((it) => ({ it, rank: it.dueDay + rng.int(-PAYMENT_ORDER_NOISE, PAYMENT_ORDER_NOISE) })).sort((a, b) => a.rank - b.rank);
  for (const { it } of order) {
    if (drafts.length >= budget) break;
    if (paid.has(it)) continue;
    let scenario = rng.weighted(SCENARIOS);
    if (scenario === 'cheque' && (it.party.country !== 'FR' || it.party.kind !== 'receivable')) scenario = 'withoutReference';
    // A grouped payment settles invoices due about the same time (a monthly statement, a late batch).
    const near = (unpaid.get(it.party) ?? []).filter((other) => !paid.has(other) && other !== it && Math.abs(other.dueDay - it.dueDay) <= GROUP_SPAN);
    if (scenario === 'grouped' && near.length >= 1) {
      const group = [it, ...rng.shuffle(near).slice(0, rng.int(1, Math.min(4, near.length)))];
      group.forEach((g) => paid.add(g));
      drafts.push(payGroup(rng, group));
      continue;
    }
    paid.add(it);
    drafts.push(payOne(rng, scenario === 'grouped' ? 'withReference' : scenario, it));
  }
  return drafts;
}

export function generateBooks(seed: number, size: { lines: number; items: number }): GeneratedBooks {
  const rng = new Random(seed);
  const names = new Set<string>();
  const parties = Array.from({ length: Math.max(8, Math.round(size.items / 18)) }, () => makeParty(rng, names));
  const genItems = makeItems(rng, parties, size.items);
  const payments = planPayments(rng, genItems, Math.round(size.lines * (1 - NOISE_SHARE)));
  const firstDay = payments.reduce((min, d) => Math.min(min, d.day), START + SPAN);
  const lastDay = payments.reduce((max, d) => Math.max(max, d.day), START);
  const roles = byRole(parties);
  const noise = Array.from({ length: size.lines - payments.length }, () => noiseLine(rng, roles, firstDay, lastDay));
  const drafts = rng.shuffle([...payments, ...noise]).sort((a, b) => a.day - b.day);
  const lines = drafts.map((d, i): BankLine => ({ ...d.line, id: i + 1, bookingDate: isoDate(d.day) }));
  const truth = new Map(drafts.map((d, i) => [i + 1, d.truth] as const));
  const items = genItems.map((it) => it.item).sort((a, b) => a.id - b.id);
  return { lines, items, truth };
}
