import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './paths.js';

describe('defaultDataDir: the same folder as Electron userData', () => {
  it('follows each platform', () => {
    expect(defaultDataDir({}, 'linux')).toBe(path.join(os.homedir(), '.config', 'Pointage'));
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe(path.join('/x', 'Pointage'));
    expect(defaultDataDir({}, 'darwin')).toBe(path.join(os.homedir(), 'Library', 'Application Support', 'Pointage'));
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(path.join('C:\\Users\\a\\AppData\\Roaming', 'Pointage'));
  });
  it('yields to POINTAGE_DATA', () => {
    expect(defaultDataDir({ POINTAGE_DATA: '/tmp/p' }, 'linux')).toBe('/tmp/p');
  });
});
