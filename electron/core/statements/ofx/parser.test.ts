import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../../../../shared/statement.js';
import { collectDocument } from '../common/document.js';
import { type StatementFileError } from '../common/errors.js';
import { chunksOf } from '../common/lines.js';
import type { ParseEvent, ParseOptions } from '../common/types.js';
import { readFileSync } from 'node:fs';
import { corpusRoot, failedChecks, samplesOf } from '../../../../test/helpers/truth.js';
import { decodeEntities } from './sgml.js';
import { ofxAmount, ofxDate, ofxParser } from './parser.js';
import { refusal } from '../../../../test/helpers/refusal.js';

const SGML_HEADER = [
  'OFXHEADER:100', 'DATA:OFXSGML', 'VERSION:102', 'SECURITY:NONE', 'ENCODING:USASCII', 'CHARSET:1252',
  'COMPRESSION:NONE', 'OLDFILEUID:NONE', 'NEWFILEUID:NONE', '',
].join('\r\n');

// Two accounts in one file: a French current account (SGML, unclosed values) and a credit card.
const TWO_ACCOUNTS = `${SGML_HEADER}\r
<OFX>\r
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240131120000<LANGUAGE>FRA</SONRS></SIGNONMSGSRSV1>\r
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\r
<STMTRS><CURDEF>EUR\r
<BANKACCTFROM><BANKID>30002<BRANCHID>00550<ACCTID>FR7630006000011234567890189<ACCTTYPE>CHECKING</BANKACCTFROM>\r
<BANKTRANLIST><DTSTART>20240101<DTEND>20240131\r
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<DTUSER>20240104<TRNAMT>-12.3<FITID>F1<NAME>BOULANGERIE DUPONT<MEMO>CB BOULANGERIE DUPONT 04/01</STMTTRN>\r
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240110120000.000[+1:CET]<TRNAMT>1500,00<FITID>F2<NAME>Client &amp; Fils<MEMO>Facture 2024-001\r
<BANKACCTTO><BANKID>BNPAFRPP<ACCTID>FR14 2004 1010 0505 0001 3M02 606<ACCTTYPE>CHECKING</BANKACCTTO></STMTTRN>\r
<STMTTRN><TRNTYPE>CHECK<DTPOSTED>20240115<TRNAMT>-250<FITID>F3<CHECKNUM>1234567<NAME>CHEQUE</STMTTRN>\r
</BANKTRANLIST>\r
<LEDGERBAL><BALAMT>2237.70<DTASOF>20240131</LEDGERBAL>\r
</STMTRS></STMTTRNRS></BANKMSGSRSV1>\r
<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>2<STATUS><CODE>0<SEVERITY>INFO</STATUS>\r
<CCSTMTRS><CURDEF>DKK<CCACCTFROM><ACCTID>4571123412341234</CCACCTFROM>\r
<BANKTRANLIST><DTSTART>20240101<DTEND>20240131\r
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240120<TRNAMT>-99.95<FITID>C1<NAME>Netto<CURRENCY><CURRATE>1.0<CURSYM>DKK</CURRENCY></STMTTRN>\r
</BANKTRANLIST><LEDGERBAL><BALAMT>-99.95<DTASOF>20240131</LEDGERBAL>\r
</CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1>\r
</OFX>\r
`;

const XML_V2 = `<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX>
  <BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID>
    <STMTRS>
      <CURDEF>EUR</CURDEF>
      <BANKACCTFROM><BANKID>30002</BANKID><ACCTID>00012345678</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
      <BANKTRANLIST>
        <STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240201</DTPOSTED><TRNAMT>-5.00</TRNAMT><FITID>X1</FITID>
          <PAYEE><NAME>Café &#233;t&#xE9;</NAME><ADDR1>1 rue</ADDR1></PAYEE><MEMO><![CDATA[Abonnement <web>]]></MEMO></STMTTRN>
        <!-- a comment <STMTTRN> -->
      </BANKTRANLIST>
      <BANKTRANLISTP>
        <STMTTRNP><TRNTYPE>DEBIT</TRNTYPE><DTTRAN>20240203</DTTRAN><TRNAMT>-7.50</TRNAMT><NAME>EN ATTENTE</NAME></STMTTRNP>
      </BANKTRANLISTP>
      <LEDGERBAL><BALAMT>100.00</BALAMT><DTASOF>20240202083000</DTASOF></LEDGERBAL>
    </STMTRS>
  </STMTTRNRS></BANKMSGSRSV1>
</OFX>`;

function parse(text: string, chunkSize = 65536, options: ParseOptions = {}): Promise<ParsedDocument> {
  return collectDocument(ofxParser.parse(chunksOf(text, chunkSize), options));
}

