import { describe, expect, it } from 'vitest';
import { Matcher, matchLines, settingsOf } from './engine.js';
import { generateBooks } from './generator.js';
import { POINTS } from './reasons.js';
import type { BankLine, OpenItemInput, Proposal, ReasonCode } from './types.js';

const IBAN_DUPONT = 'FR7630006000011234567890189';
const IBAN_OTHER = 'DK5000400440116243';

let nextId = 1;

function item(fields: Partial<OpenItemInput> = {}): OpenItemInput {
  const id = fields.id ?? nextId++;
  return {
    id,
    externalId: `AR-${id}`,
    kind: 'receivable',
    party: 'Boulangerie Dupont SARL',
    partyIban: null,
    reference: `FAC-2025-${String(id).padStart(5, '0')}`,
    issueDate: '2025-02-01',
    dueDate: '2025-03-01',
    openMinor: 120_000,
    currency: 'EUR',
    ...fields,
  };
}

function line(fields: Partial<BankLine> = {}): BankLine {
  return {
    id: fields.id ?? nextId++,
    accountId: 1,
    bookingDate: '2025-03-02',
    amountMinor: 120_000,
    currency: 'EUR',
    description: 'VIR SEPA RECU',
    counterpartyName: null,
    counterpartyIban: null,
    reference: null,
    endToEndId: null,
    bankReference: null,
    ...fields,
  };
}

function best(l: BankLine, items: OpenItemInput[], options = {}): Proposal | undefined {
  return new Matcher(items, options).propose(l)[0];
}

function codes(p: Proposal | undefined): ReasonCode[] {
  return p?.reasons.map((r) => r.code) ?? [];
}

function ids(p: Proposal | undefined): number[] {
  return p?.items.map((i) => i.itemId).sort((a, b) => a - b) ?? [];
}

function points(p: Proposal | undefined, code: ReasonCode): number | undefined {
  return p?.reasons.find((r) => r.code === code)?.points;
}

