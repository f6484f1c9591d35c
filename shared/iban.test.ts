import { describe, expect, it } from 'vitest';
import { checkDanishAccount, checkIban, formatIban } from './iban.js';

describe('IBAN checks', () => {
  it('accepts valid IBANs in any spacing or case', () => {
    expect(checkIban('fr76 3000 6000 0112 3456 7890 189')).toEqual({ ok: true, iban: 'FR7630006000011234567890189' });
    expect(checkIban('DK50 0040 0440 1162 43')).toEqual({ ok: true, iban: 'DK5000400440116243' });
  });

  it('says precisely what is wrong', () => {
    expect(checkIban('')).toMatchObject({ ok: false, problem: { code: 'empty' } });
    expect(checkIban('XX12 3456')).toMatchObject({ ok: false, problem: { code: 'country', country: 'XX' } });
    expect(checkIban('FR76 3000 6000 0112 3456 7890 18')).toMatchObject({ ok: false, problem: { code: 'length', expected: 27, actual: 26 }, message: 'a FR IBAN has 27 characters, this one has 26' });
    expect(checkIban('FR76 3000 6000 0112 3456 7890 188')).toMatchObject({ ok: false, problem: { code: 'national-key' }, message: /RIB key/ });
    expect(checkIban('DE88 3704 0044 0532 0130 00')).toMatchObject({ ok: false, problem: { code: 'checksum' } });
  });

  it('converts Danish registration + account numbers to IBAN', () => {
    expect(checkDanishAccount('0040-0440116243')).toEqual({ ok: true, reg: '0040', account: '0440116243', iban: 'DK5000400440116243' });
    expect(checkDanishAccount('1551 3201885412')).toMatchObject({ ok: true, iban: 'DK9115513201885412' });
    expect(checkDanishAccount('15-51')).toMatchObject({ ok: false });
  });

  it('formats for reading', () => {
    expect(formatIban('FR7630006000011234567890189')).toBe('FR76 3000 6000 0112 3456 7890 189');
  });
});
