import { describe, expect, it } from 'vitest';
import {
  compactId,
  creditorReferencesInText,
  fikCodesInText,
  foldAscii,
  invoiceKey,
  invoiceKeysInText,
  invoiceKeysOfReference,
  nameSimilarity,
  normalizeEndToEndId,
  normalizeIban,
  normalizeParty,
  parseCreditorReference,
  partyNameRelation,
} from './normalize.js';

const compact = (name: string): string => normalizeParty(name).compact;

describe('foldAscii', () => {
  it('uppercases and strips accents, spelling out ligatures', () => {
    expect(foldAscii('Société Générale œuvre')).toBe('SOCIETE GENERALE OEUVRE');
    expect(foldAscii('Søren Æbelø Åby straße')).toBe('SOREN AEBELO ABY STRASSE');
  });
});

describe('normalizeParty', () => {
  it.each([
    ['Boulangerie Lefèvre SARL', 'BOULANGERIELEFEVRE'],
    ['SAS Transports Mérieux', 'TRANSPORTSMERIEUX'],
    ['Dupont SASU', 'DUPONT'],
    ['Dupont SA', 'DUPONT'],
    ['Dupont EURL', 'DUPONT'],
    ['Dupont SNC', 'DUPONT'],
    ['SCI Les Tilleuls', 'LESTILLEULS'],
    ['Dupont S.A.R.L.', 'DUPONT'],
    ['Jensen Tømrer ApS', 'JENSENTOMRER'],
    ['Jensen Tømrer A/S', 'JENSENTOMRER'],
    ['Jensen Tømrer IVS', 'JENSENTOMRER'],
    ['Jensen & Søn I/S', 'JENSENSON'],
    ['Jensen Holding K/S', 'JENSENHOLDING'],
    ['Müller Büro GmbH', 'MULLERBURO'],
    ['Acme Ltd', 'ACME'],
    ['Acme LLC', 'ACME'],
    ['Acme B.V.', 'ACME'],
  ])('drops the legal form: %s', (name, expected) => {
    expect(compact(name)).toBe(expected);
  });

  it('ignores case, accents, punctuation and where the legal form stands', () => {
    expect(compact("L'Atelier d'Émilie SAS")).toBe(compact('SAS L ATELIER D EMILIE'));
    expect(compact('SARL Noël & Fils')).toBe(compact('NOEL FILS SARL'));
  });

  it('makes both Danish spellings without accents meet', () => {
    expect(compact('Søndergaard Tømrer ApS')).toBe(compact('SOENDERGAARD TOEMRER APS'));
    expect(compact('Søndergaard Tømrer ApS')).toBe(compact('SONDERGARD TOMRER'));
    expect(compact('Århus Byg')).toBe(compact('Aarhus Byg'));
  });

  it('keeps a name made only of legal-form words', () => {
    expect(compact('SA')).toBe('SA');
  });

  it('marks long names as possibly truncated', () => {
    expect(normalizeParty('DUPONT ET FILS TRANSPORTS INTERNATI').maybeTruncated).toBe(true);
    expect(normalizeParty('DUPONT').maybeTruncated).toBe(false);
  });
});

describe('partyNameRelation', () => {
  const party = normalizeParty('Dupont et Fils Transports Internationaux SARL');

  it('is exact once normalized', () => {
    expect(partyNameRelation(normalizeParty('DUPONT ET FILS TRANSPORTS INTERNATIONAUX'), party)).toBe('exact');
  });

  it('accepts a name cut at 35 characters, inside a word', () => {
    const cut = 'DUPONT ET FILS TRANSPORTS INTERNATIONAUX SARL'.slice(0, 35);
    expect(partyNameRelation(normalizeParty(cut), party)).toBe('truncated');
  });

  it('accepts a cut inside the legal form', () => {
    expect(partyNameRelation(normalizeParty('DUPONT ET FILS TRANSPORTS INTERNATIONAUX SA'.slice(0, 44)), party)).toBe('exact');
    expect(partyNameRelation(normalizeParty('DUPONT ET FILS TRANSPORTS INTERNATIONAUX SAR'), party)).toBe('truncated');
  });

  it('refuses a short name that is only the start of another', () => {
    expect(partyNameRelation(normalizeParty('DUPONT ET FILS'), party)).toBeNull();
    expect(partyNameRelation(normalizeParty('MARTIN TRANSPORTS'), party)).toBeNull();
  });
});

describe('nameSimilarity', () => {
  it('is high for a typo, low for another name', () => {
    expect(nameSimilarity(normalizeParty('BOULANGERI LEFEVRE'), normalizeParty('Boulangerie Lefèvre'))).toBeGreaterThan(0.9);
    expect(nameSimilarity(normalizeParty('GARAGE MARTIN'), normalizeParty('Boulangerie Lefèvre'))).toBeLessThan(0.5);
  });
});

