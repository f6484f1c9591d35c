// Test support (not used by the app): reads the shared third-party fixtures and checks a parsed
// document against their truth files (../shared/fixtures/statements/truth/<format>/<file>.truth.json).
// The fixtures are read in place, never copied into the project.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareDecimals, negateDecimal } from '../../../../shared/money.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const sharedFixtures = path.resolve(repoRoot, '../shared/fixtures/statements');

export interface TruthCheck {
  path: string;
  altPaths?: string[];
  equals: unknown;
  kind: 'int' | 'string' | 'null' | 'decimal' | 'date' | 'contains' | 'absDecimal';
  source?: string;
}

export interface TruthFile {
  file: string;
  format: string;
  statements: number;
  checks: TruthCheck[];
  notes?: string[];
}

export interface SharedFixture {
  name: string;
  bytes: Buffer;
  truth: TruthFile;
}

/** The fixtures of one folder (ofx, csv...) that have a truth file; empty when the corpus is absent. */
export function sharedFixturesOf(folder: string): SharedFixture[] {
  const dir = path.join(sharedFixtures, folder);
  const truthDir = path.join(sharedFixtures, 'truth', folder);
  if (!existsSync(dir) || !existsSync(truthDir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.endsWith('.json') && existsSync(path.join(truthDir, `${name}.truth.json`)))
    .map((name) => ({
      name,
      bytes: readFileSync(path.join(dir, name)),
      truth: JSON.parse(readFileSync(path.join(truthDir, `${name}.truth.json`), 'utf8')) as TruthFile,
    }));
}

/** `statements[0].entries[1].amount` -> the value at that path, or undefined. */
export function valueAt(root: unknown, pathText: string): unknown {
  let value: unknown = root;
  for (const [, key, index] of pathText.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (value === null || value === undefined) return undefined;
    value = (value as Record<string, unknown>)[key ?? Number(index)];
  }
  return value;
}

function holds(actual: unknown, check: TruthCheck): boolean {
  const expected = check.equals;
  switch (check.kind) {
    case 'null':
      return actual === null;
    case 'int':
    case 'string':
    case 'date':
      return actual === expected;
    case 'contains':
      return typeof actual === 'string' && actual.includes(String(expected));
    case 'decimal':
      return isDecimal(actual) && compareDecimals(actual, String(expected)) === 0;
    case 'absDecimal':
      return isDecimal(actual) && compareDecimals(abs(actual), abs(String(expected))) === 0;
  }
}

function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value);
}

function abs(decimal: string): string {
  return decimal.startsWith('-') ? negateDecimal(decimal) : decimal;
}

/** The checks that fail, each told with what was found; empty when the document passes. */
export function failedChecks(document: unknown, truth: TruthFile): string[] {
  return truth.checks.flatMap((check) => {
    const paths = [check.path, ...(check.altPaths ?? [])];
    if (paths.some((p) => holds(valueAt(document, p), check))) return [];
    const found = paths.map((p) => `${p} = ${JSON.stringify(valueAt(document, p))}`).join(', ');
    return [`${check.path} (${check.kind}) should be ${JSON.stringify(check.equals)}; found ${found}`];
  });
}