describe('scoring rules', () => {
  it('scores an invoice number in the text, and explains every point', () => {
    const inv = item({ id: 123 });
    const p = best(line({ description: 'VIR SEPA RECU /MOTIF Facture 2025-00123' }), [inv, item()]);
    expect(ids(p)).toEqual([123]);
    expect(points(p, 'reference')).toBe(POINTS.reference);
    expect(p?.reasons.find((r) => r.code === 'reference')?.params).toEqual({ reference: 'FAC-2025-00123' });
    expect(p?.score).toBe(p?.reasons.reduce((sum, r) => sum + r.points, 0));
    expect(p?.reasons.every((r) => r.text.length > 0)).toBe(true);
  });

  it.each(['FAC-2025-00123', 'Facture 2025-00123', 'FACT 2025 00123', '/INV/FAC202500123'])('finds the invoice from "%s"', (text) => {
    const p = best(line({ reference: text }), [item({ id: 123 }), item({ id: 124 })]);
    expect(ids(p)).toEqual([123]);
    expect(codes(p)).toContain('reference');
  });

  it('scores a number without its year lower', () => {
    const p = best(line({ description: 'fact. n° 00123' }), [item({ id: 123 })]);
    expect(points(p, 'reference_weak')).toBe(POINTS.referenceWeak);
    expect(codes(p)).not.toContain('reference');
  });

  it('scores an RF creditor reference and a FIK payment id as structured references', () => {
    const rf = item({ reference: 'RF18 5390 0754 7034', kind: 'payable' });
    const fik = item({ reference: '+71<000000012345678+12345678<', kind: 'payable', currency: 'DKK' });
    expect(codes(best(line({ amountMinor: -120_000, reference: 'RF18539007547034' }), [rf]))).toContain('structured_reference');
    const byFik = best(line({ amountMinor: -120_000, currency: 'DKK', description: 'FIK 71 000000012345678 12345678' }), [fik]);
    expect(codes(byFik)).toEqual(expect.arrayContaining(['structured_reference', 'fik_creditor']));
  });

  it('scores an end-to-end id equal to the invoice number, or to a payment sent for the item', () => {
    expect(codes(best(line({ endToEndId: 'FAC2025-00007' }), [item({ id: 7 })]))).toContain('end_to_end');
    const paid = item({ kind: 'payable', reference: null });
    const options = { paymentEndToEndIds: new Map([['PAY-42', [paid.id]]]) };
    expect(codes(best(line({ amountMinor: -120_000, endToEndId: 'PAY-42' }), [paid], options))).toContain('end_to_end');
    expect(codes(best(line({ endToEndId: 'NOTPROVIDED' }), [item({ id: 8, reference: 'NOTPROVIDED' })]))).not.toContain('end_to_end');
  });

  it("scores the counterparty IBAN when it is the party's", () => {
    const p = best(line({ counterpartyIban: 'FR76 3000 6000 0112 3456 7890 189' }), [item({ partyIban: IBAN_DUPONT })]);
    expect(points(p, 'iban')).toBe(POINTS.iban);
    expect(codes(best(line({ counterpartyIban: IBAN_OTHER }), [item({ partyIban: IBAN_DUPONT })]))).not.toContain('iban');
  });

  it('scores the counterparty name: exact once normalized, cut by the bank, close, or in the text', () => {
    expect(codes(best(line({ counterpartyName: 'BOULANGERIE DUPONT' }), [item()]))).toContain('name');
    const long = item({ party: 'Dupont et Fils Transports Internationaux SARL' });
    const cut = best(line({ counterpartyName: 'DUPONT ET FILS TRANSPORTS INTERNATI' }), [long]);
    expect(cut?.reasons.find((r) => r.code === 'name')?.params.truncated).toBe(1);
    expect(codes(best(line({ counterpartyName: 'BOULANGERI DUPONT' }), [item()]))).toContain('name_fuzzy');
    expect(codes(best(line({ description: 'VIR RECU BOULANGERIE DUPONT REGLEMENT' }), [item()]))).toContain('name_in_text');
  });

  it('takes a close name only when one party clearly stands out', () => {
    const twins = [item({ party: 'Garage Martin Lyon' }), item({ party: 'Garage Martin Nyon' })];
    expect(codes(best(line({ counterpartyName: 'GARAGE MARTIN XYON' }), twins))).not.toContain('name_fuzzy');
  });

  it('scores the amount: exact, within the fee tolerance (a write-off), partial, more', () => {
    const inv = item({ openMinor: 100_000 });
    const named = { description: 'FAC-2025-' + String(inv.id).padStart(5, '0') };
    expect(codes(best(line({ ...named, amountMinor: 100_000 }), [inv]))).toContain('amount');
    const fee = best(line({ ...named, amountMinor: 99_250 }), [inv]);
    expect(codes(fee)).toContain('amount_fee');
    expect(fee?.writeOffMinor).toBe(750);
    expect(fee?.items).toEqual([{ itemId: inv.id, amountMinor: 100_000 }]);
    const partial = best(line({ ...named, amountMinor: 40_000 }), [inv]);
    expect(codes(partial)).toContain('partial');
    expect(partial?.items).toEqual([{ itemId: inv.id, amountMinor: 40_000 }]);
    expect(partial?.remainderOpenMinor).toBe(60_000);
    const over = best(line({ ...named, amountMinor: 150_000 }), [inv]);
    expect(codes(over)).toContain('overpaid');
    expect(over?.lineRemainderMinor).toBe(50_000);
  });

  it('computes the fee tolerance in whole percent with integer arithmetic', () => {
    const big = item({ id: 900, openMinor: 1_000_000 });
    const text = { description: 'FAC-2025-00900' };
    expect(codes(best(line({ ...text, amountMinor: 990_000 }), [big], { feeTolerancePercent: 1 }))).toContain('amount_fee');
    expect(codes(best(line({ ...text, amountMinor: 989_999 }), [big], { feeTolerancePercent: 1 }))).toContain('partial');
    expect(codes(best(line({ ...text, amountMinor: 999_500 }), [big], { feeTolerancePercent: 0, feeToleranceMinor: 500 }))).toContain('amount_fee');
  });

  it('scores the date: near the due date earns more, late keeps its points longer than early, before the invoice date loses', () => {
    const inv = item({ id: 55, dueDate: '2025-03-01', issueDate: '2025-02-01' });
    const text = { description: 'FAC-2025-00055' };
    expect(points(best(line({ ...text, bookingDate: '2025-03-02' }), [inv]), 'date')).toBe(10);
    expect(points(best(line({ ...text, bookingDate: '2025-03-10' }), [inv]), 'date')).toBe(8);
    expect(points(best(line({ ...text, bookingDate: '2025-02-20' }), [inv]), 'date')).toBe(6);
    expect(points(best(line({ ...text, bookingDate: '2025-03-25' }), [inv]), 'date')).toBe(5);
    expect(codes(best(line({ ...text, bookingDate: '2025-01-20' }), [inv]))).toContain('date_before_issue');
  });

  it('dates an item without a due date by the legal default term, 30 days after the invoice date', () => {
    const inv = item({ id: 56, dueDate: null, issueDate: '2025-02-01' });
    const p = best(line({ description: 'FAC-2025-00056', bookingDate: '2025-03-05' }), [inv]);
    expect(p?.reasons.find((r) => r.code === 'date')?.params).toEqual({ days: 2, estimated: 1 });
    expect(points(p, 'date')).toBe(10);
  });

  it('takes a stated partial payment for one only when it pays a plausible share (a tenth or more)', () => {
    const small = item({ id: 78, openMinor: 40_000, dueDate: '2025-02-20' });
    const huge = item({ id: 79, openMinor: 4_000_000, dueDate: '2025-03-02' });
    const acompte = line({ counterpartyName: 'BOULANGERIE DUPONT', amountMinor: 12_000, description: 'ACOMPTE' });
    const [first, second] = new Matcher([small, huge]).propose(acompte);
    expect(ids(first)).toEqual([78]);
    expect(points(first, 'partial')).toBe(POINTS.partialStated);
    expect(points(second, 'partial')).toBe(POINTS.partial);
  });

  it('tolerates fees by currency: 5.00 EUR, 50.00 DKK, unless the options set one', () => {
    const dkk = item({ id: 901, openMinor: 64_502, currency: 'DKK', kind: 'payable' });
    const paidDkk = line({ amountMinor: -61_913, currency: 'DKK', counterpartyName: 'BOULANGERIE DUPONT' });
    expect(codes(best(paidDkk, [dkk]))).toContain('amount_fee');
    expect(codes(best(paidDkk, [dkk], { feeToleranceMinor: 500 }))).toContain('partial');
    const eur = item({ id: 902, openMinor: 64_502 });
    expect(codes(best(line({ amountMinor: 61_913, counterpartyName: 'BOULANGERIE DUPONT' }), [eur]))).toContain('partial');
  });

  it('announced partial payments score their partial match higher', () => {
    const inv = item({ id: 77, openMinor: 100_000 });
    const plain = best(line({ counterpartyName: 'BOULANGERIE DUPONT', amountMinor: 30_000 }), [inv]);
    const stated = best(line({ counterpartyName: 'BOULANGERIE DUPONT', amountMinor: 30_000, description: 'ACOMPTE' }), [inv]);
    expect(points(plain, 'partial')).toBe(POINTS.partial);
    expect(points(stated, 'partial')).toBe(POINTS.partialStated);
  });
});

