// The secret vault: API keys, integration codes, client secrets, tokens, passwords and private
// keys are only ever written to disk sealed by a Cipher. In the desktop app the cipher is the
// OS keychain (Electron safeStorage); in Node it is AES-256-GCM under a passphrase (passphrase.ts).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PointageError } from '../../../shared/contract/errors.js';
import type { VaultStatus } from '../../../shared/contract/index.js';

export interface Cipher {
  readonly kind: VaultStatus['kind'];
  seal(plain: string): string;
  /** Throws when the sealed text was not sealed by this cipher's key. */
  open(sealed: string): string;
}

export interface VaultFile {
  version: 1;
  /** Key-derivation parameters, for the passphrase cipher only. */
  kdf?: { salt: string; N: number; r: number; p: number };
  /** A known text sealed with the key: unlocking checks the passphrase against it. */
  check?: string;
  secrets: Record<string, string>;
}

const CHECK_TEXT = 'pointage-vault-v1';
export const VAULT_FILE = 'vault.json';

export class Vault {
  private cipher: Cipher | null = null;
  private data: VaultFile;

  constructor(
    private readonly file: string,
    readonly kind: VaultStatus['kind'],
  ) {
    this.data = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as VaultFile) : { version: 1, secrets: {} };
  }

  static inDataDir(dataDir: string, kind: VaultStatus['kind']): Vault {
    return new Vault(path.join(dataDir, VAULT_FILE), kind);
  }

  /** The stored key-derivation parameters, so a passphrase cipher can be rebuilt. */
  get kdf(): VaultFile['kdf'] {
    return this.data.kdf;
  }

  unlock(cipher: Cipher, kdf?: VaultFile['kdf']): void {
    if (this.data.check !== undefined) {
      let text: string;
      try {
        text = cipher.open(this.data.check);
      } catch {
        throw new PointageError('vault_locked', 'wrong passphrase: the vault could not be opened');
      }
      if (text !== CHECK_TEXT) throw new PointageError('vault_locked', 'wrong passphrase: the vault could not be opened');
    } else {
      this.data.check = cipher.seal(CHECK_TEXT);
      if (kdf) this.data.kdf = kdf;
      this.save();
    }
    this.cipher = cipher;
  }

  status(): VaultStatus {
    return { kind: this.kind, unlocked: this.cipher !== null, secretCount: Object.keys(this.data.secrets).length };
  }

  set(name: string, value: string): void {
    this.data.secrets[name] = this.unlocked().seal(value);
    this.save();
  }

  get(name: string): string | null {
    const sealed = this.data.secrets[name];
    return sealed === undefined ? null : this.unlocked().open(sealed);
  }

  /** The names of the stored secrets (never their values). */
  names(): string[] {
    return Object.keys(this.data.secrets).sort();
  }

  delete(name: string): void {
    delete this.data.secrets[name];
    this.save();
  }

  private unlocked(): Cipher {
    if (!this.cipher) throw new PointageError('vault_locked', 'the secret vault is locked: unlock it with its passphrase first');
    return this.cipher;
  }

  /** Written to a temporary file then renamed: a crash leaves the old vault or the new one. */
  private save(): void {
    const tmp = this.file + '.tmp';
    writeFileSync(tmp, JSON.stringify(this.data, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
