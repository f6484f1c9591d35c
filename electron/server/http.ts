// Browser mode: the core's contract and the built renderer served on 127.0.0.1 only.
// Every request must carry the per-run token (cookie, set from the ?token= of the printed URL,
// or an Authorization: Bearer header) and a loopback Host header, which defeats DNS rebinding.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Core, ProgressEvent } from '../core/core.js';
import type { Dispatch } from '../core/dispatch.js';
import { contentType, resolveStaticPath, SECURITY_HEADERS } from './security.js';

export interface ServerOptions {
  core: Core;
  dispatch: Dispatch;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'pointage_token';
const MAX_BODY = 1 << 20;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const server = http.createServer((req, res) => {
    handle(req, res, { ...options, token, port: (server.address() as AddressInfo).port }).catch((error) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal', message: String((error as Error).message) } });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Context = ServerOptions & { token: string; port: number };

async function handle(req: http.IncomingMessage, res: http.ServerResponse, ctx: Context): Promise<void> {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  if (!isLoopbackHost(req.headers.host, ctx.port)) return deny(res, 'this server answers only on 127.0.0.1');
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${ctx.port}`);
  if (req.method === 'GET' && url.pathname === '/' && url.searchParams.has('token')) {
    if (!sameToken(url.searchParams.get('token')!, ctx.token)) return deny(res, 'wrong token');
    // The token moves into a cookie and out of the address bar.
    res.writeHead(303, { Location: '/', 'Set-Cookie': `${COOKIE}=${ctx.token}; HttpOnly; SameSite=Strict; Path=/` });
    return void res.end();
  }
  if (!hasToken(req, ctx.token)) return deny(res, 'missing or wrong token: open the address printed by `pointage serve`');
  if (url.pathname.startsWith('/api/call/')) return call(req, res, ctx, url.pathname.slice('/api/call/'.length));
  if (url.pathname === '/api/events') return events(req, res, ctx.core);
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
  return serveStatic(res, ctx.rendererDir, url.pathname);
}

export function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

function hasToken(req: http.IncomingMessage, token: string): boolean {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const cookie = (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(COOKIE + '='))?.slice(COOKIE.length + 1);
  return [bearer, cookie].some((candidate) => candidate !== undefined && sameToken(candidate, token));
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function call(req: http.IncomingMessage, res: http.ServerResponse, ctx: Context, name: string): Promise<void> {
  // JSON only: a cross-site form cannot send it without a CORS preflight, which we never grant.
  if (req.method !== 'POST' || !(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return send(res, 415, { ok: false, error: { code: 'invalid_input', message: 'POST a JSON body' } });
  }
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY) return send(res, 413, { ok: false, error: { code: 'invalid_input', message: 'request too large' } });
  }
  let input: unknown;
  try {
    input = body ? JSON.parse(body) : {};
  } catch {
    return send(res, 400, { ok: false, error: { code: 'invalid_input', message: 'the body is not valid JSON' } });
  }
  const result = await ctx.dispatch(decodeURIComponent(name), input);
  send(res, 200, result);
}

function events(req: http.IncomingMessage, res: http.ServerResponse, core: Core): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  res.write(': connected\n\n');
  const onProgress = (p: ProgressEvent) => res.write(`event: progress\ndata: ${JSON.stringify(p)}\n\n`);
  core.events.on('progress', onProgress);
  req.on('close', () => core.events.off('progress', onProgress));
}

function serveStatic(res: http.ServerResponse, root: string, urlPath: string): void {
  const file = resolveStaticPath(path.resolve(root), urlPath, path.join, path.sep);
  if (!file) return deny(res, 'path outside the application');
  const target = existsSync(file) && statSync(file).isFile() ? file : path.join(root, 'index.html');
  if (!existsSync(target)) return send(res, 404, { error: 'the renderer is not built: run npm run build' });
  res.writeHead(200, { 'Content-Type': contentType(target), 'Cache-Control': 'no-cache' });
  createReadStream(target).pipe(res);
}

function deny(res: http.ServerResponse, message: string): void {
  send(res, 403, { ok: false, error: { code: 'invalid_input', message } });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