describe('rules naming a party', () => {
  it('make the party a strong candidate, explained by the rule', () => {
    const inv = item({ id: 950, party: 'Fleurs Collet SARL', openMinor: 48_000, reference: null });
    const other = item({ id: 951, party: 'Imprimerie Hervé SNC', openMinor: 48_000, reference: null });
    const cheque = line({ amountMinor: 48_000, description: 'REMISE CHEQUE COLLET 0001234' });
    expect(best(cheque, [inv, other])?.status).toBe('suggested');
    const rule = { id: 7, kind: 'text' as const, pattern: 'REMISE CHEQUE COLLET', party: 'Fleurs Collet SARL' };
    const ruled = best(cheque, [inv, other], { partyRules: [rule] });
    expect(ids(ruled)).toEqual([950]);
    expect(ruled?.status).toBe('auto');
    expect(ruled?.reasons.find((r) => r.code === 'party_rule')).toMatchObject({ points: POINTS.partyRule, params: { rule: 7, party: 'Fleurs Collet SARL' } });
    // A rule naming a party with no open items, or a text the line lacks, changes nothing.
    expect(codes(best(cheque, [inv, other], { partyRules: [{ ...rule, party: 'Nobody SA' }] }))).not.toContain('party_rule');
    expect(codes(best(cheque, [inv, other], { partyRules: [{ ...rule, pattern: 'VIREMENT' }] }))).not.toContain('party_rule');
  });
});

