// Writes a large, realistic MT940 file for the parse benchmark: SWIFT envelopes around
// statements of 500 entries (one per day), each entry a :61: line plus a German-style :86: with
// SEPA subfields, wrapped at 65 characters like bank files. Each statement's balances reconcile
// and its opening continues the previous closing. The file is streamed to disk statement by
// statement, never held in memory; amounts are deterministic, so runs are reproducible.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const ENTRIES_PER_STATEMENT = 500;
const IBAN = 'DE89370400440532013000';
const COUNTERPARTY_IBANS = ['DK5000400440116243', 'NL91ABNA0417164300', 'FR1420041010050500013M02606', 'DE02120300000000202051'];
const COUNTERPARTY_NAMES = ['Boulangerie Martin SARL', 'Jensen og Soenner ApS', 'Cafe de l Ete', 'Mueller Bueroausstattung GmbH'];
const LINE_WIDTH = 65;

export async function writeMt940(file: string, entries: number): Promise<{ bytes: number }> {
  const out = createWriteStream(file, { encoding: 'latin1' });
  let bytes = 0;
  let balanceCents = 1_000_000n; // 10,000.00 EUR
  for (let first = 0, statement = 0; first < entries || statement === 0; first += ENTRIES_PER_STATEMENT, statement++) {
    const count = Math.min(ENTRIES_PER_STATEMENT, entries - first);
    const date = dayOf(statement);
    let text = header(statement, balance('60F', balanceCents, dayOf(statement - 1)));
    for (let i = first; i < first + count; i++) {
      const amount = entryCents(i);
      balanceCents += amount;
      text += entryLines(i, amount, date);
    }
    text += balance('62F', balanceCents, date) + '-}\r\n';
    bytes += Buffer.byteLength(text, 'latin1');
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  if (!out.writableFinished) await once(out, 'finish');
  return { bytes };
}

/** Signed amount of entry i in cents: a mix of small debits and larger credits. */
function entryCents(i: number): bigint {
  const size = BigInt(((i * 7919) % 250_000) + 1);
  return i % 3 === 0 ? size * 3n : -size;
}

/** YYMMDD of the statement's day, counting from 2024-01-01. */
function dayOf(statement: number): string {
  return new Date(Date.UTC(2024, 0, 1 + statement)).toISOString().slice(2, 10).replace(/-/g, '');
}

function swiftAmount(cents: bigint): string {
  const digits = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
  return `${digits.slice(0, -2)},${digits.slice(-2)}`;
}

function balance(tag: string, cents: bigint, date: string): string {
  return `:${tag}:${cents < 0n ? 'D' : 'C'}${date}EUR${swiftAmount(cents)}\r\n`;
}

function header(statement: number, opening: string): string {
  const number = String(statement + 1).padStart(5, '0');
  return `{1:F01COBADEFFAXXX0000000000}{2:I940COBADEFFXXXXN}{4:\r\n:20:BENCH${number}\r\n:25:${IBAN}\r\n:28C:${number}/001\r\n${opening}`;
}

function entryLines(i: number, cents: bigint, date: string): string {
  const credit = cents > 0n;
  const party = i % COUNTERPARTY_NAMES.length;
  const id = String(i).padStart(8, '0');
  const statementLine = `:61:${date}${date.slice(2)}${credit ? 'C' : 'D'}${swiftAmount(cents)}NTRF${credit ? 'NONREF' : `KREF${id}`}//B${date}${id}\r\n`;
  const purpose = `EREF+E2E-${id}SVWZ+Facture F-2024-${id} reglement client`;
  const information = `${credit ? '166' : '116'}?00SEPA-${credit ? 'GUTSCHRIFT' : 'UEBERWEISUNG'}?109310${subfields(20, purpose)}`
    + `?30COBADEFFXXX?31${COUNTERPARTY_IBANS[party]}${subfields(32, COUNTERPARTY_NAMES[party])}`;
  return statementLine + wrap(':86:' + information);
}

/** Cuts text into the 27-character ?NN subfields of German :86: fields, from code `first` on. */
function subfields(first: number, text: string): string {
  let out = '';
  for (let i = 0, code = first; i < text.length; i += 27, code++) out += `?${code}${text.slice(i, i + 27)}`;
  return out;
}

function wrap(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += LINE_WIDTH) out += text.slice(i, i + LINE_WIDTH) + '\r\n';
  return out;
}
