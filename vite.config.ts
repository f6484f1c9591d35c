// One Vite config for the renderer build and for Vitest (unit and integration tests of
// shared/ and electron/core/; the Playwright e2e run separately, see test/e2e/run.mjs).
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No inline scripts or eval: the strict CSP of the window forbids them.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  test: {
    root: '.',
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/e2e/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
