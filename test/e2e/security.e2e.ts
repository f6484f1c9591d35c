import { expect, test } from '@playwright/test';

const url = () => new URL(process.env.POINTAGE_URL!);

test('the renderer has no Node globals and runs under a strict CSP', async ({ page }) => {
  const response = await page.goto(url().toString());
  const csp = (await response!.request().redirectedFrom()?.response())?.headers()['content-security-policy'] ?? response!.headers()['content-security-policy'];
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/unsafe-(inline|eval)/);
  const globals = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    module: typeof (window as unknown as { module?: unknown }).module,
    Buffer: typeof (window as unknown as { Buffer?: unknown }).Buffer,
  }));
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined' });
  // An inline script is refused by the CSP.
  const inlineRan = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true';
    document.body.appendChild(s);
    return (window as unknown as { __inline?: boolean }).__inline === true;
  });
  expect(inlineRan).toBe(false);
});

test('requests without the token, or with a foreign Host, get 403', async ({ playwright }) => {
  const base = url();
  const origin = `${base.protocol}//${base.host}`;
  const token = base.searchParams.get('token')!;
  const anonymous = await playwright.request.newContext();
  expect((await anonymous.get(origin + '/')).status()).toBe(403);
  expect((await anonymous.post(origin + '/api/call/accounts.list', { data: {} })).status()).toBe(403);
  expect((await anonymous.get(origin + '/?token=not-the-token')).status()).toBe(403);
  const authorized = { Authorization: `Bearer ${token}` };
  expect((await anonymous.get(origin + '/', { headers: authorized })).status()).toBe(200);
  expect((await anonymous.get(origin + '/', { headers: { ...authorized, Host: 'attacker.example' } })).status()).toBe(403);
  expect((await anonymous.post(origin + '/api/call/accounts.list', { data: {}, headers: { ...authorized, Host: `rebind.example:${base.port}` } })).status()).toBe(403);
  await anonymous.dispose();
});