describe('what can be matched', () => {
  it('pays a receivable with money in and a payable with money out', () => {
    const receivable = item({ id: 301 });
    const payable = item({ id: 302, kind: 'payable', reference: 'FAC-2025-00301' });
    expect(ids(best(line({ description: 'FAC-2025-00301' }), [receivable, payable]))).toEqual([301]);
    expect(ids(best(line({ description: 'FAC-2025-00301', amountMinor: -120_000 }), [receivable, payable]))).toEqual([302]);
  });

  it('never matches another currency, a settled item, or an empty line', () => {
    expect(best(line({ description: 'FAC-2025-00310', currency: 'DKK' }), [item({ id: 310 })])).toBeUndefined();
    expect(best(line({ description: 'FAC-2025-00311' }), [item({ id: 311, openMinor: 0 })])).toBeUndefined();
    expect(best(line({ description: 'FAC-2025-00312', amountMinor: 0 }), [item({ id: 312 })])).toBeUndefined();
  });

  it('proposes an item by its amount alone only as a suggestion', () => {
    const p = best(line({ description: 'REMISE CHEQUE N 1234567' }), [item({ openMinor: 120_000 })]);
    expect(codes(p)).toEqual(['amount', 'date']);
    expect(p?.status).toBe('suggested');
  });

  it('returns at most maxProposals per line, best first', () => {
    const items = Array.from({ length: 8 }, (_, i) => item({ openMinor: 120_000, dueDate: `2025-03-0${i + 1}` }));
    const proposals = new Matcher(items, { maxProposals: 4 }).propose(line({ counterpartyName: 'BOULANGERIE DUPONT', bookingDate: '2025-03-03' }));
    expect(proposals).toHaveLength(4);
    expect(proposals.map((p) => p.score)).toEqual([...proposals.map((p) => p.score)].sort((a, b) => b - a));
    expect(ids(proposals[0])).toEqual([items[2].id]);
  });
});

