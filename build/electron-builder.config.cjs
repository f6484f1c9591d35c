// electron-builder: installers for Linux (AppImage, deb), Windows (NSIS) and macOS (dmg).
// `npm run dist` builds them on a machine that can fetch Electron; test/packaging.test.ts checks
// offline that this configuration validates and packages what the app needs.
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'app.pointage.desktop',
  productName: 'Pointage',
  copyright: 'Copyright © 2026 Pointage',
  directories: { output: 'release', buildResources: 'build' },
  // The app: the bundled main and preload, the built renderer, the CLI and the demo files.
  // Production dependencies (better-sqlite3 among them) are added by electron-builder itself.
  files: ['package.json', 'dist/main/**', 'dist/renderer/**', 'dist/cli/**', 'dist/demo/**', '!**/*.map'],
  // A native module cannot be loaded from inside the asar archive.
  asarUnpack: ['**/node_modules/better-sqlite3/**'],
  // Rebuild native modules (better-sqlite3) against Electron's Node ABI.
  npmRebuild: true,
  buildDependenciesFromSource: true,
  protocols: [],
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office;Finance',
    icon: 'build/icons/icon.png',
    maintainer: 'Pointage <support@pointage.app>',
    synopsis: 'Bank reconciliation for small-business bookkeepers',
  },
  deb: { depends: ['libsecret-1-0'] },
  win: { target: ['nsis'], icon: 'build/icons/icon.png' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.finance', icon: 'build/icons/icon.png', hardenedRuntime: true },
  dmg: { title: 'Pointage ${version}' },
};
