import { describe, expect, it } from 'vitest';
import { isValidIBAN } from 'ibantools';
import { generateBooks } from './generator.js';
import { fikCodesInText, parseCreditorReference } from './normalize.js';
import { Random } from './random.js';

const books = generateBooks(7, { lines: 2_000, items: 2_600 });
const itemById = new Map(books.items.map((i) => [i.id, i]));

describe('generateBooks', () => {
  it('is deterministic for a seed, and differs between seeds', () => {
    const again = generateBooks(7, { lines: 2_000, items: 2_600 });
    expect(again.lines).toEqual(books.lines);
    expect(again.items).toEqual(books.items);
    expect([...again.truth]).toEqual([...books.truth]);
    expect(generateBooks(8, { lines: 2_000, items: 2_600 }).lines).not.toEqual(books.lines);
  });

  it('makes exactly the lines and open items asked for, with ids from 1', () => {
    expect(books.lines).toHaveLength(2_000);
    expect(books.items).toHaveLength(2_600);
    expect(books.lines.map((l) => l.id)).toEqual(books.lines.map((_, i) => i + 1));
    expect(new Set(books.items.map((i) => i.externalId)).size).toBe(2_600);
    expect(books.truth.size).toBe(2_000);
  });

  it('uses integer minor units, signed lines and positive open amounts', () => {
    expect(books.lines.every((l) => Number.isSafeInteger(l.amountMinor) && l.amountMinor !== 0)).toBe(true);
    expect(books.items.every((i) => Number.isSafeInteger(i.openMinor) && i.openMinor > 0)).toBe(true);
    expect(new Set(books.items.map((i) => i.currency))).toEqual(new Set(['EUR', 'DKK']));
  });

  it('pays receivables with money in and payables with money out, one party per line, each item once', () => {
    const paid = new Set<number>();
    for (const line of books.lines) {
      const truth = books.truth.get(line.id);
      if (!truth) continue;
      const items = truth.map((id) => itemById.get(id)!);
      expect(new Set(items.map((i) => i.party)).size).toBe(1);
      expect(items.every((i) => i.kind === (line.amountMinor > 0 ? 'receivable' : 'payable') && i.currency === line.currency)).toBe(true);
      for (const id of truth) {
        expect(paid.has(id)).toBe(false);
        paid.add(id);
      }
    }
    expect(paid.size).toBeLessThan(books.items.length); // some items stay unpaid
  });

  it('mixes payments of every kind with noise lines', () => {
    const truths = [...books.truth.values()];
    const noise = truths.filter((t) => t === null).length / truths.length;
    expect(noise).toBeGreaterThan(0.1);
    expect(noise).toBeLessThan(0.2);
    expect(truths.filter((t) => t !== null && t.length >= 2).length).toBeGreaterThan(50);
    const settles = (line: (typeof books.lines)[number]): number => (books.truth.get(line.id) ?? []).reduce((sum, id) => sum + itemById.get(id)!.openMinor, 0);
    const paying = books.lines.filter((l) => books.truth.get(l.id));
    expect(paying.filter((l) => Math.abs(l.amountMinor) < settles(l)).length).toBeGreaterThan(40); // partial or fees
    const texts = books.lines.map((l) => `${l.description} ${l.reference ?? ''}`).join('\n');
    for (const word of ['URSSAF', 'DGFIP', 'SKAT', 'SALAIRE', 'Løn', 'CB ', 'Dankort', 'REMISE CHEQUE', 'REMBOURSEMENT']) expect(texts).toContain(word);
  });

  it('writes invoice numbers in their many forms', () => {
    const texts = books.lines.map((l) => `${l.description} ${l.reference ?? ''} ${l.endToEndId ?? ''}`).join('\n');
    for (const form of [/FAC-20\d\d-\d{5}/, /Facture 20\d\d-\d{5}/, /FACT 20\d\d \d{5}/, /\/INV\/FAC20\d{7}/, /fact\. n° \d{5}/, /Faktura \d{6}/, /RF\d\d/, /\+71</]) {
      expect(texts).toMatch(form);
    }
  });

  it('prints party names as banks do: uppercase, cut at 35 characters, legal form or accents lost', () => {
    const names = books.lines.map((l) => l.counterpartyName).filter((n): n is string => n !== null);
    expect(names.filter((n) => n.length <= 35).length).toBeGreaterThan(names.length * 0.9);
    expect(names.some((n) => n === n.toUpperCase())).toBe(true);
    expect(names.some((n) => n.length === 35)).toBe(true);
    const parties = new Set(books.items.map((i) => i.party));
    expect([...parties].some((p) => /(SARL|SAS|ApS|A\/S|IVS)$/.test(p))).toBe(true);
    expect(names.filter((n) => !parties.has(n)).length).toBeGreaterThan(names.length / 2);
  });

  it('makes open items collide on round amounts', () => {
    const counts = new Map<number, number>();
    for (const i of books.items) counts.set(i.openMinor, (counts.get(i.openMinor) ?? 0) + 1);
    expect([10_000, 25_000, 100_000].some((amount) => (counts.get(amount) ?? 0) >= 10)).toBe(true);
  });

  it('makes valid identifiers: IBANs, RF references, FIK codes', () => {
    const ibans = books.items.map((i) => i.partyIban).filter((x): x is string => x !== null);
    expect(ibans.length).toBeGreaterThan(100);
    expect(ibans.every((iban) => isValidIBAN(iban))).toBe(true);
    const rf = books.items.filter((i) => i.reference?.startsWith('RF'));
    expect(rf.length).toBeGreaterThan(0);
    expect(rf.every((i) => parseCreditorReference(i.reference!) !== null)).toBe(true);
    expect(books.items.some((i) => fikCodesInText(i.reference ?? '').length > 0)).toBe(true);
  });
});

describe('Random', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const a = new Random(42);
    const b = new Random(42);
    const rolls = Array.from({ length: 1000 }, () => a.int(3, 9));
    expect(rolls).toEqual(Array.from({ length: 1000 }, () => b.int(3, 9)));
    expect(Math.min(...rolls)).toBe(3);
    expect(Math.max(...rolls)).toBe(9);
  });
});