describe('automatic matches', () => {
  it('are decided with identity and amount evidence and a clear lead', () => {
    const inv = item({ id: 400 });
    const p = best(line({ description: 'FAC-2025-00400', counterpartyName: 'BOULANGERIE DUPONT' }), [inv, item(), item()]);
    expect(p?.status).toBe('auto');
  });

  it('accept a party known by its IBAN or exact name with a unique amount', () => {
    const items = [item({ openMinor: 120_000, partyIban: IBAN_DUPONT }), item({ openMinor: 80_000, partyIban: IBAN_DUPONT })];
    expect(best(line({ counterpartyIban: IBAN_DUPONT }), items)?.status).toBe('auto');
    expect(best(line({ counterpartyName: 'Boulangerie Dupont' }), items)?.status).toBe('auto');
  });

  it('stay suggestions when two open items fit as well (ambiguous)', () => {
    const twins = [item({ openMinor: 25_000 }), item({ openMinor: 25_000 })];
    const p = best(line({ amountMinor: 25_000, counterpartyName: 'BOULANGERIE DUPONT' }), twins);
    expect(p?.status).toBe('suggested');
    expect(codes(p)).toContain('ambiguous');
  });

  it('stay suggestions on a close name, a weak reference alone, a partial payment, or more paid than open', () => {
    expect(best(line({ counterpartyName: 'BOULANGERI DUPONT' }), [item()])?.status).toBe('suggested');
    expect(best(line({ description: 'fact. n° 00500' }), [item({ id: 500 })])?.status).toBe('suggested');
    expect(best(line({ description: 'FAC-2025-00501', amountMinor: 50_000 }), [item({ id: 501 })])?.status).toBe('suggested');
    expect(best(line({ description: 'FAC-2025-00502', amountMinor: 150_000 }), [item({ id: 502 })])?.status).toBe('suggested');
  });

  it('accept a fee gap only with a document reference, and never an overpayment', () => {
    const inv = item({ id: 503, partyIban: IBAN_DUPONT });
    expect(best(line({ description: 'FAC-2025-00503', amountMinor: 119_000 }), [inv])?.status).toBe('auto');
    expect(best(line({ counterpartyIban: IBAN_DUPONT, counterpartyName: 'BOULANGERIE DUPONT', amountMinor: 119_000 }), [inv])?.status).toBe('suggested');
    expect(best(line({ description: 'FAC-2025-00503', amountMinor: 120_400 }), [inv])?.status).toBe('suggested');
  });

  it('follow the thresholds of the options', () => {
    const inv = item({ id: 504 });
    expect(best(line({ description: 'FAC-2025-00504' }), [inv], { autoThreshold: 500 })?.status).toBe('suggested');
  });
});

describe('grouped payments', () => {
  const party = { party: 'Garage Martin SAS', partyIban: IBAN_DUPONT };

  it('close several items of one party named in the text', () => {
    const items = [item({ id: 601, openMinor: 10_000, ...party }), item({ id: 602, openMinor: 25_050, ...party }), item({ id: 603, openMinor: 7_000, ...party })];
    const p = best(line({ amountMinor: 35_050, description: 'FACTURES FAC-2025-00601 FAC-2025-00602' }), items);
    expect(ids(p)).toEqual([601, 602]);
    expect(codes(p)).toContain('amount_group');
    expect(p?.status).toBe('auto');
  });

  it('are found by a bounded subset-sum among the items of the party', () => {
    const items = [30_000, 12_345, 50_000, 7_777, 99_999].map((openMinor) => item({ openMinor, ...party }));
    const p = best(line({ amountMinor: 12_345 + 7_777 + 50_000, counterpartyIban: IBAN_DUPONT }), items);
    expect(p?.items.map((i) => i.amountMinor).sort((a, b) => a - b)).toEqual([7_777, 12_345, 50_000]);
    expect(p?.status).toBe('auto');
  });

  it('stay suggestions when several subsets add up', () => {
    const items = [10_000, 10_000, 5_000].map((openMinor) => item({ openMinor, ...party }));
    const p = best(line({ amountMinor: 15_000, counterpartyIban: IBAN_DUPONT }), items);
    expect(p?.items).toHaveLength(2);
    expect(p?.status).toBe('suggested');
  });

  it('respect maxGroupSize', () => {
    const items = [1_000, 2_000, 3_000, 4_000].map((openMinor) => item({ openMinor, ...party }));
    const paid = line({ amountMinor: 10_000, counterpartyIban: IBAN_DUPONT });
    expect(best(paid, items)?.items).toHaveLength(4);
    expect(best(paid, items, { maxGroupSize: 3 })?.items.length ?? 0).toBeLessThan(4);
  });

  it('never mix two parties', () => {
    const items = [item({ openMinor: 10_000, ...party }), item({ openMinor: 5_000, party: 'Other SARL' })];
    expect(best(line({ amountMinor: 15_000, counterpartyIban: IBAN_DUPONT }), items)?.items.length ?? 1).toBe(1);
  });
});

