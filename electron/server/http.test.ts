import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCore } from '../../test/helpers/core.js';
import { tempDirs } from '../../test/helpers/temp.js';
import { startServer, type RunningServer } from './http.js';

const temp = tempDirs();
const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.close();
});

async function serve(): Promise<RunningServer> {
  const dir = temp();
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Pointage</title>');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
  const { core, dispatch } = makeCore(path.join(dir, 'data'));
  const server = await startServer({ core, dispatch, rendererDir });
  running.push({ close: async () => (await server.close(), core.close()) });
  return server;
}

/** A raw request, so the Host header can be anything. */
function request(port: number, options: { path: string; method?: string; headers?: Record<string, string>; body?: string; setHost?: boolean }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers: options.headers, setHost: options.setHost ?? true }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('browser mode server', () => {
  it('listens on 127.0.0.1 only and prints a URL with its token', async () => {
    const server = await serve();
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{40,}$`));
  });

  it('refuses requests without the token', async () => {
    const server = await serve();
    const host = `127.0.0.1:${server.port}`;
    expect((await request(server.port, { path: '/', headers: { host } })).status).toBe(403);
    expect((await request(server.port, { path: '/?token=wrong', headers: { host } })).status).toBe(403);
    const call = await request(server.port, { path: '/api/call/app.info', method: 'POST', headers: { host, 'content-type': 'application/json' }, body: '{}' });
    expect(call.status).toBe(403);
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    const server = await serve();
    const auth = { authorization: `Bearer ${server.token}` };
    for (const host of ['evil.example:' + server.port, `127.0.0.1.nip.io:${server.port}`, '127.0.0.1:1', `127.0.0.1:${server.port}.evil.example`]) {
      const res = await request(server.port, { path: '/', headers: { host, ...auth } });
      expect(res.status, host).toBe(403);
    }
    // No Host at all: Node's HTTP/1.1 server refuses it before we see it.
    expect((await request(server.port, { path: '/', headers: auth, setHost: false })).status).toBe(400);
    expect((await request(server.port, { path: '/', headers: { host: `localhost:${server.port}`, ...auth } })).status).toBe(200);
  });

  it('moves the token into an HttpOnly cookie and serves with a strict CSP', async () => {
    const server = await serve();
    const host = `127.0.0.1:${server.port}`;
    const first = await request(server.port, { path: `/?token=${server.token}`, headers: { host } });
    expect(first.status).toBe(303);
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await request(server.port, { path: '/', headers: { host, cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Pointage</title>');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('carries the contract and validates input', async () => {
    const server = await serve();
    const headers = { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
    const info = await request(server.port, { path: '/api/call/app.info', method: 'POST', headers, body: '{}' });
    expect(JSON.parse(info.body)).toEqual({ ok: true, value: { version: '0.0.0-test', mode: 'cli' } });
    const bad = await request(server.port, { path: '/api/call/company.create', method: 'POST', headers, body: '{"name":""}' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', where: 'name' } });
    const form = await request(server.port, { path: '/api/call/app.info', method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(form.status).toBe(415);
  });

  it('never serves a file outside the renderer folder', async () => {
    const server = await serve();
    const headers = { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${server.token}` };
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/a/%00/b']) {
      const res = await request(server.port, { path: p, headers });
      expect(res.body, p).not.toContain('outside the renderer');
    }
  });
});
