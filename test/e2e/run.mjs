// Runs the Playwright e2e suite against browser mode, in the system's Chromium (never a
// downloaded browser): CHROMIUM_PATH, else /usr/bin/chromium.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`e2e: no Chromium at ${chromium}. Install Debian's (apt-get install chromium) or set CHROMIUM_PATH.`);
  process.exit(1);
}
const result = spawnSync('npx', ['--no-install', 'playwright', 'test', '--config', 'test/e2e/playwright.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: chromium, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
});
process.exit(result.status ?? 1);
