import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStaticPath } from './security.js';

describe('resolveStaticPath', () => {
  const root = path.resolve('/srv/app');
  const resolve = (p: string) => resolveStaticPath(root, p, path.join, path.sep);
  it('maps paths inside the root', () => {
    expect(resolve('/')).toBe(path.join(root, 'index.html'));
    expect(resolve('/assets/index.js')).toBe(path.join(root, 'assets', 'index.js'));
  });
  it('refuses traversal in every spelling', () => {
    for (const p of ['/../etc/passwd', '/%2e%2e/etc/passwd', '/a/../../b', '/%2e%2e%2f', '/a%5c..%5cb', '/x%00.html', '/%E0%A4%A']) {
      expect(resolve(p), p).toBeNull();
    }
  });
});
