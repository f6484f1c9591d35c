import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PointageError } from '../../../shared/contract/errors.js';
import type { FormatFamily } from '../../../shared/statement.js';
import { detectFormat } from './common/detect.js';
import { StatementFileError } from './common/errors.js';
import type { ParseEvent, StatementHeader, StatementParser } from './common/types.js';
import { openStatementFile, parseFiles } from './parse-file.js';

// The real registry imports every format's parser; here CAMT is real and a small line format
// ("LINES") stands in for the others, so these tests depend on no other parser.
const fakes = vi.hoisted(() => {
  const neverParser = (family: FormatFamily): StatementParser => ({
    family, detect: () => false, parse: () => { throw new Error(`${family} is not used here`); },
  });
  /** LINES files: "warn:text", "open:IBAN:amount", "entry:amount", "close:amount", one per line. */
  const linesParser: StatementParser = {
    family: 'mt940',
    detect: (head) => head.startsWith('LINES\n'),
    parse: async function* (chunks) {
      let text = '';
      for await (const chunk of chunks) text += chunk;
      let header: StatementHeader | null = null;
      for (const [kind, ...values] of text.split('\n').slice(1).map((line) => line.split(':'))) {
        if (kind === 'warn') yield { type: 'warning', message: values[0] };
        if (kind === 'open') {
          header = {
            format: 'mt940', id: 'lines-1', account: { iban: values[0], number: null, bic: null, currency: 'EUR', name: null },
            openingBalance: { amount: values[1], currency: 'EUR', date: '2024-04-01' }, closingBalance: null,
          };
          yield { type: 'begin', statement: header };
        }
        if (kind === 'entry') {
          yield {
            type: 'entry', entry: {
              bookingDate: '2024-04-02', valueDate: null, amount: values[0], currency: 'EUR', description: '', counterparty: null,
              reference: null, endToEndId: null, bankReference: null, status: 'booked', details: [],
            },
          };
        }
        if (kind === 'close' && header) yield { type: 'end', statement: { ...header, closingBalance: { amount: values[0], currency: 'EUR', date: '2024-04-30' } } };
      }
    },
  };
  return { neverParser, linesParser };
});

vi.mock('./registry.js', async () => {
  const { camtParser } = await import('./camt/parser.js');
  const never = fakes.neverParser;
  return {
    PARSERS: { camt: camtParser, mt940: fakes.linesParser, ofx: never('ofx'), cfonb120: never('cfonb120'), qif: never('qif'), csv: never('csv') },
  };
});

const folder = mkdtempSync(path.join(tmpdir(), 'pointage-parse-file-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const full = path.join(folder, name);
  writeFileSync(full, content);
  return full;
}

const camtFixture = (name: string): string => readFileSync(new URL(`./camt/fixtures/${name}`, import.meta.url), 'utf8');

describe('openStatementFile', () => {
  it('detects the format and the encoding from the content, not the name', async () => {
    const xml = camtFixture('camt052-v08-report.xml').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const opened = await openStatementFile(file('report.txt', iconv.encode(xml, 'latin1')), {});
    expect([opened.family, opened.encoding]).toEqual(['camt', 'latin1']);
    const names: string[] = [];
    for await (const event of opened.events) if (event.type === 'end') names.push(event.statement.account.name ?? '');
    expect(names).toEqual(['Hansen Tømrer ApS']);
    expect(opened.bytesRead()).toBe(Buffer.byteLength(xml, 'latin1'));
  });

  it('reads a byte-reading parser the file as UTF-8 bytes, from any encoding, without the byte order mark', async () => {
    const xml = camtFixture('camt052-v08-report.xml');
    const files = [
      file('bom.xml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, 'utf8')])),
      file('utf16.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')])),
    ];
    for (const f of files) {
      const document = await parseFiles([f]);
      expect(document.statements.map((s) => s.account.name)).toEqual(['Hansen Tømrer ApS']);
      expect(document.statements[0].entries[0].counterparty?.name).toBe('Trælasten A/S');
    }
  });

  it('uses the format it is given', async () => {
    const opened = await openStatementFile(file('forced.xml', '<Document/>'), { format: 'mt940' });
    expect(opened.family).toBe('mt940');
  });

  it('names the file it cannot recognise', async () => {
    const unknown = file('notes.txt', 'Dear bookkeeper,\nplease find attached...\n');
    await expect(openStatementFile(unknown, {})).rejects.toThrow(
      new StatementFileError('unknown format', `could not recognise the format of ${unknown} (supported: CAMT (camt.052, camt.053, camt.054), MT940/MT942, OFX, CFONB 120, QIF, CSV)`),
    );
    await expect(openStatementFile(file('empty.xml', ''), {})).rejects.toThrow(/the file is empty/);
  });

  it('says when the file does not exist', async () => {
    const missing = path.join(folder, 'missing.xml');
    await expect(openStatementFile(missing, {})).rejects.toEqual(new PointageError('not_found', `no such file: ${missing}`, missing));
  });
});

describe('parseFiles', () => {
  it('puts the statements of all files in one document, with warnings filed under the right statement', async () => {
    const camt = file('february.xml', camtFixture('camt053-v02-two-statements.xml'));
    // Starts with a warning, then one statement whose opening does not continue the CAMT closing.
    const lines = file('april.txt', 'LINES\nwarn:odd header\nopen:FR7630006000011234567890189:-100.50\nentry:10.00\nclose:-90.50\n');
    const document = await parseFiles([camt, lines]);
    expect(document.statements.map((s) => s.id)).toEqual(['STMT-2024-02', 'STMT-2024-03', 'lines-1']);
    expect(document.warnings).toEqual([
      { statement: 2, message: 'odd header' },
      { statement: 2, message: 'statement lines-1: opening -100.50 does not continue the closing -102.50 of statement STMT-2024-03 (difference 2.00)' },
    ]);
  });

  it('says which file is wrong when there are several', async () => {
    const good = file('good.xml', camtFixture('camt054-v08-batch.xml'));
    const truncated = file('truncated.xml', camtFixture('camt054-v08-batch.xml').slice(0, 800));
    await expect(parseFiles([good, truncated])).rejects.toThrow(/^truncated\.xml: camt\.054, statement 1, line 24, element Ntfctn\/Ntry\/NtryDtls: the file ends before <NtryDtls> is closed/);
    await expect(parseFiles([truncated])).rejects.toThrow(/^camt\.054, statement 1/);
  });
});

describe('detectFormat', () => {
  const parser = (family: FormatFamily, detect: (head: string) => boolean): StatementParser => ({
    family, detect, parse: async function* (): AsyncGenerator<ParseEvent> {},
  });
  const all = (detect: (family: FormatFamily) => boolean): Record<FormatFamily, StatementParser> => ({
    camt: parser('camt', () => detect('camt')), mt940: parser('mt940', () => detect('mt940')), ofx: parser('ofx', () => detect('ofx')),
    cfonb120: parser('cfonb120', () => detect('cfonb120')), qif: parser('qif', () => detect('qif')), csv: parser('csv', () => detect('csv')),
  });

  it('asks the formats with a clear signature before CSV', () => {
    expect(detectFormat('x', all(() => true))).toBe('camt');
    expect(detectFormat('x', all((f) => f === 'csv' || f === 'qif'))).toBe('qif');
    expect(detectFormat('x', all(() => false))).toBeNull();
  });

  it('ignores a byte order mark left in the text', () => {
    expect(detectFormat('\uFEFF<?xml version="1.0"?><Document><BkToCstmrStmt>')).toBe('camt');
  });
});
