// The vault's cipher in the desktop app: the operating system's keychain via safeStorage.
import { safeStorage } from 'electron';
import type { Cipher } from '../core/vault/vault.js';

export function keychainCipher(): Cipher | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined; // falls back to the passphrase vault
  return {
    kind: 'os-keychain',
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
