// AES-256-GCM under a key derived from a passphrase with scrypt: the vault cipher outside Electron.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import type { Cipher, VaultFile } from './vault.js';

export type Kdf = NonNullable<VaultFile['kdf']>;

export function newKdf(): Kdf {
  return { salt: randomBytes(16).toString('base64'), N: 2 ** 15, r: 8, p: 1 };
}

export function passphraseCipher(passphrase: string, kdf: Kdf): Cipher {
  const key = scryptSync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    maxmem: 128 * kdf.N * kdf.r * 2,
  });
  return {
    kind: 'passphrase',
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      const raw = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
