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
  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('heading', { name: 'Open items' })).toBeVisible();
  await expect(page.getByTestId('items-table')).toContainText('FAC-2026-00101');
  for (const [key, heading, empty] of [
    ['Alt+5', 'Payments', /No payment yet/],
    ['Alt+6', 'Bank connections', /No bank connected yet/],
    ['Alt+7', 'Financing', /No financing dossier yet/],
  ] as const) {
    await page.locator('main').focus();
    await page.keyboard.press(key);
    await expect(page.getByRole('heading', { name: heading })).toBeVisible();
    await expect(page.getByText(empty)).toBeVisible();
  }
  await page.keyboard.press('Alt+8');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(page.getByText('statements.import').first()).toBeVisible();
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('heading', { name: 'Bank accounts' })).toBeVisible();
});

test('switching the language changes the UI and the number format, and is remembered', async ({ page }) => {
  await page.goto(url());
  await expect(page.getByTestId('company-name')).toBeVisible();
  await page.keyboard.press('Alt+8');
  await page.getByTestId('language').selectOption('fr');
  await expect(page.getByRole('heading', { name: 'Réglages' })).toBeVisible();
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('heading', { name: 'Comptes bancaires' })).toBeVisible();
  await expect(page.getByTestId('accounts-table')).toContainText('€');
  await expect(page.getByTestId('accounts-table')).toContainText(/\d\u202f?\d{3},\d{2}/);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Comptes bancaires' })).toBeVisible();
  await expect(page.getByTestId('company-name')).toBeVisible();
  await page.keyboard.press('Alt+8');
  await page.getByTestId('language').selectOption('da');
  await expect(page.getByRole('heading', { name: 'Indstillinger' })).toBeVisible();
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
});

