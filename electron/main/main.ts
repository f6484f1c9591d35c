// The desktop shell: one hardened window, the contract over IPC, the vault on the OS keychain.
// Everything else is the core's.
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import ElectronStore from 'electron-store';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Core } from '../core/core.js';
import { createDispatch } from '../core/dispatch.js';
import { createHandlers } from '../core/handlers.js';
import { SETTINGS_FILE, SETTINGS_SCHEMA, type SettingsData, type SettingsStore } from '../core/settings/store.js';
import { keychainCipher } from './keychain.js';
import { APP_ORIGIN, registerScheme, serveRenderer } from './protocol.js';
import { IPC_CALL, IPC_PROGRESS } from './channels.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.join(here, '..', 'renderer');
const PRELOAD = path.join(here, 'preload.cjs');

registerScheme();
app.enableSandbox();

function createCore(): Core {
  if (process.env.POINTAGE_DATA) app.setPath('userData', process.env.POINTAGE_DATA);
  const dataDir = app.getPath('userData');
  const settings = new ElectronStore<SettingsData>({ cwd: dataDir, name: SETTINGS_FILE, schema: SETTINGS_SCHEMA as never }) as unknown as SettingsStore;
  return new Core({ dataDir, mode: 'electron', version: app.getVersion(), settings, keychain: keychainCipher() });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Pointage',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(APP_ORIGIN + '/')) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

app.whenReady().then(async () => {
  hardenSession();
  serveRenderer(RENDERER_DIR);
  const core = createCore();
  const dispatch = createDispatch(createHandlers(core));
  ipcMain.handle(IPC_CALL, (event, name: unknown, input: unknown) => {
    // Only our own page may call the core.
    if (!event.senderFrame?.url.startsWith(APP_ORIGIN + '/')) {
      return { ok: false, error: { code: 'invalid_input', message: 'caller not allowed' } };
    }
    return dispatch(String(name), input);
  });
  core.events.on('progress', (p) => BrowserWindow.getAllWindows().forEach((w) => w.webContents.send(IPC_PROGRESS, p)));
  if (process.argv.includes('--demo')) await core.openDemo();
  createWindow();
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow());
  app.on('will-quit', () => core.close());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
