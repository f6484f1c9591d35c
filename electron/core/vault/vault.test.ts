import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCore, TEST_PASSPHRASE } from '../../../test/helpers/core.js';
import { tempDirs } from '../../../test/helpers/temp.js';

const temp = tempDirs();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

describe('secret vault', () => {
  it('never writes a secret in clear anywhere in the data directory', async () => {
    const dataDir = temp();
    // A value planted by the test (not a credential), then searched for in every file.
    const secret = 'planted-by-the-vault-test-7f3a9c1e';
    const { core } = makeCore(dataDir, { passphrase: TEST_PASSPHRASE });
    await core.openDemo();
    core.vault.set('bankintegration:integration-code', secret);
    expect(core.vault.get('bankintegration:integration-code')).toBe(secret);
    core.close();

    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('vault.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('.sqlite'))).toBe(true);
    const needles = [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le'), Buffer.from(Buffer.from(secret).toString('base64'))];
    const hits = files.filter((f) => needles.some((n) => readFileSync(f).includes(n)));
    expect(hits).toEqual([]);
    expect(files.filter((f) => readFileSync(f).includes(Buffer.from(TEST_PASSPHRASE)))).toEqual([]);
  });

  it('opens again with the right passphrase and refuses a wrong one', () => {
    const dataDir = temp();
    const first = makeCore(dataDir, { passphrase: TEST_PASSPHRASE }).core;
    first.vault.set('stet:client-secret', 'hunter2-but-longer');
    first.close();

    const locked = makeCore(dataDir).core;
    expect(locked.vault.status()).toEqual({ kind: 'passphrase', unlocked: false, secretCount: 1 });
    expect(() => locked.vault.get('stet:client-secret')).toThrow(/vault is locked/);
    expect(() => locked.unlockVault('not the passphrase')).toThrow(/wrong passphrase/);
    locked.unlockVault(TEST_PASSPHRASE);
    expect(locked.vault.get('stet:client-secret')).toBe('hunter2-but-longer');
    locked.close();
  });
});
