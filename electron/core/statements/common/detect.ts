// Recognises a statement file's format from its content, never from its name: banks and
// bookkeepers name files anything (.txt, .dat, no extension at all).
import type { FormatFamily } from '../../../../shared/statement.js';
import { PARSERS } from '../registry.js';
import type { StatementParser } from './types.js';

/**
 * The order parsers are asked in: formats with an unmistakable signature first (the CAMT
 * message element, the OFX header or <OFX> tag, MT940 :20:/:25: tags, CFONB 120 fixed-width
 * records, the QIF !Type: line), CSV last because almost any text looks like some CSV.
 */
export const DETECTION_ORDER: readonly FormatFamily[] = ['camt', 'ofx', 'mt940', 'cfonb120', 'qif', 'csv'];

/** The format family of a file from its decoded start (up to 64 KiB), or null if none fits. */
export function detectFormat(head: string, parsers: Record<FormatFamily, StatementParser> = PARSERS): FormatFamily | null {
  const text = head.replace(/^\uFEFF/, '');
  return DETECTION_ORDER.find((family) => parsers[family].detect(text)) ?? null;
}
