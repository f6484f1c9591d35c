// Hands a File to the core in base64 chunks, over whichever transport carries the contract.
import { client } from './api.js';

const CHUNK_BYTES = 768 * 1024; // about 1 MB once in base64, under the contract's limit

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function uploadFile(file: File, onProgress: (sent: number) => void): Promise<string> {
  const { uploadId } = await client.call('uploads.begin', { name: file.name });
  for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
    const bytes = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    await client.call('uploads.append', { uploadId, data: toBase64(bytes) });
    onProgress(Math.min(file.size, offset + CHUNK_BYTES));
  }
  return uploadId;
}