describe('invoice numbers', () => {
  it.each(['FAC-2025-00123', 'Facture 2025-00123', 'FACT 2025 00123', '/INV/FAC202500123', 'reglement fac 2025/00123', 'Facture FAC-2025-00123'])(
    'reads %s as the full key of invoice 123 of 2025',
    (text) => {
      expect(invoiceKeysInText(text).full).toContain(invoiceKey(2025, 123));
    },
  );

  it('reads "fact. n° 00123" as the weak key only', () => {
    const keys = invoiceKeysInText('VIR fact. n° 00123');
    expect(keys.full).toEqual([]);
    expect(keys.weak).toEqual([123]);
  });

  it('gives the same keys on the open item side', () => {
    const key = { full: invoiceKey(2025, 123), weak: 123 };
    expect(invoiceKeysOfReference('FAC-2025-00123')).toEqual(key);
    expect(invoiceKeysOfReference('F2025-0123')).toEqual(key);
    expect(invoiceKeysOfReference('FA202500123')).toEqual(key);
  });

  it('keeps the year: the same number of another year is another invoice', () => {
    expect(invoiceKeysInText('FAC-2024-00123').full).toEqual([invoiceKey(2024, 123)]);
    expect(invoiceKeysInText('FAC-2024-00123').weak.length).toBe(0);
  });

  it('reads long plain numbers (Danish invoices) as full keys', () => {
    expect(invoiceKeysOfReference('104512')).toEqual({ full: 104512, weak: 104512 });
    expect(invoiceKeysInText('Faktura 104512').full).toContain(invoiceKey(null, 104512));
    expect(invoiceKeysInText('Fakturanr. 104512').full).toContain(104512);
  });

  it('reads short plain numbers only after an invoice word', () => {
    expect(invoiceKeysOfReference('INV-789')).toEqual({ full: null, weak: 789 });
    expect(invoiceKeysInText('Faktura 789').weak).toEqual([789]);
    expect(invoiceKeysInText('CB 789 PARIS').weak.length).toBe(0);
    expect(invoiceKeysInText('FACTURES E2E918').weak.length).toBe(0);
  });

  it('reads neither long runs (card numbers, ids) nor year pairs with too long a number', () => {
    expect(invoiceKeysInText('CARTE 4970101234567890').full).toEqual([]);
    expect(invoiceKeysInText('REF 2024-10274953123').full).toEqual([]);
  });

  it('does not read dates as invoice numbers', () => {
    const keys = invoiceKeysInText('PRLV DU 2025-03-12 REF 20250312');
    expect(keys.full.filter((k) => k >= invoiceKey(1990, 0))).toEqual([]);
  });

  it('gives no invoice keys for structured references', () => {
    expect(invoiceKeysOfReference('RF18 5390 0754 7034')).toEqual({ full: null, weak: null });
    expect(invoiceKeysOfReference('+71<000000012345678+12345678<')).toEqual({ full: null, weak: null });
  });
});

describe('RF creditor references (ISO 11649)', () => {
  it('validates the mod-97 check digits', () => {
    expect(parseCreditorReference('RF18 5390 0754 7034')).toBe('RF18539007547034');
    expect(parseCreditorReference('rf18539007547034')).toBe('RF18539007547034');
    expect(parseCreditorReference('RF19 5390 0754 7034')).toBeNull();
    expect(parseCreditorReference('RF18')).toBeNull();
  });

  it('finds them in a text, printed or in one piece, several in a row', () => {
    expect(creditorReferencesInText('VIR RF18 5390 0754 7034 MERCI')).toEqual(['RF18539007547034']);
    expect(creditorReferencesInText('RF18539007547034/RF712348231')).toEqual(['RF18539007547034', 'RF712348231']);
    expect(creditorReferencesInText('RF18 5390 0754 7034 RF71 2348 231')).toEqual(['RF18539007547034', 'RF712348231']);
  });
});

describe('FIK codes', () => {
  it('reads the giro code line', () => {
    expect(fikCodesInText('+71<000000012345678+12345678<')).toEqual([{ kortart: '71', paymentId: '12345678', creditor: '12345678' }]);
    expect(fikCodesInText('+75<0000000987654321+87654321<')).toEqual([{ kortart: '75', paymentId: '987654321', creditor: '87654321' }]);
  });

  it('reads kortart 73, which names only the creditor', () => {
    expect(fikCodesInText('+73<+87654321<')).toEqual([{ kortart: '73', paymentId: null, creditor: '87654321' }]);
  });

  it('reads "FIK 71 ..." and "Betalings-id"', () => {
    expect(fikCodesInText('FIK 71 000000012345678 12345678')).toEqual([{ kortart: '71', paymentId: '12345678', creditor: '12345678' }]);
    expect(fikCodesInText('Betalings-id: 000000012345678')).toEqual([{ kortart: null, paymentId: '12345678', creditor: null }]);
  });

  it('finds none in ordinary text', () => {
    expect(fikCodesInText('Faktura 104512 tak')).toEqual([]);
  });
});

describe('identifiers', () => {
  it('normalizes IBANs and refuses a wrong check', () => {
    expect(normalizeIban('fr76 3000 6000 0112 3456 7890 189')).toBe('FR7630006000011234567890189');
    expect(normalizeIban('FR76 3000 6000 0112 3456 7890 188')).toBeNull();
    expect(normalizeIban(null)).toBeNull();
  });

  it('drops end-to-end placeholders', () => {
    expect(normalizeEndToEndId('NOTPROVIDED')).toBeNull();
    expect(normalizeEndToEndId(' ')).toBeNull();
    expect(normalizeEndToEndId('fac-2025/00123')).toBe('FAC202500123');
    expect(compactId('Fac 2025-00123')).toBe('FAC202500123');
  });
});
