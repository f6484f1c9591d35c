// Opens statement files: reads the first 64 KiB to decide the text encoding and the format,
// then streams the whole file through the decoder and the format's parser.
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { FormatFamily, ParsedDocument } from '../../../shared/statement.js';
import { PointageError } from '../../../shared/contract/errors.js';
import { decodeBuffer, decodeStream, detectEncoding, normalizeEncodingName, utf8Chunks } from './common/decode.js';
import { detectFormat } from './common/detect.js';
import { collectDocument } from './common/document.js';
import { StatementFileError } from './common/errors.js';
import type { ParseEvent, ParseOptions } from './common/types.js';
import { PARSERS } from './registry.js';

export type FileParseOptions = ParseOptions & {
  /** Skips format detection. */
  format?: FormatFamily;
};

export interface OpenedStatementFile {
  family: FormatFamily;
  encoding: string;
  events: AsyncGenerator<ParseEvent>;
  /**
   * The same events in groups, when the format's parser makes them (see
   * StatementParser.parseUtf8Groups), else null. Read either these or `events`, not both.
   */
  groups: AsyncGenerator<ParseEvent[]> | null;
  /** Bytes read from disk so far, for progress: the whole size once the events are consumed. */
  bytesRead: () => number;
}

const HEAD_BYTES = 64 * 1024;
const READ_CHUNK_BYTES = 64 * 1024; // for decoding to text, larger chunks are no faster and hold more memory
/** For a parser that reads bytes: each chunk costs a read and a turn of the event loop. */
const BYTE_CHUNK_BYTES = 256 * 1024;
const SUPPORTED = 'CAMT (camt.052, camt.053, camt.054), MT940/MT942, OFX, CFONB 120, QIF, CSV';

/** Decides a file's encoding and format; the events are read from disk as they are consumed. */
export async function openStatementFile(file: string, options: FileParseOptions): Promise<OpenedStatementFile> {
  const head = await readHead(file);
  const detected = detectEncoding(head);
  const family = options.format ?? detectFormat(decodeBuffer(head, detected));
  if (family === null) {
    const why = head.length === 0 ? 'the file is empty' : `supported: ${SUPPORTED}`;
    throw new StatementFileError('unknown format', `could not recognise the format of ${file} (${why})`);
  }
  const encoding = family === 'csv' && options.csvMapping?.encoding ? options.csvMapping.encoding : detected;
  const progress = { bytes: 0 };
  const parser = PARSERS[family];
  let events: AsyncGenerator<ParseEvent>;
  let groups: AsyncGenerator<ParseEvent[]> | null = null;
  if (!parser.parseUtf8) {
    events = parser.parse(decodeStream(readChunks(file, progress, READ_CHUNK_BYTES), encoding), options);
  } else {
    const bytes = normalizeEncodingName(encoding) === 'utf-8'
      ? withoutByteOrderMark(readChunks(file, progress, BYTE_CHUNK_BYTES))
      : utf8Chunks(decodeStream(readChunks(file, progress, READ_CHUNK_BYTES), encoding));
    if (parser.parseUtf8Groups) {
      groups = parser.parseUtf8Groups(bytes, options);
      events = eventsOf(groups);
    } else {
      events = parser.parseUtf8(bytes, options);
    }
  }
  return { family, encoding, events, groups, bytesRead: () => progress.bytes };
}

async function* eventsOf(groups: AsyncIterable<ParseEvent[]>): AsyncGenerator<ParseEvent> {
  for await (const group of groups) for (const event of group) yield event;
}

/**
 * Parses several files into one document, in the order given. Statement indexes (and so the
 * warnings' indexes) run across all files, and the continuity check compares each statement
 * with the previous one of the same account even when it came from an earlier file.
 */
export async function parseFiles(files: string[], options: FileParseOptions = {}): Promise<ParsedDocument> {
  return collectDocument(eventsOfFiles(files, options));
}

async function* eventsOfFiles(files: string[], options: FileParseOptions): AsyncGenerator<ParseEvent> {
  for (const file of files) {
    try {
      const { events } = await openStatementFile(file, options);
      yield* warningsWithTheirStatement(events);
    } catch (error) {
      throw files.length > 1 ? namingFile(error, file) : error;
    }
  }
}

/**
 * collectDocument files a warning given before any 'begin' under the last statement read: in a
 * second file that would be the previous file's last statement. Holding such warnings until the
 * file's first 'begin' files them under that file's first statement.
 */
async function* warningsWithTheirStatement(events: AsyncIterable<ParseEvent>): AsyncGenerator<ParseEvent> {
  let held: ParseEvent[] | null = [];
  for await (const event of events) {
    if (held !== null && event.type === 'warning') {
      held.push(event);
      continue;
    }
    yield event;
    if (held !== null && event.type === 'begin') {
      yield* held;
      held = null;
    }
  }
  if (held !== null) yield* held;
}

/** With several files, an error says which one it is about. */
function namingFile(error: unknown, file: string): unknown {
  if (!(error instanceof StatementFileError)) return error;
  return new StatementFileError(`${path.basename(file)}: ${error.format}`, error.detail, error.location);
}

export async function readHead(file: string): Promise<Buffer> {
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw readError(error, file);
  }
}

/** UTF-8 bytes without the byte order mark at their start, as decodeStream gives text. */
async function* withoutByteOrderMark(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let first = true;
  for await (const chunk of chunks) {
    // The first chunk is a whole read of the file (or all of it): the mark is not cut in two.
    yield first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? chunk.subarray(3) : chunk;
    first = false;
  }
}

/** The file's bytes, chunk by chunk; the next chunk is read while the caller works on this one. */
async function* readChunks(file: string, progress: { bytes: number }, chunkBytes: number): AsyncGenerator<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw readError(error, file);
  }
  const read = (position: number) => {
    const reading = handle.read(Buffer.allocUnsafe(chunkBytes), 0, chunkBytes, position);
    reading.catch(() => undefined); // a failed read-ahead is thrown when awaited, not as an unhandled rejection
    return reading;
  };
  let next: ReturnType<typeof read> | null = read(0);
  try {
    for (;;) {
      const { bytesRead, buffer } = await next;
      next = null;
      if (bytesRead === 0) return;
      progress.bytes += bytesRead;
      next = read(progress.bytes);
      yield buffer.subarray(0, bytesRead);
    }
  } catch (error) {
    throw readError(error, file);
  } finally {
    await next?.catch(() => undefined); // a read still under way when the caller stops early
    await handle.close();
  }
}

function readError(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return new PointageError('not_found', `no such file: ${file}`, file);
  if (code === 'EISDIR') return new PointageError('bad_file', `${file} is a folder, not a statement file`, file);
  if (code === 'EACCES' || code === 'EPERM') return new PointageError('bad_file', `not allowed to read ${file}`, file);
  return error;
}
