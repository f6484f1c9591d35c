// The `pointage` command, run as a user would (a real process), on temporary data directories.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './helpers/temp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const temp = tempDirs();

function pointage(args: string[], env: Record<string, string> = {}, input?: string) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'electron/cli/pointage.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    input,
    env: { ...process.env, POINTAGE_LOG: 'silent', ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('pointage CLI', () => {
  it('has help at every level', () => {
    const top = pointage(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['serve', 'call', 'parse', 'import', 'items', 'accounts']) expect(top.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    const call = pointage(['call', '--help']);
    expect(call.code).toBe(0);
    expect(call.stdout).toContain('Usage: pointage call <operation>');
  });

  it('fails bad input with a non-zero exit and one line on stderr', () => {
    const data = temp();
    const unknown = pointage(['--data', data, 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('pointage: unknown command "frobnicate" (pointage --help lists them)\n');
    const invalid = pointage(['--data', data, 'call', 'company.create', '{"name":""}']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr.trim().split('\n')).toHaveLength(1);
    expect(invalid.stderr).toMatch(/^pointage: name: /);
    const notJson = pointage(['--data', data, 'call', 'app.info', '{oops']);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toBe('pointage: call app.info: the input is not valid JSON\n');
  });

  it('calls any contract operation with JSON in and out', () => {
    const data = temp();
    const info = pointage(['--data', data, 'call', 'app.info']);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ mode: 'cli' });
  });

  it('adds and lists ledger accounts, refusing a wrong IBAN precisely', () => {
    const data = temp();
    const wrong = pointage(['--data', data, 'accounts', 'add', '--name', 'BNP', '--iban', 'FR76 3000 6000 0112 3456 7890 188']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/RIB key/);
    const added = pointage(['--data', data, 'accounts', 'add', '--name', 'BNP', '--iban', 'FR76 3000 6000 0112 3456 7890 189', '--gl', '512100']);
    expect(added.code).toBe(0);
    const dk = pointage(['--data', data, 'accounts', 'add', '--name', 'Danske', '--dk-account', '1551-3201885412', '--currency', 'DKK']);
    expect(dk.code).toBe(0);
    const list = JSON.parse(pointage(['--data', data, 'accounts', 'list', '--json']).stdout);
    expect(list.map((a: { name: string; iban: string; currency: string; glAccount: string | null }) => [a.name, a.iban, a.currency, a.glAccount])).toEqual([
      ['BNP', 'FR7630006000011234567890189', 'EUR', '512100'],
      ['Danske', 'DK9115513201885412', 'DKK', null],
    ]);
    const again = pointage(['--data', data, 'accounts', 'add', '--name', 'Twice', '--iban', 'FR7630006000011234567890189']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already the ledger account "BNP"/);
  });

  it('uses POINTAGE_DATA when --data is not given', () => {
    const data = temp();
    expect(pointage(['accounts', 'add', '--name', 'BNP', '--iban', 'FR7630006000011234567890189'], { POINTAGE_DATA: data }).code).toBe(0);
    expect(JSON.parse(pointage(['--data', data, 'accounts', 'list']).stdout)).toHaveLength(1);
  });

  it('keeps secrets in the encrypted vault, unlocked by POINTAGE_PASSPHRASE, and refuses without it', () => {
    const data = temp();
    const secret = 'planted-by-the-cli-test-9f8e7d6c'; // not a credential
    const stored = pointage(['--data', data, 'secrets', 'set', 'bankintegration:code'], { POINTAGE_PASSPHRASE: 'a long vault passphrase' }, secret + '\n');
    expect(stored.code).toBe(0);
    expect(stored.stdout + stored.stderr).not.toContain(secret);
    const list = JSON.parse(pointage(['--data', data, 'secrets', 'list']).stdout);
    expect(list).toMatchObject({ kind: 'passphrase', unlocked: false, secretCount: 1, names: ['bankintegration:code'] });
    const locked = pointage(['--data', data, 'secrets', 'set', 'other'], {}, 'value\n');
    expect(locked.code).toBe(2);
    expect(locked.stderr).toMatch(/vault is locked: set POINTAGE_PASSPHRASE/);
    const wrong = pointage(['--data', data, 'secrets', 'set', 'other'], { POINTAGE_PASSPHRASE: 'not the passphrase' }, 'value\n');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/wrong passphrase/);
  });
});
