// The renderer's files are served from app://pointage/, never from file://, with the same CSP
// as browser mode and no way out of the renderer folder.
import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveStaticPath, SECURITY_HEADERS } from '../server/security.js';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://pointage`;

/** Must run before the app is ready. */
export function registerScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } }]);
}

export function serveRenderer(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'pointage' ? resolveStaticPath(root, url.pathname, path.join, path.sep) : null;
    if (!file) return new Response('Forbidden', { status: 403, headers: SECURITY_HEADERS });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.set(k, v);
    return new Response(response.body, { status: response.status, headers });
  });
}