test('a CSV statement is checked, mapped to a chosen account and imported; importing it again adds nothing', async ({ page }) => {
  const csv = 'Date;Libellé;Montant\n02/11/2026;VIR CLIENT TEST;1 250,00\n03/11/2026;CB TEST;-12,30\n';
  const file = { name: 'releve-test.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
  await page.goto(url());
  await expect(page.getByTestId('company-name')).toBeVisible();
  await page.keyboard.press('Alt+4');
  await expect(page.getByRole('heading', { name: 'Import statements' })).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(file);
  const card = page.getByTestId('import-file').last();
  await expect(card.getByTestId('csv-preview')).toContainText('1250.00');
  await card.getByTestId('account-choice').selectOption({ label: 'BNP Paribas — compte courant (EUR)' });
  await card.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(card.getByTestId('import-summary')).toContainText('2 lines added');
  await page.getByTestId('file-input').setInputFiles(file);
  const second = page.getByTestId('import-file').last();
  await expect(second.getByTestId('csv-mapping')).toContainText('saved mapping');
  await second.getByTestId('account-choice').selectOption({ label: 'BNP Paribas — compte courant (EUR)' });
  await second.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(second.getByTestId('import-summary')).toContainText('0 lines added');
  await expect(second.getByTestId('import-summary')).toContainText('2 already known');
});

test('the review queue is driven from the keyboard: proposals with reasons, Enter accepts, u undoes, e matches by hand', async ({ page }) => {
  await page.goto(url());
  await expect(page.getByTestId('company-name')).toBeVisible();
  await page.keyboard.press('Alt+2');
  await page.getByRole('searchbox', { name: 'Search lines' }).fill('/INV/');
  await page.keyboard.press('Enter'); // back to the list, keeping the search
  await expect(page.getByTestId('proposals')).toContainText('/INV/');
  await expect(page.getByTestId('proposal').first()).toContainText('invoice number');
  const count = page.getByTestId('review-count');
  const before = Number((await count.textContent())!.match(/(\d+) lines/)![1]);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-status')).toHaveText('Matched.');
  await expect(count).toContainText(`${before - 1} lines to review`);
  await page.keyboard.press('u');
  await expect(page.getByTestId('review-status')).toHaveText('Match undone.');
  await expect(count).toContainText(`${before} lines to review`);
  await page.keyboard.press('e');
  const dialog = page.getByRole('dialog', { name: 'Choose open items' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('searchbox').fill('FAC-2026');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-status')).toHaveText(/Matched\.|more than is left/);
});

test('an open item typed in by hand, with its IBAN checked as it is typed', async ({ page }) => {
  await page.goto(url());
  await expect(page.getByTestId('company-name')).toBeVisible();
  await page.keyboard.press('Alt+3');
  const form = page.getByRole('form', { name: 'Add an item by hand' });
  await form.getByLabel('Customer or supplier').fill('Menuiserie Roux SARL');
  await form.getByLabel('Their IBAN').fill('FR76 3000 6000 0112 3456 7890 188');
  await expect(form.getByText(/RIB key/)).toBeVisible();
  await expect(form.getByRole('button', { name: 'Add' })).toBeDisabled();
  await form.getByLabel('Their IBAN').fill('FR76 3000 6000 0112 3456 7890 189');
  await form.getByLabel('Amount').fill('480,50');
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByText(/Item MAN-1 saved/)).toBeVisible();
  await expect(page.getByTestId('items-table')).toContainText('Menuiserie Roux SARL');
});

test('the review queue filters by account, period and amount', async ({ page }) => {
  await page.goto(url());
  await expect(page.getByTestId('company-name')).toBeVisible();
  await page.keyboard.press('Alt+2');
  const rows = page.getByTestId('review-rows');
  await expect(rows).toContainText('€');
  await page.getByRole('combobox', { name: 'Account' }).selectOption({ label: 'Danske Bank — erhvervskonto' });
  await expect(rows).not.toContainText('€');
  await expect(rows).toContainText('DKK');
  await page.getByLabel('From').fill('2026-09-01');
  await page.getByLabel('To').fill('2026-09-30');
  await page.getByLabel('Min amount').fill('10000');
  await expect(page.getByTestId('review-count')).toContainText(/^\d lines? to review|^\d+ lines to review/);
  const texts = await rows.getByRole('row').allTextContents();
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) expect(text).toMatch(/sept\.|Sep/);
});

test('an unknown bank account from a statement is offered for linking; a period can be locked', async ({ page }) => {
  const iban = 'FR7630006000011234567890189';
  const camt = `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2026-10-31T00:00:00</CreDtTm></GrpHdr><Stmt><Id>CM-10</Id><CreDtTm>2026-10-31T00:00:00</CreDtTm><Acct><Id><IBAN>${iban}</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>Crédit Mutuel pro</Nm></Ownr></Acct><Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-10-02</Dt></BookgDt><NtryDtls><TxDtls><RmtInf><Ustrd>VIR</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>`;
  await page.goto(url());
  await expect(page.getByTestId('company-name')).toBeVisible();
  await page.keyboard.press('Alt+4');
  await page.getByTestId('file-input').setInputFiles({ name: 'credit-mutuel.xml', mimeType: 'application/xml', buffer: Buffer.from(camt) });
  await expect(page.getByTestId('import-file').last().getByTestId('account-choice')).toBeVisible();
  await page.keyboard.press('Alt+1');
  const unlinked = page.getByTestId('unlinked');
  await expect(unlinked).toContainText('FR76 3000 6000 0112 3456 7890 189');
  await unlinked.getByRole('button', { name: 'Create a ledger account' }).click();
  await expect(page.getByTestId('accounts-table')).toContainText('Crédit Mutuel pro');
  await expect(unlinked).toHaveCount(0);

  const form = page.getByRole('form', { name: 'Add a bank account' });
  await form.getByLabel('Account', { exact: true }).fill('Danske 2');
  await form.getByLabel('IBAN, or Danish reg. + account number').fill('DK50 0040 0440 1162 44');
  await expect(form.getByText(/check digits/)).toBeVisible();
  await expect(form.getByRole('button', { name: 'Add the account' })).toBeDisabled();

  await page.getByTestId('accounts-table').getByRole('row', { name: /BNP Paribas/ }).click();
  await page.getByRole('button', { name: /Lock through 31 Aug/ }).click();
  await expect(page.getByTestId('locked')).toContainText('Locked through 31 Aug 2026');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('locked')).toHaveCount(0);
});

test('a line put on an account by hand is offered as a rule, which then applies with r', async ({ page }) => {
  await page.goto(url());
  await expect(page.getByTestId('company-name')).toBeVisible();
  await page.keyboard.press('Alt+2');
  await page.getByRole('searchbox', { name: 'Search lines' }).fill('URSSAF');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('proposals')).toContainText('URSSAF');
  await page.keyboard.press('a');
  const dialog = page.getByRole('dialog', { name: 'Put on an account' });
  await dialog.getByLabel('General-ledger account').fill('431000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-status')).toContainText('Put on account 431000.');
  await page.getByRole('button', { name: /Remember: text contains “PRLV SEPA URSSAF/ }).click();
  await expect(page.getByTestId('review-status')).toContainText('Rule saved');
  await expect(page.getByTestId('rule-hint')).toContainText('431000');
  await page.keyboard.press('r');
  await expect(page.getByTestId('review-status')).toContainText('Put on account 431000.');
});
