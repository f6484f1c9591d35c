// Conformance of the statement parsers against the third-party sample corpus in
// ../shared/fixtures/statements (see its MANIFEST.md). Each truth file lists assertions on the
// normalized ParsedDocument of one sample file; every assertion must hold.
// The corpus is test input only and lives outside the project: without it these tests skip.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../electron/core/statements/parse-file.js';
import { allSamples, corpusPresent, corpusRoot, failedChecks } from '../helpers/truth.js';

if (!corpusPresent) console.warn(`statement conformance tests skipped: no sample corpus at ${corpusRoot}`);

describe.runIf(corpusPresent)('statement conformance (sample corpus)', () => {
  for (const { dataFile, truth } of allSamples()) {
    it(`${truth.format} ${path.basename(dataFile)}`, async () => {
      const failures = failedChecks(await parseFiles([dataFile]), truth);
      expect(failures, `${failures.length} of ${truth.checks.length} assertions failed:\n  ${failures.join('\n  ')}`).toEqual([]);
    });
  }
});