describe('a run of lines', () => {
  it('never auto-matches one item to two lines: equal claims both become suggestions', () => {
    const inv = item({ id: 700 });
    const a = line({ id: 1001, description: 'FAC-2025-00700' });
    const b = line({ id: 1002, description: 'FAC-2025-00700' });
    const proposals = matchLines([a, b], [inv]);
    expect(proposals.filter((p) => p.status === 'auto')).toHaveLength(0);
    expect(proposals.every((p) => codes(p).includes('conflict'))).toBe(true);
  });

  it('lets the line with a clear lead keep the item', () => {
    const inv = item({ id: 701, partyIban: IBAN_DUPONT });
    const strong = line({ id: 1011, description: 'FAC-2025-00701', counterpartyIban: IBAN_DUPONT, counterpartyName: 'BOULANGERIE DUPONT' });
    const weak = line({ id: 1012, description: 'FAC-2025-00701', bookingDate: '2025-06-30' });
    const proposals = matchLines([strong, weak], [inv]);
    const auto = proposals.filter((p) => p.status === 'auto');
    expect(auto.map((p) => p.lineId)).toEqual([1011]);
    expect(proposals.filter((p) => p.lineId === 1012 && p.items.some((i) => i.itemId === 701))).toHaveLength(0);
  });

  it('ranks again a line whose rival item another line settles, which may settle it', () => {
    const first = item({ id: 710, openMinor: 25_000 });
    const second = item({ id: 711, openMinor: 25_000 });
    const byReference = line({ id: 1021, amountMinor: 25_000, description: 'FAC-2025-00710' });
    const byName = line({ id: 1022, amountMinor: 25_000, counterpartyName: 'BOULANGERIE DUPONT' });
    const alone = new Matcher([first, second]).propose(byName)[0];
    expect(alone.status).toBe('suggested');
    const proposals = matchLines([byReference, byName], [first, second]);
    const top = (lineId: number): Proposal | undefined => proposals.find((p) => p.lineId === lineId);
    expect([top(1021)?.status, ids(top(1021))]).toEqual(['auto', [710]]);
    expect([top(1022)?.status, ids(top(1022))]).toEqual(['auto', [711]]);
  });
});

describe('a run of lines, twins (same party, same amount)', () => {
  // A monthly rent: one invoice a month, all of the same amount, paid by name only.
  const rent = (id: number, due: string): OpenItemInput => item({ id, openMinor: 90_000, dueDate: due, issueDate: '2025-01-01', reference: null });
  const paid = (id: number, date: string): BankLine => line({ id, amountMinor: 90_000, bookingDate: date, counterpartyName: 'BOULANGERIE DUPONT' });

  it('gives each line its own twin: a payment 25 days late leaves the next month to the next payment', () => {
    const items = [rent(801, '2025-03-01'), rent(802, '2025-04-01'), rent(803, '2025-05-01')];
    const late = paid(1101, '2025-03-26');
    const onTime = paid(1102, '2025-04-02');
    expect(ids(new Matcher(items).propose(late)[0])).toEqual([802]); // alone, the nearer twin
    const proposals = matchLines([late, onTime], items);
    const top = (lineId: number): Proposal | undefined => proposals.find((p) => p.lineId === lineId);
    expect(ids(top(1101))).toEqual([801]);
    expect(ids(top(1102))).toEqual([802]);
    expect(top(1101)?.reasons.find((r) => r.code === 'twin_taken')?.params).toEqual({ reference: 'AR-802', lineId: 1102 });
    expect(proposals.filter((p) => p.lineId === 1101).map((p) => p.items[0].itemId)).toEqual([801, 802, 803]);
  });

  it('leaves a line its nearest twin when no other line wants it', () => {
    const items = [rent(811, '2025-03-01'), rent(812, '2025-04-01')];
    const proposals = matchLines([paid(1111, '2025-03-26')], items);
    expect(ids(proposals[0])).toEqual([812]);
    expect(codes(proposals[0])).not.toContain('twin_taken');
  });

  it('shares amount-only twins (cheques) among lines that name no party, not the items a named line takes', () => {
    const a = item({ id: 821, party: 'Fleurs Collet SARL', openMinor: 10_000, dueDate: '2025-01-16', reference: null });
    const b = item({ id: 822, party: 'Imprimerie Hervé SNC', openMinor: 10_000, dueDate: '2025-01-10', reference: null });
    const cheque1 = line({ id: 1121, amountMinor: 10_000, bookingDate: '2025-01-11', description: 'REMISE CHEQUE N 1' });
    const cheque2 = line({ id: 1122, amountMinor: 10_000, bookingDate: '2025-01-20', description: 'REMISE CHEQUE N 2' });
    const top = (proposals: Proposal[], lineId: number): Proposal | undefined => proposals.find((p) => p.lineId === lineId);
    const both = matchLines([cheque1, cheque2], [a, b]);
    expect(new Set([ids(top(both, 1121))[0], ids(top(both, 1122))[0]])).toEqual(new Set([821, 822]));
    const named = line({ id: 1123, amountMinor: 10_000, bookingDate: '2025-01-11', counterpartyName: 'IMPRIMERIE HERVE' });
    const withNamed = matchLines([cheque1, named], [a, b]);
    expect(ids(top(withNamed, 1123))).toEqual([822]);
    expect(ids(top(withNamed, 1121))).toEqual([821]);
  });
});

