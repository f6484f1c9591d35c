// Asking for the vault's passphrase on the terminal, without echoing it.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Core } from '../core/core.js';
import { UsageError } from './command.js';

export async function askPassphrase(question: string, input = process.stdin, output = process.stderr): Promise<string> {
  let muted = false;
  const silent = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input, output: silent, terminal: true });
  try {
    const answer = new Promise<string>((resolve) => rl.question(question, resolve));
    muted = true;
    return await answer;
  } finally {
    output.write('\n');
    rl.close();
  }
}

/** Unlocks the vault: already open, POINTAGE_PASSPHRASE, or a prompt when a person is at the terminal. */
export async function unlockVault(core: Core): Promise<void> {
  if (core.vault.status().unlocked) return;
  if (!process.stdin.isTTY) throw new UsageError('the secret vault is locked: set POINTAGE_PASSPHRASE or run this in a terminal to be asked for it');
  const first = core.vault.status().secretCount === 0 && core.vault.kdf === undefined;
  const passphrase = await askPassphrase(first ? 'Choose a passphrase for the secret vault (8 characters or more): ' : 'Passphrase of the secret vault: ');
  if (passphrase.length < 8) throw new UsageError('the passphrase must have 8 characters or more');
  core.unlockVault(passphrase);
}
