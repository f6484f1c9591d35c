import { describe, expect, it } from 'vitest';
import { addDecimals, compareDecimals, currencyExponent, isCurrency, normalizeDecimal, toDecimal, toMinor } from './money.js';

describe('money', () => {
  it('knows each currency exponent from ISO 4217', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('DKK')).toBe(2);
    expect(() => currencyExponent('EURO')).toThrow(/unknown currency/);
    expect(isCurrency('XYZ')).toBe(false);
  });

  it('converts decimal strings to minor units and back without floats', () => {
    expect(toMinor('-12.3', 'EUR')).toBe(-1230);
    expect(toMinor('0.1', 'EUR') + toMinor('0.2', 'EUR')).toBe(toMinor('0.3', 'EUR'));
    expect(toMinor('1234', 'JPY')).toBe(1234);
    expect(toMinor('1.234', 'KWD')).toBe(1234);
    expect(toMinor('5.000', 'EUR')).toBe(500);
    expect(toDecimal(-1230, 'EUR')).toBe('-12.30');
    expect(toDecimal(5, 'EUR')).toBe('0.05');
    expect(toDecimal(-5, 'JPY')).toBe('-5');
    expect(toDecimal(1234, 'KWD')).toBe('1.234');
    expect(toDecimal(0, 'EUR')).toBe('0.00');
  });

  it('refuses amounts it cannot represent exactly', () => {
    expect(() => toMinor('1.005', 'EUR')).toThrow(/more decimals than EUR/);
    expect(() => toMinor('1,05', 'EUR')).toThrow(/not a decimal amount/);
    expect(() => toMinor('1e3', 'EUR')).toThrow(/not a decimal amount/);
    expect(() => toMinor('99999999999999999', 'EUR')).toThrow(/too large/);
  });

  it('adds and compares decimal strings exactly at any scale', () => {
    expect(addDecimals(['0.1', '0.2', '-0.3'])).toBe('0.0');
    expect(addDecimals(['10.005', '-0.01'])).toBe('9.995');
    expect(addDecimals(['-1', '0.50'])).toBe('-0.50');
    expect(compareDecimals('1.10', '1.1')).toBe(0);
    expect(compareDecimals('-2', '1')).toBe(-1);
    expect(normalizeDecimal('+012.50')).toBe('12.50');
    expect(normalizeDecimal('-0.00')).toBe('0.00');
  });
});