describe('a run of lines, contested items', () => {
  it('never hands an item two lines fight over to a third line ranked again', () => {
    const contested = item({ id: 720, openMinor: 25_000 });
    const other = item({ id: 721, openMinor: 25_000 });
    const lines = [
      line({ id: 1031, amountMinor: 25_000, description: 'FAC-2025-00720' }),
      line({ id: 1032, amountMinor: 25_000, description: 'FAC-2025-00720' }),
      line({ id: 1033, amountMinor: 25_000, description: 'FAC-2025-00721' }),
      line({ id: 1034, amountMinor: 25_000, counterpartyName: 'BOULANGERIE DUPONT' }),
    ];
    const proposals = matchLines(lines, [contested, other]);
    const top = (lineId: number): Proposal | undefined => proposals.find((p) => p.lineId === lineId);
    expect([top(1031)?.status, top(1032)?.status, top(1033)?.status]).toEqual(['suggested', 'suggested', 'auto']);
    expect(ids(top(1034))).toEqual([720]);
    expect(top(1034)?.status).toBe('suggested');
  });
});

describe('options', () => {
  it('refuses fractions, negatives and a margin a date alone could reach', () => {
    expect(() => settingsOf({ feeTolerancePercent: 0.5 })).toThrow(RangeError);
    expect(() => settingsOf({ feeToleranceMinor: -1 })).toThrow(RangeError);
    expect(() => settingsOf({ autoMargin: 10 })).toThrow(RangeError);
    expect(settingsOf({}).maxGroupSize).toBe(5);
  });
});

describe('on generated books', () => {
  it('auto-matches only correctly, and most paying lines', () => {
    const { lines, items, truth } = generateBooks(11, { lines: 1_500, items: 2_000 });
    const first = new Map<number, Proposal>();
    for (const p of matchLines(lines, items)) if (!first.has(p.lineId)) first.set(p.lineId, p);
    const auto = [...first.values()].filter((p) => p.status === 'auto');
    const correct = auto.filter((p) => {
      const expected = truth.get(p.lineId);
      return expected !== null && expected !== undefined && expected.length === p.items.length && p.items.every((i) => expected.includes(i.itemId));
    });
    const paying = [...truth.values()].filter((t) => t !== null).length;
    expect(correct.length).toBe(auto.length);
    expect(correct.length / paying).toBeGreaterThan(0.8);
  });
});
