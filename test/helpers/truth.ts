// The shared sample corpus (../shared/fixtures/statements, see its MANIFEST.md) and its truth
// files: assertions on the normalized ParsedDocument of each sample. Read in place, never copied.
// Paths look like "statements[0].entries[2].amount"; altPaths are other places that may hold the
// value; decimals compare by value; absDecimal ignores the sign.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareDecimals, negateDecimal } from '../../shared/money.js';

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
  statements?: number;
  checks: TruthCheck[];
  notes?: string[];
}

export interface Sample {
  /** The sample's file name. */
  name: string;
  dataFile: string;
  truth: TruthFile;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusRoot = path.resolve(repoRoot, '../shared/fixtures/statements');
export const corpusPresent = existsSync(path.join(corpusRoot, 'truth'));

/** The samples of one format folder (camt053, mt940, ofx...) with their truth; empty without the corpus. */
export function samplesOf(format: string): Sample[] {
  const folder = path.join(corpusRoot, 'truth', format);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.truth.json'))
    .sort()
    .map((name) => {
      const truth = JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as TruthFile;
      return { name: name.replace(/\.truth\.json$/, ''), dataFile: samplePath(truth.file), truth };
    });
}

/** Every sample of the corpus. */
export function allSamples(): Sample[] {
  if (!corpusPresent) return [];
  return readdirSync(path.join(corpusRoot, 'truth')).sort().flatMap(samplesOf);
}

/** Truth files name their sample relative to the folder holding shared/. */
function samplePath(file: string): string {
  const prefix = 'shared/fixtures/statements/';
  return file.startsWith(prefix) ? path.join(corpusRoot, file.slice(prefix.length)) : path.resolve(repoRoot, '..', file);
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

/** The checks that fail, each told with what was found; empty when the document passes. */
export function failedChecks(document: unknown, truth: TruthFile | readonly TruthCheck[]): string[] {
  const checks = 'checks' in truth ? truth.checks : truth;
  return checks.flatMap((check) => {
    const paths = [check.path, ...(check.altPaths ?? [])];
    if (paths.some((p) => holds(valueAt(document, p), check))) return [];
    const found = paths.map((p) => `${p} = ${JSON.stringify(valueAt(document, p))}`).join(', ');
    return [`${check.path} (${check.kind}) should be ${JSON.stringify(check.equals)}; found ${found}`];
  });
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
