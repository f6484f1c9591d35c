// The lint rule that keeps the layers' arrows pointing one way must catch a wrong import.
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'layers/imports').map((m) => m.message);
}

describe('layering lint rule', () => {
  it('catches imports against the arrows', async () => {
    expect(await layerErrors('shared/bad.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).toEqual(['shared must not import the Node built-in "node:fs"']);
    expect(await layerErrors('shared/bad.ts', "export { Core } from '../electron/core/core.js';\n")).toEqual(['shared must not import core ("../electron/core/core.js")']);
    expect(await layerErrors('renderer/src/bad.ts', "import { openLedger } from '../../electron/core/ledger/database.js';\nexport const x = openLedger;\n")).toEqual([
      'renderer must not import core ("../../electron/core/ledger/database.js")',
    ]);
    expect(await layerErrors('renderer/src/bad.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).toEqual([
      'renderer must not import electron (only electron/main and the preload may)',
    ]);
    expect(await layerErrors('electron/core/bad.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([
      'core must not import electron (only electron/main and the preload may)',
    ]);
    expect(await layerErrors('electron/core/bad.ts', "import { x } from '../main/main.js';\nexport const y = x;\n")).toEqual(['core must not import electron-main ("../main/main.js")']);
  });

  it('lets the arrows that point the right way through', async () => {
    expect(await layerErrors('renderer/src/ok.ts', "import { operations } from '../../shared/contract/index.js';\nexport const x = operations;\n")).toEqual([]);
    expect(await layerErrors('electron/core/ok.ts', "import fs from 'node:fs';\nimport { toMinor } from '../../shared/money.js';\nexport const x = [fs, toMinor];\n")).toEqual([]);
    expect(await layerErrors('electron/main/ok.ts', "import { app } from 'electron';\nimport { Core } from '../core/core.js';\nexport const x = [app, Core];\n")).toEqual([]);
  });
});
