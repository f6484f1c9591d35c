// The renderer reaches the core only through the typed client, over IPC in the desktop app
// (window.pointage, from the preload) or over HTTP in browser mode (same origin, cookie token).
import { createClient, type CallResult, type Client, type OperationName, type Transport } from '../../shared/contract/index.js';

export interface ProgressEvent {
  task: string;
  done: number;
  total: number | null;
  label?: string;
}

interface Bridge {
  invoke(name: string, input: unknown): Promise<CallResult<unknown>>;
  onProgress(listener: (p: ProgressEvent) => void): () => void;
}

declare global {
  interface Window {
    pointage?: Bridge;
  }
}

const httpTransport: Transport = async (name: OperationName, input: unknown) => {
  const response = await fetch(`/api/call/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(input ?? {}),
  });
  if (response.status === 403) return { ok: false, error: { code: 'invalid_input', message: 'session expired: open the address printed by pointage serve again' } };
  return (await response.json()) as CallResult<unknown>;
};

export const client: Client = createClient(window.pointage ? (name, input) => window.pointage!.invoke(name, input) : httpTransport);

export function onProgress(listener: (p: ProgressEvent) => void): () => void {
  if (window.pointage) return window.pointage.onProgress(listener);
  const source = new EventSource('/api/events');
  source.addEventListener('progress', (e) => listener(JSON.parse((e as MessageEvent<string>).data) as ProgressEvent));
  return () => source.close();
}
