// What can be checked of the installers without downloading Electron: the electron-builder
// configuration validates against electron-builder's own schema, and what it packages includes
// the built main, preload and renderer, and the better-sqlite3 binding, unpacked from the asar.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimatch } from 'minimatch';
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const config = require(path.join(root, 'build/electron-builder.config.cjs'));
const pkg = require(path.join(root, 'package.json'));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [path.relative(root, file).split(path.sep).join('/')];
  });
}

/** electron-builder's rule for `files`: included by a positive pattern, not excluded by a later `!` one. */
function packaged(file: string): boolean {
  let included = false;
  for (const pattern of config.files as string[]) {
    if (pattern.startsWith('!')) {
      if (minimatch(file, pattern.slice(1), { dot: true })) included = false;
    } else if (minimatch(file, pattern, { dot: true })) included = true;
  }
  return included;
}

describe('packaging (electron-builder)', () => {
  beforeAll(() => {
    if (!existsSync(path.join(root, 'dist/main/main.mjs')) || !existsSync(path.join(root, 'dist/renderer/index.html'))) {
      execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
    }
  }, 300_000);

  it('validates against electron-builder\'s schema', async () => {
    const builderRequire = createRequire(require.resolve('electron-builder'));
    const { validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = builderRequire('builder-util');
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, notAnOption: 1 } }, new DebugLogger(false))).rejects.toThrow(/configuration\.linux/);
  });

  it('targets Linux AppImage and deb, Windows NSIS and macOS dmg, with an app id and icons', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    for (const icon of [config.linux.icon, config.win.icon, config.mac.icon]) expect(existsSync(path.join(root, icon))).toBe(true);
    expect(config.npmRebuild).toBe(true);
  });

  it('packages the built main, preload and renderer, and the entry point is among them', () => {
    const built = filesUnder(path.join(root, 'dist'));
    const included = built.filter(packaged);
    expect(included).toContain('dist/main/main.mjs');
    expect(included).toContain('dist/main/preload.cjs');
    expect(included).toContain('dist/renderer/index.html');
    expect(included.some((f) => /^dist\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
    expect(included).toContain(pkg.main);
    expect(included.some((f) => f.endsWith('.map'))).toBe(false);
    expect(packaged('package.json')).toBe(true);
    expect(packaged('electron/core/core.ts')).toBe(false);
  });

  it('ships better-sqlite3 as a production dependency with its binding unpacked from the asar', () => {
    expect(Object.keys(pkg.dependencies)).toContain('better-sqlite3');
    expect(Object.keys(pkg.devDependencies)).toContain('electron');
    const binding = path.relative(root, require.resolve('better-sqlite3/build/Release/better_sqlite3.node')).split(path.sep).join('/');
    expect(existsSync(path.join(root, binding))).toBe(true);
    expect((config.asarUnpack as string[]).some((p) => minimatch(binding, p, { dot: true }))).toBe(true);
  });
});
