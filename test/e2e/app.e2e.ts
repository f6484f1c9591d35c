import { expect, test } from '@playwright/test';

const url = () => process.env.POINTAGE_URL!;

test.describe.configure({ mode: 'serial' });

test('first start offers the demo company, which opens on its ledger', async ({ page }) => {
  await page.goto(url());
  await expect(page.getByRole('heading', { name: 'Welcome to Pointage' })).toBeVisible();
  await page.getByRole('button', { name: 'Open the demo company' }).click();
  await expect(page.getByTestId('company-name')).toHaveText('Atelier Demo SARL', { timeout: 30_000 });
  const accounts = page.getByTestId('accounts-table');
  await expect(accounts.getByRole('row')).toHaveCount(3);
  await expect(accounts).toContainText('FR76');
  await expect(accounts).toContainText('DK');
  await expect(page.getByTestId('statements-table').getByRole('row')).not.toHaveCount(1);
});

test('every screen is reachable from the keyboard and shows real data or what to do next', async ({ page }) => {
  await page.goto(url());
  await expect(page.getByTestId('company-name')).toBeVisible();
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { name: 'Review' })).toBeVisible();
  await expect(page.getByTestId('review-count')).toContainText(/\d+ lines to review/);
  await expect(page.getByTestId('review-rows').getByRole('row').first()).toBeVisible();
  await page.keyboard.press('j');
  await expect(page.locator('[role=row][aria-selected=true]')).toHaveAttribute('aria-rowindex', '2');
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search lines' })).toBeFocused();
  for (const [key, heading, empty] of [
    ['Alt+3', 'Payments', /No payment yet/],
    ['Alt+4', 'Bank connections', /No bank connected yet/],
    ['Alt+5', 'Financing', /No financing dossier yet/],
  ] as const) {
    await page.locator('main').focus();
    await page.keyboard.press(key);
    await expect(page.getByRole('heading', { name: heading })).toBeVisible();
    await expect(page.getByText(empty)).toBeVisible();
  }
  await page.keyboard.press('Alt+6');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(page.getByText('statements.import').first()).toBeVisible();
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('heading', { name: 'Bank accounts' })).toBeVisible();
});

test('switching the language changes the UI and the number format, and is remembered', async ({ page }) => {
  await page.goto(url());
  await expect(page.getByTestId('company-name')).toBeVisible();
  await page.keyboard.press('Alt+6');
  await page.getByTestId('language').selectOption('fr');
  await expect(page.getByRole('heading', { name: 'Réglages' })).toBeVisible();
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('heading', { name: 'Comptes bancaires' })).toBeVisible();
  await expect(page.getByTestId('accounts-table')).toContainText('€');
  await expect(page.getByTestId('accounts-table')).toContainText(/\d\u202f?\d{3},\d{2}/);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Comptes bancaires' })).toBeVisible();
  await expect(page.getByTestId('company-name')).toBeVisible();
  await page.keyboard.press('Alt+6');
  await page.getByTestId('language').selectOption('da');
  await expect(page.getByRole('heading', { name: 'Indstillinger' })).toBeVisible();
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
});
