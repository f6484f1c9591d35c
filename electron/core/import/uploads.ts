// Files handed to the core by the UI arrive in chunks, over whichever transport, and are stored
// in the data directory's uploads/ folder. The core then reads only files it stored itself:
// the renderer never names a path on disk.
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PointageError } from '../../../shared/contract/errors.js';

export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
const ID = /^[0-9a-f-]{36}$/;

export class Uploads {
  private readonly dir: string;
  private readonly names = new Map<string, string>();

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'uploads');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.clearOld();
  }

  begin(name: string): string {
    const id = randomUUID();
    writeFileSync(this.file(id), '');
    this.names.set(id, path.basename(name));
    return id;
  }

  append(id: string, base64: string): number {
    const file = this.existing(id);
    const bytes = Buffer.from(base64, 'base64');
    if (statSync(file).size + bytes.length > MAX_UPLOAD_BYTES) throw new PointageError('invalid_input', 'the file is larger than 2 GB');
    appendFileSync(file, bytes);
    return statSync(file).size;
  }

  /** The stored file and the name the user gave it. */
  get(id: string): { file: string; name: string } {
    return { file: this.existing(id), name: this.names.get(id) ?? 'upload' };
  }

  discard(id: string): void {
    if (ID.test(id)) rmSync(this.file(id), { force: true });
    this.names.delete(id);
  }

  private existing(id: string): string {
    if (!ID.test(id) || !existsSync(this.file(id))) throw new PointageError('not_found', `no uploaded file "${id}"`, 'uploadId');
    return this.file(id);
  }

  private file(id: string): string {
    return path.join(this.dir, id);
  }

  /** Uploads left by an earlier run (a crash mid-import) are removed once a day old. */
  private clearOld(): void {
    const dayAgo = Date.now() - 24 * 3600 * 1000;
    for (const name of readdirSync(this.dir)) {
      const file = path.join(this.dir, name);
      if (statSync(file).mtimeMs < dayAgo) rmSync(file, { force: true });
    }
  }
}
