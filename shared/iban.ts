// IBAN checks with a precise reason, for the form (as you type) and for the core (again).
// ibantools does the checking; this module only turns its codes into messages a bookkeeper reads.
import { composeIBAN, electronicFormatIBAN, getCountrySpecifications, validateIBAN, ValidationErrorsIBAN } from 'ibantools';

export type IbanProblem =
  | { code: 'empty' }
  | { code: 'country'; country: string }
  | { code: 'length'; country: string; expected: number; actual: number }
  | { code: 'format'; country: string }
  | { code: 'checksum' }
  | { code: 'national-key'; country: string };

export type IbanCheck = { ok: true; iban: string } | { ok: false; problem: IbanProblem; message: string };

const specs = getCountrySpecifications();

export function checkIban(input: string): IbanCheck {
  const iban = electronicFormatIBAN(input) ?? '';
  if (!iban) return fail({ code: 'empty' });
  const country = iban.slice(0, 2);
  const spec = specs[country];
  if (!spec?.chars) return fail({ code: 'country', country });
  if (iban.length !== spec.chars) return fail({ code: 'length', country, expected: spec.chars, actual: iban.length });
  const { valid, errorCodes } = validateIBAN(iban);
  if (valid) return { ok: true, iban };
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat)) return fail({ code: 'format', country });
  // A wrong national key (the French RIB key) is the more useful message when both fail.
  if (errorCodes.includes(ValidationErrorsIBAN.WrongAccountBankBranchChecksum)) return fail({ code: 'national-key', country });
  return fail({ code: 'checksum' });
}

function fail(problem: IbanProblem): IbanCheck {
  return { ok: false, problem, message: ibanMessage(problem) };
}

export function ibanMessage(p: IbanProblem): string {
  switch (p.code) {
    case 'empty':
      return 'enter an IBAN';
    case 'country':
      return `"${p.country}" is not a country that uses IBANs`;
    case 'length':
      return `a ${p.country} IBAN has ${p.expected} characters, this one has ${p.actual}`;
    case 'format':
      return `the characters do not fit the ${p.country} IBAN format`;
    case 'checksum':
      return 'the check digits do not match: a character is probably mistyped';
    case 'national-key':
      return p.country === 'FR' ? 'the RIB key (last two digits) does not match the bank, branch and account numbers' : `the ${p.country} national check digits do not match`;
  }
}

/** "1551-3201885412" or "1551 3201885412": a Danish registration number (4 digits) and account number (up to 10). */
export function checkDanishAccount(input: string): { ok: true; reg: string; account: string; iban: string } | { ok: false; message: string } {
  const m = /^\s*(\d{4})[\s-]*(\d{1,10})\s*$/.exec(input);
  if (!m) return { ok: false, message: 'expected a registration number (4 digits) and an account number (up to 10 digits), e.g. 1551-3201885412' };
  const account = m[2].padStart(10, '0');
  const iban = composeIBAN({ countryCode: 'DK', bban: m[1] + account });
  if (!iban) return { ok: false, message: 'not a valid Danish account number' };
  return { ok: true, reg: m[1], account, iban };
}

/** "FR7630006000011234567890189" -> "FR76 3000 6000 0112 3456 7890 189" */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}
