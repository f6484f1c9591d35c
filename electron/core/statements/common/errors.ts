import { PointageError } from '../../../../shared/contract/errors.js';

/**
 * A statement file that cannot be read. The message names the format, the statement (1-based)
 * and the line or element where reading stopped, e.g.
 * `MT940, statement 2, line 14: field :61: has no amount`.
 */
export class StatementFileError extends PointageError {
  constructor(
    readonly format: string,
    readonly detail: string,
    readonly location: { statement?: number; line?: number; element?: string } = {},
  ) {
    const where = [
      location.statement === undefined ? null : `statement ${location.statement}`,
      location.line === undefined ? null : `line ${location.line}`,
      location.element === undefined ? null : `element ${location.element}`,
    ].filter((x): x is string => x !== null);
    super('bad_file', oneLine(`${format}${where.length ? ', ' + where.join(', ') : ''}: ${detail}`), where.join(', ') || undefined);
    this.name = 'StatementFileError';
  }
}

/**
 * Details quote values from the file ("2023\n-01-25" is not a date), which may hold line breaks
 * and other control characters: they are shown escaped, so that the message stays one line.
 */
function oneLine(message: string): string {
  return message.replace(/[\p{Cc}\u2028\u2029]/gu, (c) => {
    if (c === '\t') return c;
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
