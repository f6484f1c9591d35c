// The words of the synthetic books: party names and how a bank prints them, invoice numbers
// and how payers write them, IBANs, RF references and FIK codes.
import { composeIBAN } from 'ibantools';
import * as data from './generator-data.js';
import type { Random } from './random.js';

export type Country = 'FR' | 'DK';

export interface PartyNameParts {
  name: string;
  legalForm: string;
}

export function partyName(rng: Random, country: Country): PartyNameParts {
  const fr = country === 'FR';
  const legalForm = rng.pick(fr ? data.FR_LEGAL_FORMS : data.DK_LEGAL_FORMS);
  const surname = rng.pick(fr ? data.FR_SURNAMES : data.DK_SURNAMES);
  const place = rng.pick(fr ? data.FR_PLACES : data.DK_PLACES);
  const style = rng.weighted({ trade: 5, family: 2, place: 2, long: 2 });
  let body: string;
  if (style === 'long') body = fr ? `${rng.pick(data.FR_LONG_TRADES)} ${surname} ${place}` : `${surname} ${rng.pick(data.DK_LONG_TRADES)}`;
  else if (style === 'family') body = fr ? `${surname} & Fils` : `${surname} & Søn`;
  else if (style === 'place') body = `${rng.pick(fr ? data.FR_TRADES : data.DK_TRADES)} ${surname} ${place}`;
  else body = fr ? `${rng.pick(data.FR_TRADES)} ${surname}` : `${surname} ${rng.pick(data.DK_TRADES)}`;
  const prefixed = fr && rng.chance(0.3);
  return { name: prefixed ? `${legalForm} ${body}` : `${body} ${legalForm}`, legalForm };
}

function loseAccents(text: string, danishStyle: boolean): string {
  const spelled = danishStyle
    ? text.replace(/ø/g, 'oe').replace(/Ø/g, 'Oe').replace(/å/g, 'aa').replace(/Å/g, 'Aa')
    : text.replace(/ø/g, 'o').replace(/Ø/g, 'O');
  return spelled
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'Ae')
    .replace(/[’']/g, ' ')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** The party's name as a bank prints it: uppercase, legal form dropped or moved, accents lost, cut at 35 characters. */
export function bankName(rng: Random, parts: PartyNameParts): string {
  let name = parts.name;
  const withoutForm = name.replace(parts.legalForm, '').replace(/\s+/g, ' ').trim();
  if (rng.chance(0.25)) name = withoutForm;
  else if (rng.chance(0.1)) name = name.startsWith(parts.legalForm) ? `${withoutForm} ${parts.legalForm}` : `${parts.legalForm} ${withoutForm}`;
  if (rng.chance(0.6)) name = loseAccents(name, rng.chance(0.5));
  if (rng.chance(0.7)) name = name.toUpperCase();
  if (rng.chance(0.85)) name = name.slice(0, 35).trimEnd();
  return name;
}

// ---------------------------------------------------------------------------------------------
// Bank identifiers

function mod97(numeric: string): number {
  return Number(BigInt(numeric) % 97n);
}

export function iban(rng: Random, country: Country): string {
  if (country === 'DK') return composeIBAN({ countryCode: 'DK', bban: rng.digits(14) }) ?? '';
  const [bank, branch, account] = [rng.digits(5), rng.digits(5), rng.digits(11)];
  // French RIB key: 97 - (89 bank + 15 branch + 3 account) mod 97.
  const key = 97 - ((89 * Number(bank) + 15 * Number(branch) + 3 * Number(account)) % 97);
  return composeIBAN({ countryCode: 'FR', bban: `${bank}${branch}${account}${String(key).padStart(2, '0')}` }) ?? '';
}

/** A valid ISO 11649 creditor reference. */
export function creditorReference(rng: Random): string {
  const body = rng.digits(rng.int(8, 16));
  const check = 98 - mod97(`${body}271500`); // "RF00" moved to the end, R = 27, F = 15
  return `RF${String(check).padStart(2, '0')}${body}`;
}

/** A FIK +71 code line: 15-digit payment id (with a mod-10 check digit) and the 8-digit creditor number. */
export function fik71(rng: Random, creditor: string): string {
  const body = rng.digits(14);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const d = Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return `+71<${body}${(10 - (sum % 10)) % 10}+${creditor}<`;
}

// ---------------------------------------------------------------------------------------------
// Invoice numbers as payers write them

const YEAR_NUMBER = /^([A-Z]*)-?(\d{4})-(\d+)$/;

/** How a payer writes an invoice number: the many forms of one number, a few giving only its trailing digits. */
export function writtenReference(rng: Random, reference: string, country: Country): string {
  if (reference.startsWith('RF')) return rng.chance(0.6) ? reference.replace(/(.{4})(?=.)/g, '$1 ') : reference;
  const fik = /^\+71<(\d{15})\+(\d{8})<$/.exec(reference);
  if (fik) return rng.pick([reference, `FIK 71 ${fik[1]} ${fik[2]}`, `Betalings-id ${fik[1]}`, `+71<${fik[1]}+${fik[2]}<`]);
  const m = YEAR_NUMBER.exec(reference);
  if (m) return yearNumberForm(rng, reference, m[1], m[2], m[3], country);
  return country === 'FR'
    ? rng.pick([reference, `Facture ${reference}`, `FACT ${reference}`, `N° ${reference}`])
    : rng.pick([reference, `Faktura ${reference}`, `Fakt. ${reference}`, `Fakturanr. ${reference}`, `Faktura nr. ${reference}`]);
}

function yearNumberForm(rng: Random, reference: string, prefix: string, year: string, number: string, country: Country): string {
  if (country === 'DK') {
    return rng.pick([reference, `Faktura ${reference}`, `Fakt. ${year}-${number}`, `FAKTURA ${year} ${number}`, `Fakturanr. ${number}`]);
  }
  const form = rng.weighted({ asIs: 3, facture: 2, spaced: 2, glued: 2, slash: 1, weak: 1 });
  if (form === 'facture') return rng.pick([`Facture ${year}-${number}`, `Facture ${reference}`, `REGLEMENT FACTURE ${reference}`]);
  if (form === 'spaced') return `FACT ${year} ${number}`;
  if (form === 'glued') return `/INV/${prefix}${year}${number}`;
  if (form === 'slash') return `Fac ${year}/${number}`;
  if (form === 'weak') return rng.pick([`fact. n° ${number}`, `Votre facture n° ${number}`]);
  return reference;
}
