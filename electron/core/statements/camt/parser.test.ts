import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../../../../shared/statement.js';
import { collectDocument } from '../common/document.js';
import { type StatementFileError } from '../common/errors.js';
import { chunksOf } from '../common/lines.js';
import { camtParser } from './parser.js';
import { refusal } from '../../../../test/helpers/refusal.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const CAMT053 = fixture('camt053-v02-two-statements.xml');
const CAMT052 = fixture('camt052-v08-report.xml');
const CAMT054 = fixture('camt054-v08-batch.xml');

function parse(text: string, chunkSize?: number): Promise<ParsedDocument> {
  return collectDocument(camtParser.parse(chunksOf(text, chunkSize), {}));
}

function parseError(text: string, chunkSize?: number): Promise<StatementFileError> {
  return refusal(parse(text, chunkSize));
}

/** A minimal camt.053.001.02 statement around the given entries. */
function statement(entries: string, account = '<Acct><Id><IBAN>DK5000400440116243</IBAN></Id><Ccy>DKK</Ccy></Acct>'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId></GrpHdr>
<Stmt>
<Id>S1</Id>
${account}
${entries}
</Stmt>
</BkToCstmrStmt>
</Document>
`;
}

const entry = (inside: string): string => `<Ntry>${inside}</Ntry>`;
const BOOKED = '<Sts>BOOK</Sts><BookgDt><Dt>2024-01-02</Dt></BookgDt>';

describe('camtParser.detect', () => {
  it('recognises camt.052, camt.053 and camt.054, whatever the namespace prefix', () => {
    for (const text of [CAMT053, CAMT052, CAMT054]) expect(camtParser.detect(text)).toBe(true);
    expect(camtParser.detect('<Document><BkToCstmrStmt><GrpHdr>')).toBe(true); // no declaration, no namespace
  });

  it('does not take other formats for CAMT', () => {
    expect(camtParser.detect(':20:STARTUMS\n:25:UBRTHUHB/1234\n:28C:0072\n')).toBe(false);
    expect(camtParser.detect('OFXHEADER:100\nDATA:OFXSGML\n<OFX><BANKMSGSRSV1>')).toBe(false);
    expect(camtParser.detect('Date;Libellé;Montant\n01/02/2024;Loyer;-800,00\n')).toBe(false);
    // A payment order (pain.001) is XML from the same family, but not a statement.
    expect(camtParser.detect('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn>')).toBe(false);
  });
});

describe('camt.053.001.02 (namespace prefix, two statements)', () => {
  it('reads the statements, the account and the booked balances', async () => {
    const { statements, warnings } = await parse(CAMT053);
    expect(statements.map((s) => [s.format, s.id, s.entries.length])).toEqual([
      ['camt.053', 'STMT-2024-02', 4],
      ['camt.053', 'STMT-2024-03', 1],
    ]);
    expect(statements[0].account).toEqual({
      iban: 'FR7630006000011234567890189', number: null, bic: 'AGRIFRPP', currency: 'EUR', name: 'Atelier Dupont & Fils',
    });
    // OPBD wins over the PRCD written before it; CLAV is not a statement balance.
    expect(statements[0].openingBalance).toEqual({ amount: '1000.00', currency: 'EUR', date: '2024-02-01' });
    expect(statements[0].closingBalance).toEqual({ amount: '1097.500', currency: 'EUR', date: '2024-02-29' });
    expect(statements[1].closingBalance).toEqual({ amount: '-102.50', currency: 'EUR', date: '2024-03-31' });
    expect(warnings).toEqual([]); // balances reconcile and the second statement continues the first
  });

  it('maps a single-transaction entry', async () => {
    const { statements } = await parse(CAMT053);
    expect(statements[0].entries[0]).toEqual({
      bookingDate: '2024-02-05',
      valueDate: '2024-02-06',
      amount: '250.00',
      currency: 'EUR',
      // Ustrd blocks (one in CDATA) joined by a space, then AddtlTxInf; AddtlNtryInf repeats it.
      description: 'Facture 2024-017 acompte <50%> | VIREMENT SEPA RECU',
      counterparty: { name: 'Boulangerie Martin', iban: 'DE89370400440532013000' }, // credit: the debtor
      reference: 'RF18539007547034',
      endToEndId: 'E2E-INV-2024-017',
      bankReference: 'BANKREF-1',
      status: 'booked',
      details: [],
    });
  });

  it('keeps the transactions of a batch entry in details, signed like the entry', async () => {
    const batch = (await parse(CAMT053)).statements[0].entries[1];
    expect(batch).toMatchObject({ amount: '-141.00', description: 'Remise de virements', counterparty: null, endToEndId: null });
    expect(batch.details).toEqual([
      {
        amount: '-100.00', counterparty: { name: 'Jensen & Sønner ApS', iban: 'DK5000400440116243' },
        reference: null, endToEndId: 'SAL-001', description: 'Loyer février',
      },
      { amount: '-41.00', counterparty: { name: 'Café de l’Été', iban: null }, reference: null, endToEndId: null, description: null },
    ]);
  });

  it('keeps three-decimal amounts and reads pending entries', async () => {
    const [, , interest, pending] = (await parse(CAMT053)).statements[0].entries;
    expect(interest).toMatchObject({ amount: '0.500', description: 'Intérêts créditeurs', counterparty: null, details: [] });
    // Pending entry without BookgDt: the booking date is taken from the value date.
    expect(pending).toMatchObject({ amount: '-12.00', status: 'pending', bookingDate: '2024-03-01', valueDate: '2024-03-01' });
  });

  it('signs a reversal by its CdtDbtInd and takes the creditor of a debit', async () => {
    const [reversal] = (await parse(CAMT053)).statements[1].entries;
    expect(reversal).toMatchObject({
      amount: '-1200.00',
      counterparty: { name: 'Boulangerie Martin', iban: null },
      bankReference: 'TX-REF-9', // the entry has none: the transaction's is used
      description: 'Retour prélèvement AC04',
    });
  });
});

describe('camt.052.001.08 report', () => {
  it('reads v.08 shapes: Sts/Cd, Pty wrappers, BICFI, DtTm dates, an account without IBAN', async () => {
    const { statements } = await parse(CAMT052);
    expect(statements).toHaveLength(1);
    const [report] = statements;
    expect(report).toMatchObject({ format: 'camt.052', id: 'RPT-20240514-12', openingBalance: null, closingBalance: null });
    expect(report.account).toEqual({ iban: null, number: '0035-2915203-10-000', bic: 'DABADKKK', currency: 'DKK', name: 'Hansen Tømrer ApS' });
    expect(report.entries[0]).toEqual({
      bookingDate: '2024-05-14',
      valueDate: '2024-05-14',
      amount: '-1875.00',
      currency: 'DKK',
      description: 'Faktura 4411',
      // An <Othr><Id> holding a valid IBAN is reported as the IBAN.
      counterparty: { name: 'Trælasten A/S', iban: 'DK5000400440116243' },
      reference: '+71<000000004411+',
      endToEndId: 'FAKT-4411',
      bankReference: 'DB-20240514-0001',
      status: 'booked',
      details: [],
    });
    expect(report.entries[1]).toMatchObject({
      amount: '320.5', status: 'pending', bookingDate: '2024-05-15', valueDate: null,
      counterparty: { name: 'Kunde Nielsen', iban: 'DK9520000123456789' }, description: 'Ordre 88',
    });
  });
});

describe('camt.054.001.08 notification', () => {
  it('lists the batch transactions, preferring amounts in the entry currency', async () => {
    const { statements } = await parse(CAMT054);
    const [notification] = statements;
    expect(notification).toMatchObject({ format: 'camt.054', id: 'NTF-0603', openingBalance: null, closingBalance: null });
    expect(notification.account.iban).toBe('CH9300762011623852957');
    const [batch] = notification.entries;
    expect(batch).toMatchObject({
      amount: '600.00', currency: 'CHF', description: 'Sammelgutschrift QR', counterparty: null, reference: null, endToEndId: null,
      bankReference: 'NTF-0603-01',
    });
    expect(batch.details).toEqual([
      {
        amount: '100.00', counterparty: { name: 'Client Alpha SA', iban: 'CH5604835012345678009' },
        reference: '210000000003139471430009017', endToEndId: 'QR-1', description: null,
      },
      { amount: '200.00', counterparty: { name: 'Client Beta GmbH', iban: null }, reference: null, endToEndId: 'QR-2', description: 'Rechnung 7 | QR-Zahlung' },
      { amount: '300.00', counterparty: null, reference: null, endToEndId: 'QR-3', description: null },
    ]);
  });
});

describe('streaming', () => {
  it('gives the same result whatever the chunk borders', async () => {
    for (const text of [CAMT053, CAMT052, CAMT054]) {
      const whole = await parse(text);
      for (const size of [1, 3, 17, 256]) expect(await parse(text, size)).toEqual(whole);
    }
  });

  it('reads the bytes of a file cut anywhere, inside a character too', async () => {
    async function* bytesOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    }
    for (const text of [CAMT053, CAMT052, CAMT054]) {
      const whole = await parse(text);
      const bytes = Buffer.from('\uFEFF' + text, 'utf8'); // a byte order mark, itself cut in two
      expect(bytes.some((b) => b > 0x7f)).toBe(true); // characters of two and three bytes to cut
      for (const size of [1, 2, 5, 64, 4096]) expect(await collectDocument(camtParser.parseUtf8!(bytesOf(bytes, size), {}))).toEqual(whole);
    }
  });

  it('skips what it does not read, even where it is not well-formed', async () => {
    // BkTxCd is not read: its content is skipped to its end tag, as a non-validating reader would.
    const skipped = '<BkTxCd><Domn><Cd>PMNT</Domn><Prtry x="1 > 2"/>&unknown;</BkTxCd>';
    const { statements } = await parse(statement(entry(`<Amt Ccy="DKK">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>${BOOKED}${skipped}<AcctSvcrRef>R1</AcctSvcrRef>`)));
    expect(statements[0].entries[0]).toMatchObject({ amount: '1.00', bankReference: 'R1' });
    // An element holding one of its own name is read tag by tag, and a broken one is refused.
    const nested = '<BkTxCd><BkTxCd><Cd>X</Cd></BkTxCd></Domn></BkTxCd>';
    expect((await parseError(statement(entry(`<Amt Ccy="DKK">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>${BOOKED}${nested}`)))).detail).toMatch(/malformed XML/);
  });

  it('yields each entry as soon as it is read, before the rest of the file', async () => {
    let piecesRead = 0;
    async function* file(): AsyncGenerator<string> {
      const [head, tail] = statement('@').split('@');
      yield head;
      for (let i = 0; i < 100_000; i++) {
        piecesRead++;
        yield entry(`<Amt Ccy="DKK">${i}.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>${BOOKED}`);
      }
      yield tail;
    }
    const events = camtParser.parse(file(), {});
    expect((await events.next()).value).toMatchObject({ type: 'begin', statement: { id: 'S1' } });
    expect((await events.next()).value).toMatchObject({ type: 'entry', entry: { amount: '0.00' } });
    expect(piecesRead).toBeLessThan(5);
    await events.return(undefined);
  });

  it('sends begin and end for a statement without entries', async () => {
    const events = [];
    for await (const event of camtParser.parse(chunksOf(statement('')), {})) events.push(event.type);
    expect(events).toEqual(['begin', 'end']);
  });
});

describe('amounts and currencies', () => {
  it('reads decimals as written, including xs:decimal forms without a digit before or after the point', async () => {
    const amounts = ['1500', '.5', '7.', '0012.30'].map((a) => entry(`<Amt Ccy="JPY">${a}</Amt><CdtDbtInd>DBIT</CdtDbtInd>${BOOKED}`));
    const { statements } = await parse(statement(amounts.join('\n')));
    expect(statements[0].entries.map((e) => e.amount)).toEqual(['-1500', '-0.5', '-7', '-12.30']);
  });

  it('takes the account currency when <Amt> has no Ccy', async () => {
    const { statements } = await parse(statement(entry(`<Amt>10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>${BOOKED}`)));
    expect(statements[0].entries[0].currency).toBe('DKK');
  });
});

describe('refused files', () => {
  it('says where a truncated file ends', async () => {
    const cut = CAMT053.indexOf('141.00') + 3;
    const error = await parseError(CAMT053.slice(0, cut));
    expect(error.format).toBe('camt.053');
    expect(error.location).toEqual({ statement: 1, line: CAMT053.slice(0, cut).split('\n').length, element: 'Stmt/Ntry/Amt' });
    expect(error.message).toMatch(/^camt\.053, statement 1, line \d+, element Stmt\/Ntry\/Amt: the file ends before <Amt> is closed/);
  });

  it('reports malformed XML with its line, whatever the chunk size', async () => {
    const broken = CAMT054.replace('</AcctSvcrRef>', '</AcctSvcrRf>');
    const line = CAMT054.slice(0, CAMT054.indexOf('</AcctSvcrRef>')).split('\n').length;
    for (const size of [1, 65536]) {
      const error = await parseError(broken, size);
      expect(error.message).toMatch(/^camt\.054, statement 1, line \d+, element Ntfctn\/Ntry: malformed XML: unexpected close tag/);
      expect(error.location.line).toBe(line);
    }
  });

  it('names a missing required element', async () => {
    const error = await parseError(statement(entry(`<CdtDbtInd>CRDT</CdtDbtInd>${BOOKED}`)));
    expect(error.message).toMatch(/^camt\.053, statement 1, line \d+, element Stmt\/Ntry: entry 1 has no <Amt>$/);
    expect((await parseError(statement(entry('<Amt Ccy="DKK">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>')))).detail)
      .toBe('entry 1 has neither <BookgDt> nor <ValDt>');
    const balance = '<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="DKK">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>';
    expect((await parseError(statement(balance))).detail).toBe('balance CLBD has no <Dt>');
  });

  it('refuses values it cannot read', async () => {
    const bad = (inside: string) => parseError(statement(entry(inside)));
    expect((await bad(`<Amt Ccy="DKK">12,50</Amt><CdtDbtInd>CRDT</CdtDbtInd>${BOOKED}`)).detail).toBe('entry 1: amount "12,50" is not a decimal number');
    expect((await bad(`<Amt Ccy="DKK">1</Amt><CdtDbtInd>CREDIT</CdtDbtInd>${BOOKED}`)).detail).toBe('entry 1: CdtDbtInd is "CREDIT" (expected CRDT or DBIT)');
    expect((await bad('<Amt Ccy="DKK">1</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>02/01/2024</Dt></BookgDt>')).detail)
      .toBe('entry 1: "02/01/2024" is not an ISO date (YYYY-MM-DD)');
    const noCurrency = statement(entry(`<Amt>1</Amt><CdtDbtInd>CRDT</CdtDbtInd>${BOOKED}`), '<Acct><Id><IBAN>DK5000400440116243</IBAN></Id></Acct>');
    expect((await parseError(noCurrency)).detail).toBe('entry 1: <Amt> has no Ccy attribute and the account has no currency');
  });

  // Found by fuzzing (test/statements/fuzz.test.ts): these came out as documents with a month
  // 52, a 29 February 2023, a currency "NaN"; and a quoted value kept its line break.
  it('refuses dates that are not days of the calendar, and currencies that are not codes', async () => {
    const booked = (date: string) => `<Amt Ccy="DKK">1</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt>${date}</BookgDt>`;
    expect((await parseError(statement(entry(booked('<DtTm>2016-52-11T10:00:00</DtTm>'))))).detail)
      .toBe('entry 1: "2016-52-11T10:00:00" is not an ISO date (YYYY-MM-DD)');
    expect((await parseError(statement(entry(booked('<Dt>2023-02-29</Dt>'))))).detail).toBe('entry 1: "2023-02-29" is not an ISO date (YYYY-MM-DD)');
    expect((await parse(statement(entry(booked('<Dt>2024-02-29</Dt>'))))).statements[0].entries[0].bookingDate).toBe('2024-02-29');
    expect((await parseError(statement(entry(`<Amt Ccy="NaN">1</Amt><CdtDbtInd>CRDT</CdtDbtInd>${BOOKED}`)))).detail)
      .toBe('entry 1: currency "NaN" is not an ISO 4217 code (three capital letters, e.g. EUR)');
    const badAccount = '<Acct><Id><IBAN>DK5000400440116243</IBAN></Id><Ccy>725</Ccy></Acct>';
    expect((await parseError(statement('', badAccount))).detail).toBe('account: currency "725" is not an ISO 4217 code (three capital letters, e.g. EUR)');
    const split = await parseError(statement(entry(booked('<Dt>2023\r\n-01-25</Dt>'))));
    expect(split.message).toMatch(/: entry 1: "2023\\n-01-25" is not an ISO date \(YYYY-MM-DD\)$/);
  });

  it('refuses XML that is not a bank-to-customer message, and text that is not XML', async () => {
    expect((await parseError('<Document><CstmrCdtTrfInitn/></Document>')).detail).toMatch(/not a camt\.052\/053\/054 file/);
    expect((await parseError('<Document><BkToCstmrStmt><GrpHdr/></BkToCstmrStmt></Document>')).detail).toBe('no <Stmt> in the file');
    expect((await parseError('Date;Montant\n01/02/2024;12,00\n')).message).toMatch(/^CAMT, line \d+: malformed XML/);
    expect((await parseError('')).message).toMatch(/^CAMT, line 1: malformed XML/);
  });
});
