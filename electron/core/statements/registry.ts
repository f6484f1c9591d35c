// Every statement parser, by format family (the names `--format` accepts).
import type { FormatFamily } from '../../../shared/statement.js';
import type { StatementParser } from './common/types.js';
import { camtParser } from './camt/parser.js';
import { mt940Parser } from './mt940/parser.js';
import { ofxParser } from './ofx/parser.js';
import { cfonb120Parser } from './cfonb120/parser.js';
import { qifParser } from './qif/parser.js';
import { csvParser } from './csv/parser.js';

export const PARSERS: Record<FormatFamily, StatementParser> = {
  camt: camtParser,
  mt940: mt940Parser, // MT942 too
  ofx: ofxParser,
  cfonb120: cfonb120Parser,
  qif: qifParser,
  csv: csvParser,
};
