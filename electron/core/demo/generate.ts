// Writes the demo company's bundled files: a CAMT.053 file for a French current account, an
// MT940 file for a Danish account, and the open items (invoices and bills) that many of their
// lines pay. Everything is made up by us, deterministically (same seed, same files), and the
// files are committed in data/; demo.test.ts checks that they still match this generator.
//   node --import tsx electron/core/demo/write-data.ts
import { composeIBAN } from 'ibantools';
import { toDecimal } from '../../../shared/money.js';
import { Random } from '../reconcile/random.js';

export interface DemoLine {
  date: string;
  amountMinor: number;
  text: string;
  party: string | null;
  partyIban: string | null;
  reference: string | null;
  endToEndId: string | null;
  bankReference: string;
}

export interface DemoItem {
  id: string;
  kind: 'receivable' | 'payable';
  party: string;
  partyIban: string | null;
  reference: string;
  issueDate: string;
  dueDate: string;
  amountMinor: number;
  currency: string;
}

export interface DemoBooks {
  eur: { iban: string; bic: string; openingMinor: number; lines: DemoLine[] };
  dkk: { iban: string; bic: string; openingMinor: number; lines: DemoLine[] };
  items: DemoItem[];
}

/** French RIB key: 97 - ((89 * bank + 15 * branch + 3 * account) mod 97). */
function frenchIban(bank: string, branch: string, account: string): string {
  const key = 97 - Number((89n * BigInt(bank) + 15n * BigInt(branch) + 3n * BigInt(account)) % 97n);
  return composeIBAN({ countryCode: 'FR', bban: bank + branch + account + String(key).padStart(2, '0') })!;
}

function danishIban(reg: string, account: string): string {
  return composeIBAN({ countryCode: 'DK', bban: reg + account.padStart(10, '0') })!;
}

const CUSTOMERS_FR = ['Boulangerie Martin SARL', 'Hôtel du Port SAS', 'Cabinet Lefèvre EURL', 'Garage Renaud SA', 'Librairie des Écoles SARL', 'Pharmacie Centrale SNC', 'Studio Graphique Océane SASU', 'Restaurant Le Zinc SARL'];
const SUPPLIERS_FR = ['Papeterie Dupont SAS', 'Électricité Moreau SARL', 'Transports Girard SA', 'Bureautique Plus SAS', 'Imprimerie Nationale du Sud SARL'];
const CUSTOMERS_DK = ['Nordisk Design ApS', 'Københavns Kaffe A/S', 'Aarhus Møbler ApS', 'Fynsk Bryghus A/S'];
const SUPPLIERS_DK = ['Dansk Emballage ApS', 'Øresund Logistik A/S'];

