import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PointageError } from '../../../../shared/contract/errors.js';
import { decodeBuffer, decodeStream, detectEncoding } from './decode.js';

const bytes = (text: string, encoding: string): Buffer => iconv.encode(text, encoding);

async function decodeChunks(chunks: Buffer[], encoding: string): Promise<string> {
  async function* source(): AsyncGenerator<Buffer> {
    yield* chunks;
  }
  let text = '';
  for await (const piece of decodeStream(source(), encoding)) text += piece;
  return text;
}

/** Every byte in its own chunk: the worst case for multi-byte characters. */
const byteByByte = (buffer: Buffer): Buffer[] => [...buffer].map((b) => Buffer.from([b]));

const CZECH = 'Platba kartou, převod z účtu 2001/5500, Příjem úroků, Výběr z bankomatu Česká spořitelna, Brno';
const POLISH = 'Zapłata za fakturę 12/2024, przelew wychodzący, opłata za prowadzenie rachunku, Łódź';
const HUNGARIAN = 'Csoportos átutalás jóváírás, napi összevont utánvét, Bankon belüli átutalás';
const FRENCH = 'Prélèvement SEPA Électricité de France, réglé le 12 août, Société Générale, crédit reçu';
const DANISH = 'Overførsel til Søren Ærø, Blåbærgrød ApS, Købmand Hansen';

describe('detectEncoding', () => {
  it('believes a byte order mark', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x3c, 0x3f]))).toBe('utf-8');
    expect(detectEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), bytes('<?xml', 'utf-16le')]))).toBe('utf-16le');
    expect(detectEncoding(Buffer.concat([Buffer.from([0xfe, 0xff]), bytes('<?xml', 'utf-16be')]))).toBe('utf-16be');
  });

  it('recognises UTF-16 without a byte order mark by its NUL bytes', () => {
    expect(detectEncoding(bytes('Date;Montant;Libellé\r\n01/02/2024;12,00;Café\r\n', 'utf-16le'))).toBe('utf-16le');
    expect(detectEncoding(bytes('Date;Montant;Libellé\r\n01/02/2024;12,00;Café\r\n', 'utf-16be'))).toBe('utf-16be');
  });

  it('reads UTF-8 and plain ASCII as UTF-8, even with a character cut at the end of the head', () => {
    expect(detectEncoding(bytes(':20:STARTUMS\n:25:12345\n', 'ascii'))).toBe('utf-8');
    expect(detectEncoding(bytes(FRENCH, 'utf-8'))).toBe('utf-8');
    const cut = bytes(`${CZECH} ř`, 'utf-8');
    expect(detectEncoding(cut.subarray(0, cut.length - 1))).toBe('utf-8');
  });

  it('follows an XML declaration unless the bytes contradict it', () => {
    expect(detectEncoding(bytes(`<?xml version="1.0" encoding="ISO-8859-1"?><Ustrd>${FRENCH}</Ustrd>`, 'latin1'))).toBe('latin1');
    expect(detectEncoding(bytes(`<?xml version='1.0' encoding='windows-1252'?><Ustrd>l’été</Ustrd>`, 'windows-1252'))).toBe('windows-1252');
    // Declared Latin-1, written in UTF-8 (a template header left as it was).
    expect(detectEncoding(bytes(`<?xml version="1.0" encoding="ISO-8859-1"?><Ustrd>${FRENCH}</Ustrd>`, 'utf-8'))).toBe('utf-8');
    // Declared UTF-8, written in Latin-1.
    expect(detectEncoding(bytes(`<?xml version="1.0" encoding="UTF-8"?><Ustrd>${FRENCH}</Ustrd>`, 'latin1'))).toBe('latin1');
  });

  it('follows an OFX 1.x header', () => {
    const header = (charset: string, encoding = 'USASCII') => `OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nENCODING:${encoding}\r\nCHARSET:${charset}\r\n\r\n<OFX>`;
    expect(detectEncoding(bytes(`${header('1252')}<NAME>Café l’Été`, 'windows-1252'))).toBe('windows-1252');
    expect(detectEncoding(bytes(`${header('ISO-8859-1')}<NAME>${FRENCH}`, 'latin1'))).toBe('latin1');
    expect(detectEncoding(bytes(`${header('NONE', 'UTF-8')}<NAME>${FRENCH}`, 'utf-8'))).toBe('utf-8');
    expect(detectEncoding(bytes(`${header('NONE')}<NAME>PLAIN`, 'ascii'))).toBe('utf-8');
  });

  it('tells CP852 (Central European DOS) from the western code pages', () => {
    for (const text of [CZECH, POLISH, HUNGARIAN]) expect(detectEncoding(bytes(text, 'cp852'))).toBe('cp852');
    expect(detectEncoding(bytes(`${FRENCH}, 12 € l’été – TTC`, 'windows-1252'))).toBe('windows-1252');
    // Without bytes 0x80–0x9F, Latin-1 and Windows-1252 read the same: reported as Latin-1.
    for (const text of [FRENCH, DANISH, FRENCH.toUpperCase()]) expect(detectEncoding(bytes(text, 'latin1'))).toBe('latin1');
  });

  const raiffeisen = path.resolve(fileURLToPath(new URL('../../../..', import.meta.url)), '../shared/fixtures/statements/mt940/wolph-mt940__raiffeisen-cmi.sta');
  it.runIf(existsSync(raiffeisen))('reads the Raiffeisen MT940 sample of the corpus as CP852', () => {
    const head = readFileSync(raiffeisen).subarray(0, 65536);
    expect(detectEncoding(head)).toBe('cp852');
    expect(decodeBuffer(head, 'cp852')).toContain('Csoportos átutalás jóváírás');
  });
});

