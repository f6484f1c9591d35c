// Test support (used by the MT940 and CFONB 120 tests, never by the app): runs the assertions of
// the shared corpus' truth files (/work/shared/fixtures/statements/truth/<format>/*.truth.json)
// against a parsed document. Paths look like "statements[0].entries[2].amount"; "altPaths" are
// other places that may hold the value; decimals compare by value; "contains" ignores spacing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareDecimals } from '../../../../shared/money.js';
import type { ParsedDocument } from '../../../../shared/statement.js';

export interface TruthCheck {
  path: string;
  altPaths?: string[];
  equals: unknown;
  kind: 'int' | 'string' | 'null' | 'decimal' | 'date' | 'contains' | 'absDecimal';
}

export interface TruthFile {
  file: string;
  format: string;
  checks: TruthCheck[];
  notes?: string[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
export const corpusRoot = path.resolve(repoRoot, '../shared/fixtures/statements');

/** The truth files of one format folder, with the path of the data file each describes. */
export function truthFilesOf(format: string): { name: string; dataFile: string; truth: TruthFile }[] {
  const folder = path.join(corpusRoot, 'truth', format);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.truth.json'))
    .sort()
    .map((name) => {
      const truth = JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as TruthFile;
      const dataFile = path.join(corpusRoot, truth.file.replace(/^shared\/fixtures\/statements\//, ''));
      return { name: name.replace(/\.truth\.json$/, ''), dataFile, truth };
    });
}

/** The failed checks, as readable lines; an empty list means every check passed. */
export function failedChecks(document: ParsedDocument, checks: readonly TruthCheck[]): string[] {
  const failures: string[] = [];
  for (const check of checks) {
    const paths = [check.path, ...(check.altPaths ?? [])];
    if (paths.some((p) => passes(valueAt(document, p), check))) continue;
    failures.push(`${check.path}: expected ${check.kind} ${JSON.stringify(check.equals)}, got ${JSON.stringify(valueAt(document, check.path))}`);
  }
  return failures;
}

export function valueAt(root: unknown, dottedPath: string): unknown {
  let value: unknown = root;
  for (const key of dottedPath.match(/[^.[\]]+/g) ?? []) {
    if (value === null || value === undefined) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function passes(value: unknown, check: TruthCheck): boolean {
  switch (check.kind) {
    case 'null': return value === null;
    case 'int': case 'string': case 'date': return value === check.equals;
    case 'contains': return typeof value === 'string' && spaced(value).includes(spaced(String(check.equals)));
    case 'decimal': return sameDecimal(value, String(check.equals), false);
    case 'absDecimal': return sameDecimal(value, String(check.equals), true);
  }
}

function sameDecimal(value: unknown, expected: string, absolute: boolean): boolean {
  const decimal = /^-?\d+(\.\d+)?$/;
  if (typeof value !== 'string' || !decimal.test(value) || !decimal.test(expected)) return false;
  const strip = (d: string): string => (absolute ? d.replace(/^-/, '') : d);
  return compareDecimals(strip(value), strip(expected)) === 0;
}

function spaced(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