function dateIn(rand: () => number, month: number): string {
  return `2026-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
}

function addDays(date: string, days: number): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function amount(rand: () => number, min: number, max: number): number {
  return Math.round(min + rand() * (max - min)) * 100 + (rand() < 0.5 ? 0 : Math.floor(rand() * 100));
}

export function generateDemoBooks(seed = 2026): DemoBooks {
  const random = new Random(seed);
  const rand = () => random.next();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const ibanOf = new Map<string, string>();
  CUSTOMERS_FR.concat(SUPPLIERS_FR).forEach((p, i) =>
    ibanOf.set(p, frenchIban(String(30001 + i * 7).padStart(5, '0'), String(10000 + i * 31), String(70000000000 + i * 1234567))));
  CUSTOMERS_DK.concat(SUPPLIERS_DK).forEach((p, i) => ibanOf.set(p, danishIban(String(3000 + i * 111), String(4400000 + i * 98765))));

  const items: DemoItem[] = [];
  const eur: DemoLine[] = [];
  const dkk: DemoLine[] = [];
  let ref = 0;
  const line = (date: string, amountMinor: number, text: string, extra: Partial<DemoLine> = {}): DemoLine => ({
    date, amountMinor, text, party: null, partyIban: null, reference: null, endToEndId: null,
    bankReference: `DEMO${String(++ref).padStart(6, '0')}`, ...extra,
  });

  for (const month of [8, 9, 10]) {
    // French customers paying invoices, in the many ways they do.
    for (let i = 0; i < 13; i++) {
      const party = pick(CUSTOMERS_FR);
      const number = `FAC-2026-${String(items.length + 101).padStart(5, '0')}`;
      const issue = dateIn(rand, month - 1 || 12);
      const total = amount(rand, 150, 4800);
      const item: DemoItem = { id: number, kind: 'receivable', party, partyIban: ibanOf.get(party)!, reference: number, issueDate: issue, dueDate: addDays(issue, 30), amountMinor: total, currency: 'EUR' };
      items.push(item);
      if (i >= 11) continue; // two invoices a month stay unpaid
      const paid = i === 3 ? Math.round(total / 2) : i === 7 ? total - 350 : total; // a partial payment; fees deducted
      const style = i % 4;
      const text =
        style === 0 ? `VIR SEPA RECU /DE ${party.toUpperCase()} /MOTIF Facture ${number.slice(4)}` :
        style === 1 ? `VIREMENT ${party.toUpperCase().slice(0, 35)} REGLEMENT ${number.replace(/-/g, ' ')}` :
        style === 2 ? `VIR ${party.toUpperCase().replace(/ (SARL|SAS|SASU|SA|EURL|SNC)$/, '')}` :
        `VIR SEPA /INV/${number.replace(/-/g, '')}`;
      eur.push(line(addDays(item.dueDate, Math.floor(rand() * 9) - 3), paid, text, {
        party: style === 2 ? party.toUpperCase() : party, partyIban: style === 3 ? null : item.partyIban, endToEndId: style === 0 ? `E2E-${number}` : null,
      }));
    }
    // French suppliers paid by transfer or direct debit.
    for (let i = 0; i < 8; i++) {
      const party = pick(SUPPLIERS_FR);
      const number = `FA${String(month).padStart(2, '0')}${String(400 + items.length)}`;
      const issue = dateIn(rand, month);
      const total = amount(rand, 60, 2400);
      items.push({ id: `BILL-${number}`, kind: 'payable', party, partyIban: ibanOf.get(party)!, reference: number, issueDate: issue, dueDate: addDays(issue, 15), amountMinor: total, currency: 'EUR' });
      if (i === 7) continue;
      eur.push(line(addDays(issue, 10 + Math.floor(rand() * 8)), -total, `${i % 2 ? 'PRLV SEPA' : 'VIR EMIS'} ${party.toUpperCase()} ${number}`, { party, partyIban: ibanOf.get(party)! }));
    }
    // The rest of a month: fees, cards, taxes, salaries.
    eur.push(line(`2026-${String(month).padStart(2, '0')}-05`, -4200, 'COMMISSIONS ET FRAIS DE TENUE DE COMPTE'));
    eur.push(line(`2026-${String(month).padStart(2, '0')}-15`, -amount(rand, 900, 2200), 'PRLV SEPA URSSAF ILE DE FRANCE COTISATIONS', { party: 'URSSAF' }));
    eur.push(line(`2026-${String(month).padStart(2, '0')}-20`, -amount(rand, 400, 1600), 'PRLV SEPA DGFIP TVA', { party: 'DGFIP' }));
    for (const who of ['SALAIRE C. BERNARD', 'SALAIRE M. PETIT', 'SALAIRE L. ROUX']) {
      eur.push(line(`2026-${String(month).padStart(2, '0')}-28`, -amount(rand, 1900, 2900), `VIR ${who}`));
    }
    for (let i = 0; i < 14; i++) {
      eur.push(line(dateIn(rand, month), -amount(rand, 5, 180), `CB ${pick(['TOTALENERGIES', 'MONOPRIX', 'SNCF', 'AMAZON EU', 'LA POSTE', 'BOULANGERIE PAUL'])} ${dateIn(rand, month).slice(8)}/${String(month).padStart(2, '0')}`));
    }
    // Danish customers and suppliers, on the DKK account.
    for (let i = 0; i < 12; i++) {
      const customer = i < 9;
      const party = customer ? pick(CUSTOMERS_DK) : pick(SUPPLIERS_DK);
      const number = customer ? `${2026}${String(700 + items.length)}` : `K-${String(900 + items.length)}`;
      const issue = dateIn(rand, month);
      const total = amount(rand, 800, 24000);
      items.push({ id: customer ? `DK-${number}` : `DKB-${number}`, kind: customer ? 'receivable' : 'payable', party, partyIban: ibanOf.get(party)!, reference: number, issueDate: issue, dueDate: addDays(issue, 14), amountMinor: total, currency: 'DKK' });
      if (i === 8) continue;
      dkk.push(line(addDays(issue, 12 + Math.floor(rand() * 6)), customer ? total : -total,
        customer ? `Indbetaling ${party} faktura ${number}` : `Betaling ${party} ${number}`, { party, partyIban: ibanOf.get(party)! }));
    }
    dkk.push(line(`2026-${String(month).padStart(2, '0')}-01`, -12500, 'Gebyr erhvervskonto'));
    dkk.push(line(`2026-${String(month).padStart(2, '0')}-10`, -amount(rand, 3000, 9000), 'SKAT moms', { party: 'SKAT' }));
    for (let i = 0; i < 10; i++) dkk.push(line(dateIn(rand, month), -amount(rand, 40, 900), `Dankort ${pick(['NETTO', 'DSB', 'CIRCLE K', 'IKEA', 'POSTNORD'])}`));
  }
  // Three months of statements: a payment that would land after October lands on its last day.
  for (const l of [...eur, ...dkk]) if (l.date > '2026-10-31') l.date = '2026-10-31';
  const byDate = (a: DemoLine, b: DemoLine) => a.date.localeCompare(b.date) || a.bankReference.localeCompare(b.bankReference);
  return {
    eur: { iban: frenchIban('30004', '00823', '00010123456'), bic: 'BNPAFRPPXXX', openingMinor: 1845000, lines: eur.sort(byDate) },
    dkk: { iban: danishIban('1551', '3201885412'), bic: 'DABADKKKXXX', openingMinor: 8500000, lines: dkk.sort(byDate) },
    items,
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function monthsOf(lines: DemoLine[]): Map<string, DemoLine[]> {
  const months = new Map<string, DemoLine[]>();
  for (const l of lines) months.set(l.date.slice(0, 7), [...(months.get(l.date.slice(0, 7)) ?? []), l]);
  return months;
}

function lastDay(month: string): string {
  return addDays(addDays(month + '-01', 32).slice(0, 7) + '-01', -1);
}

export function camt053(account: DemoBooks['eur']): string {
  let balance = account.openingMinor;
  const bal = (code: string, minor: number, date: string) =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${toDecimal(Math.abs(minor), 'EUR')}</Amt><CdtDbtInd>${minor < 0 ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`;
  const statements = [...monthsOf(account.lines)].map(([month, lines]) => {
    const opening = balance;
    balance += lines.reduce((s, l) => s + l.amountMinor, 0);
    const entries = lines.map((l) => {
      const credit = l.amountMinor > 0;
      const party = l.party || l.partyIban
        ? `<RltdPties>${credit ? `<Dbtr><Nm>${esc(l.party ?? '')}</Nm></Dbtr>${l.partyIban ? `<DbtrAcct><Id><IBAN>${l.partyIban}</IBAN></Id></DbtrAcct>` : ''}` : `<Cdtr><Nm>${esc(l.party ?? '')}</Nm></Cdtr>${l.partyIban ? `<CdtrAcct><Id><IBAN>${l.partyIban}</IBAN></Id></CdtrAcct>` : ''}`}</RltdPties>`
        : '';
      return `
      <Ntry>
        <Amt Ccy="EUR">${toDecimal(Math.abs(l.amountMinor), 'EUR')}</Amt><CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>${l.date}</Dt></BookgDt><ValDt><Dt>${l.date}</Dt></ValDt><AcctSvcrRef>${l.bankReference}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${credit ? 'RCDT' : 'ICDT'}</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs><EndToEndId>${l.endToEndId ?? 'NOTPROVIDED'}</EndToEndId></Refs>${party}<RmtInf><Ustrd>${esc(l.text)}</Ustrd></RmtInf></TxDtls></NtryDtls>
      </Ntry>`;
    });
    return `
    <Stmt>
      <Id>DEMO-EUR-${month}</Id><ElctrncSeqNb>${Number(month.slice(5))}</ElctrncSeqNb><CreDtTm>${lastDay(month)}T22:00:00</CreDtTm>
      <Acct><Id><IBAN>${account.iban}</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>ATELIER DEMO SARL</Nm></Ownr><Svcr><FinInstnId><BIC>${account.bic}</BIC></FinInstnId></Svcr></Acct>
      ${bal('OPBD', opening, month + '-01')}
      ${bal('CLBD', balance, lastDay(month))}${entries.join('')}
    </Stmt>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>DEMO-CAMT-2026Q3</MsgId><CreDtTm>2026-10-31T22:00:00</CreDtTm></GrpHdr>${statements.join('')}
  </BkToCstmrStmt>
</Document>
`;
}

export function mt940(account: DemoBooks['dkk']): string {
  let balance = account.openingMinor;
  const swiftDate = (d: string) => d.slice(2, 4) + d.slice(5, 7) + d.slice(8, 10);
  const money = (minor: number) => toDecimal(Math.abs(minor), 'DKK').replace('.', ',');
  const mark = (minor: number) => (minor < 0 ? 'D' : 'C');
  return [...monthsOf(account.lines)].map(([month, lines], n) => {
    const opening = balance;
    balance += lines.reduce((s, l) => s + l.amountMinor, 0);
    const body = lines.map((l) =>
      `:61:${swiftDate(l.date)}${l.date.slice(5, 7)}${l.date.slice(8, 10)}${mark(l.amountMinor)}${money(l.amountMinor)}NTRFNONREF//${l.bankReference}\r\n` +
      // SWIFT-structured :86: (as Dutch and Nordic banks write it), wrapped at 65 characters.
      `:86:${wrap65(`/TRTP/SEPA${l.partyIban ? `/IBAN/${l.partyIban}` : ''}${l.party ? `/NAME/${l.party}` : ''}/REMI/${l.text}`)}\r\n`).join('');
    return `:20:DEMO-DKK-${month}\r\n:25:${account.iban}\r\n:28C:${n + 1}/1\r\n` +
      `:60F:${mark(opening)}${swiftDate(month + '-01')}DKK${money(opening)}\r\n${body}` +
      `:62F:${mark(balance)}${swiftDate(lastDay(month))}DKK${money(balance)}\r\n-\r\n`;
  }).join('');
}

function wrap65(text: string): string {
  return (text.match(/.{1,65}/g) ?? []).join('\r\n');
}

export function itemsCsv(items: DemoItem[]): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = items.map((i) => [i.id, i.kind, i.party, i.partyIban ?? '', i.reference, i.issueDate, i.dueDate, toDecimal(i.amountMinor, i.currency), i.currency].map(quote).join(','));
  return ['id,kind,party,party_iban,reference,issue_date,due_date,amount,currency', ...rows].join('\n') + '\n';
}

export const DEMO_FILES = {
  eurStatements: 'compte-courant-bnp.camt053.xml',
  dkkStatements: 'danske-erhverv.mt940.sta',
  items: 'open-items.csv',
} as const;

export function demoFileContents(): Record<keyof typeof DEMO_FILES, string> {
  const books = generateDemoBooks();
  return { eurStatements: camt053(books.eur), dkkStatements: mt940(books.dkk), items: itemsCsv(books.items) };
}