describe('decodeStream', () => {
  it('decodes characters split across chunks', async () => {
    const text = `${CZECH} 😀 ${DANISH}`;
    expect(await decodeChunks(byteByByte(bytes(text, 'utf-8')), 'utf-8')).toBe(text);
    expect(await decodeChunks(byteByByte(bytes(text, 'utf-16le')), 'utf-16le')).toBe(text);
  });

  it('drops a byte order mark', async () => {
    expect(await decodeChunks([Buffer.from([0xef, 0xbb]), Buffer.from([0xbf, 0x41, 0x42])], 'utf-8')).toBe('AB');
    expect(await decodeChunks([Buffer.from([0xff, 0xfe, 0x41, 0x00])], 'utf-16le')).toBe('A');
  });

  it('decodes the single-byte code pages', async () => {
    expect(await decodeChunks([bytes(CZECH, 'cp852')], 'cp852')).toBe(CZECH);
    expect(await decodeChunks([bytes('12 € l’été', 'windows-1252')], 'windows-1252')).toBe('12 € l’été');
    expect(await decodeChunks([bytes(DANISH, 'latin1')], 'ISO-8859-1')).toBe(DANISH);
  });

  it('gives the same text with or without the all-ASCII shortcut', async () => {
    const chunks = ['<Ntry>', 'abcd\u00e9', 'fgh\u00c3', 'ijkl', 'mnop'].map((c) => Buffer.from(c, 'latin1'));
    // 'fgh' + 0xC3 ends inside a (broken) UTF-8 sequence: the next ASCII chunk must go through the decoder.
    expect(await decodeChunks(chunks, 'utf-8')).toBe(iconv.decode(Buffer.concat(chunks), 'utf-8'));
    const valid = ['<Amt Ccy="EUR">', '12.00</Amt>', '<Nm>Sø', 'ren</Nm>', '<Ustrd>x</Ustrd>'].map((c) => Buffer.from(c));
    expect(await decodeChunks(valid, 'utf-8')).toBe('<Amt Ccy="EUR">12.00</Amt><Nm>Søren</Nm><Ustrd>x</Ustrd>');
  });

  it('refuses an encoding it does not know', async () => {
    await expect(decodeChunks([Buffer.from('x')], 'klingon-8')).rejects.toBeInstanceOf(PointageError);
  });
});
