'use strict';
/*
 * Signing up where the portal lets anyone in (the open portal ./run adds):
 * the sign-up form, the mail that confirms the address, the button that
 * activates the account and signs in, then signing out and back in with the
 * password chosen at sign-up.  Until the address is confirmed there is no
 * account, only the waiting sign-up, and its password opens nothing.  Every page on the way is
 * audited with axe-core.
 */
const assert = require('node:assert/strict');
const { test, before, beforeEach, after } = require('node:test');
const porch = require('./porch.js');

const PASSWORD = 'lantern orbit 47 cello';
const MISMATCH = "That e-mail address and password don't match.";
const SAM = { email: porch.freshAddress('sam'), name: 'Sam Signup' };

let browser;
let link;
let confirmed = false;

before(async () => {
  browser = await porch.launch({ audit: true });
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

async function customerRow(email) {
  const rows = await porch.dbRows('SELECT active, password_hash FROM customers WHERE email = ?', email);
  return rows[0];
}

async function signupRow(email) {
  const rows = await porch.dbRows('SELECT name, password_hash FROM signups WHERE email = ?', email);
  return rows[0];
}

test('a visitor fills the sign-up form and is asked to check her e-mail', { timeout: 60000 }, async () => {
  const { page } = browser;

  await porch.open(page, porch.openUrl('/'), 200);
  await porch.clickAndLand(page, page.getByRole('link', { name: 'Sign in' }).first(), 200);
  await porch.clickAndLand(page, page.getByRole('link', { name: 'Create an account' }), 200);
  assert.equal(porch.pathOf(page), '/signup');

  /* A mistyped address: the form comes back with what was typed. */
  await page.getByLabel('Your name').fill(SAM.name);
  await page.getByLabel('E-mail address').fill('sam at example.com');
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Create my account' }), 422);
  await page.getByText('Enter an e-mail address like name@example.com.').waitFor();
  assert.equal(await page.getByLabel('E-mail address').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Your name').inputValue(), SAM.name);

  const since = Date.now();
  await page.getByLabel('E-mail address').fill(SAM.email);
  await page.getByLabel('Password (optional)').fill(PASSWORD);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Create my account' }), 200);
  await page.getByRole('heading', { name: 'Check your e-mail to finish signing up' }).waitFor();
  assert.match(await page.locator('main').innerText(), new RegExp(SAM.email.replace(/\./g, '\\.')));
  assert.equal(await porch.sessionCookie(browser), undefined, 'signing up signed her in before she confirmed');

  assert.equal(await customerRow(SAM.email), undefined, 'an account was made before the address was confirmed');
  const row = await signupRow(SAM.email);
  assert.ok(row, 'the sign-up was not kept until the address is confirmed');
  assert.match(row.password_hash || '', /^\$argon2id\$/, 'the password was not stored as an Argon2id hash');

  const mail = await porch.mailedMessage(SAM.email, /^Confirm your address for Demo Realty sign-up$/, since);
  assert.match(mail, /^Hello Sam Signup,$/m);
  link = porch.linkIn(mail);
  assert.ok(link && link.startsWith(porch.openUrl('/auth?t=')), `the mail links elsewhere: ${link}`);
  porch.settled(browser);
});

test('until she confirms, her password opens nothing', { timeout: 60000 }, async () => {
  assert.ok(link, 'the sign-up did not get as far as the mail');
  const { page } = browser;

  await porch.signInWithPassword(page, porch.openUrl(''), SAM.email, PASSWORD);
  assert.equal(porch.pathOf(page), '/login/password');
  await page.getByRole('alert').getByText(MISMATCH).waitFor();
  assert.equal(await porch.sessionCookie(browser), undefined);
  porch.settled(browser);
});

test('the link in the mail confirms the address and signs her in', { timeout: 60000 }, async () => {
  assert.ok(link, 'the sign-up did not get as far as the mail');
  const { page } = browser;

  await porch.open(page, link, 200);
  await page.getByRole('heading', { name: 'Confirm your address' }).waitFor();
  assert.equal(await customerRow(SAM.email), undefined, 'opening the link made the account');

  await porch.clickAndLand(page, page.getByRole('button', { name: 'Confirm and sign in' }), 200);
  assert.equal(porch.pathOf(page), '/portal');
  await page.getByRole('heading', { level: 1, name: `Hello, ${SAM.name}` }).waitFor();
  assert.ok(await porch.sessionCookie(browser), 'no session cookie after confirming');
  assert.equal((await customerRow(SAM.email)).active, 1, 'the account is still inactive');
  confirmed = true;
  porch.settled(browser);
});

test('she signs out and back in with her e-mail address and password', { timeout: 60000 }, async () => {
  assert.ok(confirmed, 'the sign-up was not confirmed');
  const { page } = browser;

  await porch.signOut(page);
  assert.equal(porch.pathOf(page), '/?signed_out=1');
  assert.equal(await porch.sessionCookie(browser), undefined, 'the session cookie outlived signing out');

  await porch.signInWithPassword(page, porch.openUrl(''), SAM.email, 'not the password at all');
  await page.getByRole('alert').getByText(MISMATCH).waitFor();
  assert.equal(await page.locator('#pw-email').inputValue(), SAM.email);
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '',
    'a password was written back into the form');

  const res = await porch.signInWithPassword(page, porch.openUrl(''), SAM.email, PASSWORD);
  assert.equal(res.status(), 200);
  assert.equal(porch.pathOf(page), '/portal');
  await page.getByRole('heading', { level: 1, name: `Hello, ${SAM.name}` }).waitFor();
  assert.ok(await porch.sessionCookie(browser), 'no session cookie after the password sign-in');
  porch.settled(browser);
});
