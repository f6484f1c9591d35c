// Conformance of the statement parsers against the third-party sample corpus in
// ../shared/fixtures/statements (see its MANIFEST.md). Each truth file lists assertions on the
// normalized ParsedDocument of one sample file; every assertion must hold.
// The corpus is test input only and lives outside the project: without it these tests skip.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareDecimals, negateDecimal } from '../../shared/money.js';
import type { ParsedDocument } from '../../shared/statement.js';
import { parseFiles } from '../../electron/core/statements/parse-file.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixturesRoot = path.resolve(repoRoot, '../shared/fixtures/statements');
const truthRoot = path.join(fixturesRoot, 'truth');
const corpusPresent = existsSync(truthRoot);

if (!corpusPresent) console.warn(`statement conformance tests skipped: no sample corpus at ${truthRoot}`);

type CheckKind = 'int' | 'string' | 'null' | 'decimal' | 'date' | 'contains' | 'absDecimal';

interface TruthCheck {
  path: string;
  altPaths?: string[];
  equals: unknown;
  kind: CheckKind;
}

interface TruthFile {
  file: string;
  format: string;
  checks: TruthCheck[];
}

describe.runIf(corpusPresent)('statement conformance (sample corpus)', () => {
  for (const truthPath of corpusPresent ? truthFiles(truthRoot) : []) {
    const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as TruthFile;
    const sample = samplePath(truth.file);
    it(`${truth.format} ${path.basename(sample)}`, async () => {
      const document = await parseFiles([sample]);
      const failures = truth.checks.map((check) => failureOf(document, check)).filter((f): f is string => f !== null);
      expect(failures, `${failures.length} of ${truth.checks.length} assertions failed:\n  ${failures.join('\n  ')}`).toEqual([]);
    });
  }
});

function truthFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((item) => {
      const full = path.join(folder, item.name);
      if (item.isDirectory()) return truthFiles(full);
      return item.name.endsWith('.truth.json') ? [full] : [];
    })
    .sort();
}

/** Truth files name their sample relative to the folder holding shared/ (e.g. shared/fixtures/statements/camt053/x.xml). */
function samplePath(file: string): string {
  const prefix = 'shared/fixtures/statements/';
  return file.startsWith(prefix) ? path.join(fixturesRoot, file.slice(prefix.length)) : path.resolve(repoRoot, '..', file);
}

/** null when the check holds on the path or one of its altPaths, else a readable failure. */
function failureOf(document: ParsedDocument, check: TruthCheck): string | null {
  const paths = [check.path, ...(check.altPaths ?? [])];
  const found = paths.map((p) => valueAt(document, p));
  if (found.some((value) => holds(check.kind, value, check.equals))) return null;
  const got = paths.map((p, i) => `${p} = ${show(found[i])}`).join(', ');
  return `${check.path} (${check.kind}): expected ${show(check.equals)}, got ${got}`;
}

const MISSING = Symbol('missing');

/** Evaluates `statements[0].entries[2].amount`, `statements.length`... on the document. */
function valueAt(root: unknown, pathText: string): unknown {
  let value: unknown = root;
  for (const step of pathText.split(/\.|(?=\[)/)) {
    if (value === null || value === undefined || value === MISSING) return MISSING;
    const index = /^\[(\d+)\]$/.exec(step);
    const key: string | number = index ? Number(index[1]) : step;
    if (typeof value !== 'object' || !(key in (value as object))) return MISSING;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function holds(kind: CheckKind, value: unknown, expected: unknown): boolean {
  switch (kind) {
    case 'int':
    case 'string':
      return value === expected;
    case 'null':
      return value === null;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && value === expected;
    case 'contains':
      return typeof value === 'string' && typeof expected === 'string' && value.includes(expected);
    case 'decimal':
      return sameDecimal(value, expected, (d) => d);
    case 'absDecimal':
      return sameDecimal(value, expected, (d) => (d.trim().startsWith('-') ? negateDecimal(d) : d));
  }
}

function sameDecimal(value: unknown, expected: unknown, transform: (d: string) => string): boolean {
  if (typeof value !== 'string' || (typeof expected !== 'string' && typeof expected !== 'number')) return false;
  try {
    return compareDecimals(transform(value), transform(String(expected))) === 0;
  } catch {
    return false; // not a decimal at all
  }
}

function show(value: unknown): string {
  return value === MISSING ? '(missing)' : JSON.stringify(value);
}
