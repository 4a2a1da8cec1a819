'use strict';
/*
 * Accessibility audit: axe-core on every page a customer meets on the way in
 * and on the error pages, and the HTML part of a sign-in mail (at 390 px),
 * each in the state a person sees it.  Any violation fails, listed with
 * the rule, the element and how to fix it.
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

/* A mail's HTML part as the maildir file holds it (LF line ends), its
 * quoted-printable undone. */
function htmlPart(message) {
  const m = message.match(/\nContent-Type: text\/html; charset=utf-8\n(?:[^\n]+\n)*\n([\s\S]*?)\n--=_/);
  assert.ok(m, 'the mail has no HTML part');
  const qp = m[1].replace(/=\n/g, '');
  const bytes = [];
  for (let i = 0; i < qp.length; i++) {
    if (qp[i] === '=') {
      bytes.push(parseInt(qp.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(qp.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

test('the sign-in mail, at 390 px', { timeout: 60000 }, async () => {
  const { page } = browser;
  const since = Date.now();
  await porch.open(page, '/login', 200);
  await page.getByLabel('E-mail address').fill('ben@example.com');
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Send me a sign-in link' }), 200);
  const mail = await porch.mailedMessage('ben@example.com', /^Your sign-in link for /, since);
  await page.setViewportSize({ width: 390, height: 800 });
  try {
    /* a blank document first, so the portal's CSP does not take the
     * mail's inline styles away as it would in a page of the site */
    await page.goto('about:blank');
    await page.setContent(htmlPart(mail));
    await page.getByRole('link', { name: /^Sign in to / }).waitFor();
    await porch.audit(page, 'mail-magic-link');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `the mail is ${wide} px wide at 390`);
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  assert.deepEqual(browser.problems, []);
});

test('404', async () => {
  await auditAt('404', '/no-such-page', 404);
  await browser.page.getByRole('heading', { name: 'Page not found' }).waitFor();
});