function parseError(text: string, chunkSize = 65536): Promise<StatementFileError> {
  return refusal(parse(text, chunkSize));
}

/** A minimal SGML statement around the given transactions and ledger balance. */
function statement(transactions: string, ledger = '<LEDGERBAL><BALAMT>10.00<DTASOF>20240131</LEDGERBAL>', curdef = 'EUR'): string {
  return `<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>${curdef}<BANKACCTFROM><BANKID>1<ACCTID>42</BANKACCTFROM>
<BANKTRANLIST>${transactions}</BANKTRANLIST>${ledger}</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
}

describe('ofxParser.detect', () => {
  it('recognises OFX 1.x headers, OFX 2.x processing instructions and bare <OFX> files', () => {
    expect(ofxParser.detect(TWO_ACCOUNTS)).toBe(true);
    expect(ofxParser.detect('\n\n\nOFXHEADER:100\nDATA:OFXSGML\n')).toBe(true);
    expect(ofxParser.detect(XML_V2)).toBe(true);
    expect(ofxParser.detect('<?OFX OFXHEADER="200" VERSION="211"?><OFX>')).toBe(true);
    expect(ofxParser.detect('\uFEFF  <OFX>\n<SIGNONMSGSRSV1>')).toBe(true);
  });

  it('does not claim other formats', () => {
    expect(ofxParser.detect('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">')).toBe(false);
    expect(ofxParser.detect(':20:STARTUMS\n:25:12345678/0000000001\n')).toBe(false);
    expect(ofxParser.detect('Date;Libellé;Montant\n01/02/2024;Café;-3,50\n')).toBe(false);
    expect(ofxParser.detect('!Type:Bank\nD01/02/2024\nT-3.50\n^\n')).toBe(false);
  });

  // Found by fuzzing (test/statements/fuzz.test.ts): a comment could match across the next ones,
  // so a head of comments not followed by <OFX> took exponential time to refuse (8 s for these 28).
  it('reads comments before <OFX> in linear time', () => {
    const comments = '<!-- exported by the bank\'s web site, see -- notes -->\n'.repeat(28);
    const started = performance.now();
    expect(ofxParser.detect(`<?xml version="1.0"?>\n${comments}<Document>`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
    expect(ofxParser.detect(`<?xml version="1.0"?>\n${comments}<!-- a ---><OFX>`)).toBe(true);
  });
});

describe('ofxParser.parse', () => {
  it('reads several accounts of an SGML file with unclosed values', async () => {
    const doc = await parse(TWO_ACCOUNTS);
    expect(doc.statements).toHaveLength(2);
    const [bank, card] = doc.statements;
    expect(bank.format).toBe('ofx');
    expect(bank.account).toEqual({
      iban: 'FR7630006000011234567890189', number: 'FR7630006000011234567890189', bic: null, currency: 'EUR', name: null,
    });
    expect(bank.openingBalance).toBeNull();
    expect(bank.closingBalance).toEqual({ amount: '2237.70', currency: 'EUR', date: '2024-01-31' });
    expect(bank.entries.map((e) => e.amount)).toEqual(['-12.30', '1500.00', '-250.00']);
    expect(bank.entries[0]).toEqual({
      bookingDate: '2024-01-05', valueDate: '2024-01-04', amount: '-12.30', currency: 'EUR',
      description: 'CB BOULANGERIE DUPONT 04/01', counterparty: { name: 'BOULANGERIE DUPONT', iban: null },
      reference: null, endToEndId: null, bankReference: 'F1', status: 'booked', details: [],
    });
    expect(bank.entries[1]).toMatchObject({
      bookingDate: '2024-01-10', description: 'Client & Fils Facture 2024-001',
      counterparty: { name: 'Client & Fils', iban: 'FR1420041010050500013M02606' },
    });
    expect(bank.entries[2].reference).toBe('1234567');
    expect(card.account).toMatchObject({ number: '4571123412341234', currency: 'DKK' });
    expect(card.entries).toHaveLength(1);
    expect(card.closingBalance).toEqual({ amount: '-99.95', currency: 'DKK', date: '2024-01-31' });
    expect(doc.warnings).toEqual([]);
  });

  it('gives the same document whatever the chunk borders', async () => {
    const whole = await parse(TWO_ACCOUNTS);
    for (const size of [1, 2, 3, 7, 64, 1000]) expect(await parse(TWO_ACCOUNTS, size)).toEqual(whole);
    expect(await parse(TWO_ACCOUNTS.replace(/\r\n/g, '\n'), 5)).toEqual(whole);
    expect(await parse(TWO_ACCOUNTS.replace(/\r\n/g, '\r'), 5)).toEqual(whole);
  });

  it('reads OFX 2.x XML: payee aggregate, numeric entities, pending transactions', async () => {
    const doc = await parse(XML_V2, 10);
    const [s] = doc.statements;
    expect(s.account).toMatchObject({ number: '00012345678', iban: null, currency: 'EUR' });
    expect(s.closingBalance).toEqual({ amount: '100.00', currency: 'EUR', date: '2024-02-02' });
    expect(s.entries[0]).toMatchObject({ description: 'Café été Abonnement <web>', counterparty: { name: 'Café été', iban: null }, status: 'booked' });
    expect(s.entries[1]).toMatchObject({ bookingDate: '2024-02-03', amount: '-7.50', status: 'pending', bankReference: null });
  });

  it('yields each transaction as it is read, before the end of the file', async () => {
    const transactions = Array.from({ length: 200 }, (_, i) => `<STMTTRN><DTPOSTED>20240105<TRNAMT>-1.00<FITID>T${i}</STMTTRN>\n`).join('');
    let chunksRead = 0;
    async function* counted(): AsyncGenerator<string> {
      for await (const chunk of chunksOf(statement(transactions), 100)) {
        chunksRead++;
        yield chunk;
      }
    }
    const events: ParseEvent[] = [];
    for await (const event of ofxParser.parse(counted(), {})) {
      events.push(event);
      if (event.type === 'entry') break;
    }
    expect(events.map((e) => e.type)).toEqual(['begin', 'entry']);
    expect(chunksRead).toBeLessThan(5);
  });

  it('reads files without header, with leading blank lines, without final newline', async () => {
    const doc = await parse('\n'.repeat(12) + statement('<STMTTRN><DTPOSTED>20240105<TRNAMT>120<FITID>A</STMTTRN>'));
    expect(doc.statements[0].entries[0].amount).toBe('120.00');
  });

  it('decodes entities, including the double-escaped &amp;lt; some banks write', () => {
    expect(decodeEntities('TPAY &amp;lt;DEFTPYMT&amp;gt;')).toBe('TPAY <DEFTPYMT>');
    expect(decodeEntities('AT&amp;T &lt;x&gt; &quot;q&quot; &apos;a&apos; &#8364;')).toBe('AT&T <x> "q" \'a\' €');
    expect(decodeEntities('Smith & Sons &unknown;')).toBe('Smith & Sons &unknown;');
  });

  it('keeps an empty CURDEF as an unknown currency, with a warning', async () => {
    const doc = await parse(statement('<STMTTRN><DTPOSTED>20240105<TRNAMT>-1.5<FITID>A</STMTTRN>', undefined, ''));
    const [s] = doc.statements;
    expect(s.account.currency).toBeNull();
    expect(s.entries[0]).toMatchObject({ amount: '-1.5', currency: 'XXX' });
    expect(doc.warnings).toEqual([{ statement: 0, message: 'statement 1: the currency (CURDEF) is empty or missing' }]);
    const withDefault = await parse(statement('<STMTTRN><DTPOSTED>20240105<TRNAMT>-1.5<FITID>A</STMTTRN>', undefined, ''), 65536, { defaultCurrency: 'EUR' });
    expect(withDefault.statements[0].account.currency).toBe('EUR');
    expect(withDefault.statements[0].entries[0]).toMatchObject({ amount: '-1.50', currency: 'EUR' });
  });

  it('leaves the closing balance out when BALAMT or DTASOF is blank', async () => {
    const blank = await parse(statement('', '<LEDGERBAL><BALAMT> </BALAMT><DTASOF>20240131</DTASOF></LEDGERBAL>'));
    expect(blank.statements[0].closingBalance).toBeNull();
    expect(blank.warnings[0].message).toMatch(/LEDGERBAL\) has no amount/);
    const noDate = await parse(statement('', '<LEDGERBAL><BALAMT>5<DTASOF></LEDGERBAL>'));
    expect(noDate.statements[0].closingBalance).toBeNull();
    expect(noDate.statements[0].entries).toEqual([]);
  });

  it('reads amounts and dates the OFX way', () => {
    expect(ofxAmount('-12.30')).toBe('-12.30');
    expect(ofxAmount('+5')).toBe('5');
    expect(ofxAmount('-12,3')).toBe('-12.3');
    expect(ofxAmount('.5')).toBe('0.5');
    expect(ofxAmount('12.3.4')).toBeNull();
    expect(ofxAmount('')).toBeNull();
    expect(ofxDate('20090401122017.000[-5:EST]')).toBe('2009-04-01');
    expect(ofxDate('20240229')).toBe('2024-02-29');
    expect(ofxDate('20230229')).toBeNull();
    expect(ofxDate('2024-02-01')).toBeNull();
  });

  it('reports a bad amount with its statement and line', async () => {
    const text = `<OFX>\n<BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR\n<BANKTRANLIST>\n<STMTTRN>\n<DTPOSTED>20240105\n<TRNAMT>12,3,4\n</STMTTRN>\n</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n`;
    const error = await parseError(text, 3);
    expect(error.message).toBe('OFX, statement 1, line 4: TRNAMT "12,3,4" is not an amount');
    expect(error.location).toEqual({ statement: 1, line: 4 });
  });

  // Found by fuzzing (test/statements/fuzz.test.ts): garbage in CURDEF or CURSYM became the
  // currency of the whole statement, line breaks and all.
  it('refuses a CURDEF or CURSYM that is not a currency code', async () => {
    const curdef = await parseError(statement('', undefined, 'CAD\n   x'));
    expect(curdef.message).toBe('OFX, statement 1, line 1: CURDEF "CAD\\n   x" is not an ISO 4217 currency code (e.g. EUR)');
    const cursym = await parseError(statement('<STMTTRN><DTPOSTED>20240105<TRNAMT>1<CURRENCY><CURRATE>1<CURSYM>12</CURRENCY></STMTTRN>'));
    expect(cursym.detail).toBe('CURSYM "12" is not an ISO 4217 currency code (e.g. EUR)');
    expect((await parse(statement('', undefined, 'dkk'))).statements[0].account.currency).toBe('DKK');
  });

  it('keeps an error message on one line when the value quoted holds a line break', async () => {
    const error = await parseError(statement('<STMTTRN><DTPOSTED>20\r090401<TRNAMT>1</STMTTRN>'));
    expect(error.message).toBe('OFX, statement 1, line 2: DTPOSTED "20\\r090401" is not a date');
  });

  it('reports a transaction without a date', async () => {
    const error = await parseError(statement('<STMTTRN><TRNAMT>1</STMTTRN>'));
    expect(error.message).toBe('OFX, statement 1, line 2: a transaction has no DTPOSTED date');
  });

  it('reports a truncated file at the statement being read', async () => {
    const cut = TWO_ACCOUNTS.slice(0, TWO_ACCOUNTS.indexOf('<FITID>F3'));
    const error = await parseError(cut, 16);
    expect(error.message).toMatch(/^OFX, statement 1, line \d+: the file ends inside a transaction \(<STMTTRN>\) before the end of the statement: it looks truncated$/);
    const second = await parseError(TWO_ACCOUNTS.slice(0, TWO_ACCOUNTS.indexOf('</CCSTMTRS>')));
    expect(second.location.statement).toBe(2);
    const inTag = await parseError(TWO_ACCOUNTS.slice(0, TWO_ACCOUNTS.indexOf('<LEDGERBAL>') + 5));
    expect(inTag.message).toMatch(/the file ends inside the tag "<LEDG"/);
  });

  it('refuses text that has no OFX element', async () => {
    const error = await parseError('OFXHEADER:100\nDATA:OFXSGML\n\n');
    expect(error.message).toMatch(/no <OFX> element/);
  });

  it('warns when a file holds no bank or card statement', async () => {
    const doc = await parse('<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</STATUS></SONRS></SIGNONMSGSRSV1></OFX>');
    expect(doc.statements).toEqual([]);
    expect(doc.warnings[0].message).toMatch(/no bank or credit-card statement/);
  });
});

const fixtures = samplesOf('ofx').map((sample) => ({ ...sample, bytes: readFileSync(sample.dataFile) }));
if (fixtures.length === 0) console.warn(`shared OFX fixtures not found under ${corpusRoot}: truth checks skipped`);

describe.runIf(fixtures.length > 0)('shared OFX fixtures against their truth files', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', async (_name, fixture) => {
    // OFX 1.x says its charset in the header; decoding is done here since decode.ts is not ours.
    const charset = /CHARSET:\s*1252/.test(fixture.bytes.toString('latin1')) ? 'windows-1252' : 'utf8';
    const text = iconv.decode(fixture.bytes, charset);
    expect(ofxParser.detect(text)).toBe(true);
    for (const size of [65536, 7]) {
      const doc = await parse(text, size);
      expect(failedChecks(doc, fixture.truth)).toEqual([]);
      expect(doc.statements).toHaveLength(fixture.truth.statements!);
    }
  });
});
