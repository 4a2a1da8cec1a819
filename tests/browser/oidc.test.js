'use strict';
/*
 * Signing in with an OpenID provider, as a customer does it: on the sign-in
 * page she presses "Sign in with Demo ID", signs in at the provider's own
 * page and comes back to her dashboard.  Cancelling at the provider, or
 * coming back with an address the invite-only demo portal has no account
 * for, ends on a page of Porch's that says so, and nobody is signed in.
 *
 * The provider is the one porch-dev runs (tests/oidc): any login name and
 * password sign in there, and the login is the e-mail address it vouches
 * for.  Its pages are not Porch's and are not audited; every Porch page on
 * the way is.  Each test has a browser of its own, since the provider
 * remembers who signed in there.
 */
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test, before, afterEach } = require('node:test');
const porch = require('./porch.js');

const ANA = {
  email: 'ana@example.com',
  name: 'Ana Alvarez',
  upcoming: ['Viewing: 12 Harbour Lane', 'Valuation: 4 Mill Road',
    'Viewing: 7 Orchard Close', 'Contract signing: 12 Harbour Lane'],
};

let provider;
let browser;

before(() => {
  provider = porch.demoProvider();
});

afterEach(async () => {
  if (browser)
    await browser.close();
  browser = null;
});

/*
 * From the sign-in page to the provider's: its sign-in form, or throws
 * with what stopped the browser on the way.
 */
async function toProvider(page) {
  await porch.open(page, '/login', 200);
  await porch.clickAndLand(page,
    page.getByRole('link', { name: `Sign in with ${provider}` }), 200);
  assert.ok(!porch.isPorch(page.url()), `"Sign in with ${provider}" stayed at ${page.url()}`);
  const form = page.locator('form', { has: page.locator('input[name="login"]') });
  await form.waitFor();
  return form;
}

/* Signs in at the provider's page as `login`, with any password. */
async function atProvider(page, login, status) {
  const form = await toProvider(page);
  await form.locator('input[name="login"]').fill(login);
  await form.locator('input[name="password"]').fill(crypto.randomBytes(6).toString('hex'));
  return porch.clickAndLand(page, form.getByRole('button'), status);
}

async function identities(email) {
  return porch.dbRows('SELECT i.subject FROM customer_identities i ' +
    'JOIN customers c ON c.id = i.customer_id WHERE c.email = ?', email);
}

/* Signed out: no session, and the dashboard sends her to sign in. */
async function signedOut(b) {
  assert.equal(await porch.sessionCookie(b), undefined, 'a session cookie was set');
  await porch.open(b.page, '/portal', 200);
  assert.equal(new URL(b.page.url()).pathname, '/login', `not signed in, /portal showed ${b.page.url()}`);
}

test('Ana signs in with the provider and sees her dashboard', { timeout: 60000 }, async () => {
  browser = await porch.launch({ audit: true });
  const { page } = browser;

  await atProvider(page, ANA.email, 200);
  assert.equal(porch.pathOf(page), '/portal', `came back to ${page.url()}`);
  await page.getByRole('heading', { level: 1, name: `Hello, ${ANA.name}` }).waitFor();
  const items = await porch.appointments(page);
  assert.deepEqual(items.length, ANA.upcoming.length, `her appointments: ${JSON.stringify(items)}`);
  for (const title of ANA.upcoming)
    assert.ok(items.some((i) => i.includes(title)), `${title} is not on her dashboard`);

  const cookie = await porch.sessionCookie(browser);
  assert.ok(cookie, 'no session cookie after signing in');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.secure, true);
  const flow = (await browser.context.cookies()).find((c) => c.name === '__Host-porch-oidc');
  assert.equal(flow, undefined, 'the sign-in flow cookie outlived the sign-in');
  assert.deepEqual(await identities(ANA.email), [{ subject: `sub-${ANA.email}` }],
    'her account is not tied to the identity the provider vouched for');

  await porch.signOut(page);
  porch.settled(browser);
});

test('cancelling at the provider signs nobody in', { timeout: 60000 }, async () => {
  browser = await porch.launch({ audit: true });
  const { page } = browser;

  await toProvider(page);
  await porch.clickAndLand(page, page.getByRole('link', { name: '[ Cancel ]' }), 200);
  assert.equal(new URL(page.url()).pathname, '/auth/oidc/callback');
  await page.getByRole('heading', { level: 1, name: 'Sign-in cancelled' }).waitFor();
  assert.match(await page.locator('main').innerText(), new RegExp(`did not sign in with ${provider}`));
  await porch.clickAndLand(page, page.getByRole('link', { name: 'Back to sign-in' }), 200);
  assert.equal(porch.pathOf(page), '/login');
  await signedOut(browser);
  porch.settled(browser);
});

test('an address with no account gets no account on the invite-only portal', { timeout: 60000 }, async () => {
  browser = await porch.launch({ audit: true });
  const { page } = browser;
  const stranger = porch.freshAddress('nobody');

  await atProvider(page, stranger, 403);
  assert.equal(new URL(page.url()).pathname, '/auth/oidc/callback');
  await page.getByRole('heading', { level: 1, name: 'No account for this address' }).waitFor();
  assert.match(await page.locator('main').innerText(), /This portal is by invitation/);
  assert.deepEqual(await porch.dbRows('SELECT id FROM customers WHERE email = ?', stranger), [],
    'an account was made on the invite-only portal');
  assert.deepEqual(await porch.dbRows('SELECT id FROM customer_identities WHERE subject = ?',
    `sub-${stranger}`), [], 'the identity was kept');
  await signedOut(browser);
  porch.settled(browser);
});
