'use strict';
/*
 * Accessibility audit: axe-core on every page a customer meets on the way in
 * and on the error pages, each in the state a person sees it.  Any violation
 * fails, listed with the rule, the element and how to fix it.
 */
const assert = require('node:assert/strict');
const { test, before, beforeEach, after } = require('node:test');
const porch = require('./porch.js');

/* An address that is no customer: the answer must look the same. */
const STRANGER = 'nobody-here@example.com';

let browser;

before(async () => {
  browser = await porch.launch();
});

/* What a page did wrong is reported by the test that opened it. */
beforeEach(() => {
  if (browser)
    browser.problems.length = 0;
});

after(async () => {
  if (browser)
    await browser.close();
});

async function auditAt(name, path, status) {
  await porch.open(browser.page, path, status);
  await porch.audit(browser.page, name);
  assert.deepEqual(browser.problems, []);
}

test('home', async () => {
  await auditAt('home', '/', 200);
});

test('login', async () => {
  await auditAt('login', '/login', 200);
});

test('login with an invalid address', async () => {
  const { page } = browser;
  await porch.open(page, '/login', 200);
  await page.getByLabel('E-mail address').fill('not an address');
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Send me a sign-in link' }), 422);
  await porch.audit(page, 'login-invalid');
  assert.deepEqual(browser.problems, []);
});

test('login-sent', async () => {
  const { page } = browser;
  await porch.open(page, '/login', 200);
  await page.getByLabel('E-mail address').fill(STRANGER);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Send me a sign-in link' }), 200);
  await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
  await porch.audit(page, 'login-sent');
  assert.deepEqual(browser.problems, []);
});

test('auth', async () => {
  const link = await porch.porchctlLink('ana@example.com');
  await auditAt('auth', porch.localPath(link), 200);
  await browser.page.getByRole('button', { name: 'Sign in' }).waitFor();
});

test('auth-invalid', async () => {
  await auditAt('auth-invalid', '/auth?t=' + 'A'.repeat(43), 410);
  await browser.page.getByRole('heading', { name: "This sign-in link can't be used" }).waitFor();
});

test('dashboard', { timeout: 60000 }, async () => {
  const { page } = browser;
  await porch.signIn(page, await porch.porchctlLink('ana@example.com'));
  await page.getByRole('heading', { name: 'Upcoming appointments' }).waitFor();
  await porch.audit(page, 'dashboard');
  assert.deepEqual(browser.problems, []);
  await porch.signOut(page);
});

/*
 * The account page as it first opens, with the form refused (nothing is
 * saved, so the demo customer other tests read stays as seeded), and with
 * the note a save leaves.
 */
test('account', { timeout: 60000 }, async () => {
  const { page } = browser;
  await porch.signIn(page, await porch.porchctlLink('ana@example.com'));
  await porch.clickAndLand(page, page.getByRole('link', { name: 'Your account' }), 200);
  await page.getByRole('heading', { name: 'Where you are signed in' }).waitFor();
  await porch.audit(page, 'account');
  assert.deepEqual(browser.problems, []);

  await page.getByLabel('Phone number').fill('<b>12</b>');
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Save my details' }), 422);
  await page.locator('#phone-error').waitFor();
  assert.equal(await page.getByLabel('Phone number').inputValue(), '<b>12</b>');
  await porch.audit(page, 'account-invalid');
  assert.deepEqual(browser.problems, []);

  await porch.open(page, '/portal/account?saved=1', 200);
  await page.getByRole('status').getByText('Your details were saved.').waitFor();
  await porch.audit(page, 'account-saved');
  assert.deepEqual(browser.problems, []);

  await porch.open(page, '/portal', 200);
  await porch.signOut(page);
});

test('404', async () => {
  await auditAt('404', '/no-such-page', 404);
  await browser.page.getByRole('heading', { name: 'Page not found' }).waitFor();
});
