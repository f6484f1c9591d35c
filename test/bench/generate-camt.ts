// Writes a large, realistic camt.053.001.02 statement for the parse benchmark: one statement,
// `entries` entries of about 1 KB each (200,000 entries ≈ 200 MB). The file is streamed to disk
// in blocks, never held in memory. Amounts are deterministic, so a run is reproducible, and the
// balances reconcile: opening + sum(entries) = closing.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

const IBAN = 'FR7630006000011234567890189';
const COUNTERPARTY_IBANS = ['DK5000400440116243', 'NL91ABNA0417164300', 'DE89370400440532013000', 'FR1420041010050500013M02606'];
const COUNTERPARTY_NAMES = ['Boulangerie Martin SARL', 'Jensen & Sønner ApS', 'Café de l’Été', 'Müller Büroausstattung GmbH'];
const ENTRIES_PER_BLOCK = 500;

export async function writeCamt053(file: string, entries: number): Promise<{ bytes: number; opening: string; closing: string }> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  // The closing balance comes before the entries in CAMT: the amounts are summed first.
  const opening = cents(1_000_000n); // 10,000.00 EUR
  const closing = cents(1_000_000n + sumOfEntries(entries));
  await write(header(opening, closing));
  let block = '';
  for (let i = 0; i < entries; i++) {
    block += entryXml(i, entryCents(i));
    if ((i + 1) % ENTRIES_PER_BLOCK === 0) {
      await write(block);
      block = '';
    }
  }
  await write(block + '  </Stmt>\n</BkToCstmrStmt>\n</Document>\n');
  out.end();
  await finished(out);
  return { bytes, opening, closing };
}

/** Signed amount of entry i in cents: a mix of small debits and larger credits. */
function entryCents(i: number): bigint {
  const size = BigInt(((i * 7919) % 250_000) + 1);
  return i % 3 === 0 ? size * 3n : -size;
}

function sumOfEntries(entries: number): bigint {
  let total = 0n;
  for (let i = 0; i < entries; i++) total += entryCents(i);
  return total;
}

function cents(value: bigint): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

function balanceXml(code: string, amount: string, date: string): string {
  const negative = amount.startsWith('-');
  return `    <Bal>
      <Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp>
      <Amt Ccy="EUR">${negative ? amount.slice(1) : amount}</Amt>
      <CdtDbtInd>${negative ? 'DBIT' : 'CRDT'}</CdtDbtInd>
      <Dt><Dt>${date}</Dt></Dt>
    </Bal>
`;
}

function header(opening: string, closing: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<BkToCstmrStmt>
  <GrpHdr>
    <MsgId>BENCH-0001</MsgId>
    <CreDtTm>2024-02-01T06:00:00</CreDtTm>
  </GrpHdr>
  <Stmt>
    <Id>BENCH-2024-01</Id>
    <ElctrncSeqNb>1</ElctrncSeqNb>
    <CreDtTm>2024-02-01T06:00:00</CreDtTm>
    <FrToDt><FrDtTm>2024-01-01T00:00:00</FrDtTm><ToDtTm>2024-01-31T23:59:59</ToDtTm></FrToDt>
    <Acct>
      <Id><IBAN>${IBAN}</IBAN></Id>
      <Ccy>EUR</Ccy>
      <Ownr><Nm>Atelier Dupont SAS</Nm></Ownr>
      <Svcr><FinInstnId><BIC>AGRIFRPP</BIC></FinInstnId></Svcr>
    </Acct>
${balanceXml('OPBD', opening, '2023-12-31')}${balanceXml('CLBD', closing, '2024-01-31')}`;
}

function entryXml(i: number, amount: bigint): string {
  const credit = amount > 0n;
  const day = String((i % 31) + 1).padStart(2, '0');
  const party = i % COUNTERPARTY_NAMES.length;
  const role = credit ? 'Dbtr' : 'Cdtr';
  const absolute = cents(credit ? amount : -amount);
  return `    <Ntry>
      <Amt Ccy="EUR">${absolute}</Amt>
      <CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd>
      <Sts>BOOK</Sts>
      <BookgDt><Dt>2024-01-${day}</Dt></BookgDt>
      <ValDt><Dt>2024-01-${day}</Dt></ValDt>
      <AcctSvcrRef>BENCH${String(i).padStart(10, '0')}</AcctSvcrRef>
      <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${credit ? 'RCDT' : 'ICDT'}</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
      <NtryDtls>
        <TxDtls>
          <Refs>
            <EndToEndId>E2E-${i}</EndToEndId>
          </Refs>
          <AmtDtls><TxAmt><Amt Ccy="EUR">${absolute}</Amt></TxAmt></AmtDtls>
          <RltdPties>
            <${role}><Nm>${escapeXml(COUNTERPARTY_NAMES[party])}</Nm></${role}>
            <${role}Acct><Id><IBAN>${COUNTERPARTY_IBANS[party]}</IBAN></Id></${role}Acct>
          </RltdPties>
          <RmtInf>
            <Ustrd>Facture F-2024-${String(i).padStart(6, '0')} reglement client</Ustrd>
            <Strd><CdtrRefInf><Ref>RF18539007547034${String(i % 100).padStart(2, '0')}</Ref></CdtrRefInf></Strd>
          </RmtInf>
          <AddtlTxInf>Virement SEPA ${credit ? 'recu' : 'emis'}</AddtlTxInf>
        </TxDtls>
      </NtryDtls>
      <AddtlNtryInf>VIREMENT SEPA</AddtlNtryInf>
    </Ntry>
`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
