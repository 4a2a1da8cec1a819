'use strict';
/*
 * The sign-in journey as a customer lives it: ask for a link on the sign-in
 * page, open the link from the e-mail, press "Sign in", see one's own
 * dashboard and nobody else's, sign out.  The link works once.
 */
const assert = require('node:assert/strict');
const { test, before, beforeEach, after } = require('node:test');
const porch = require('./porch.js');

/*
 * The demo office (porchctl seed-demo): what each customer has booked.  Ana
 * also has a cancelled and a past appointment, which are not upcoming.
 */
const ANA = {
  email: 'ana@example.com',
  name: 'Ana Alvarez',
  upcoming: ['Viewing: 12 Harbour Lane', 'Valuation: 4 Mill Road',
    'Viewing: 7 Orchard Close', 'Contract signing: 12 Harbour Lane'],
  gone: ['Viewing: 21 Quay Street', 'Viewing: 3 Station Street'],
};
const BEN = {
  email: 'ben@example.com',
  name: 'Ben Brooks',
  upcoming: ['Viewing: 9 Beacon Road', 'Lettings: 2 Dock Row'],
  gone: ['Valuation: 18 Kiln Lane'],
};

/* Which of `titles` the dashboard's appointment list mentions. */
function listed(items, titles) {
  return titles.filter((t) => items.some((i) => i.includes(t)));
}

let browser;
let anaLink;
let anaItems;

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

/*
 * The link Ana was just mailed when porch.conf delivers to a maildir (then it
 * must arrive), else a fresh one from porchctl.
 */
async function linkFor(who, since) {
  const dir = porch.maildir();
  if (dir === null)
    return porch.porchctlLink(who.email);
  const link = await porch.mailedLink(dir, who.email, since, 20000);
  assert.ok(link, `no sign-in link for ${who.email} arrived in ${dir} within 20 s`);
  return link;
}

test('a customer asks for a link, signs in and sees her dashboard', { timeout: 120000 }, async () => {
  const { page } = browser;

  await porch.open(page, '/', 200);
  await porch.clickAndLand(page, page.getByRole('link', { name: 'Sign in' }).first(), 200);
  assert.equal(new URL(page.url()).pathname, '/login');

  const since = Date.now();
  await page.getByLabel('E-mail address').fill(ANA.email);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Send me a sign-in link' }), 200);
  await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
  assert.match(await page.locator('main').innerText(), /ana@example\.com/);

  anaLink = await linkFor(ANA, since);
  await porch.open(page, porch.localPath(anaLink), 200);
  /* Opening the link alone signs nobody in: mail scanners open links too. */
  assert.equal(await porch.sessionCookie(browser), undefined,
    'opening the link set a session cookie before the button was pressed');
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Sign in' }), 200);

  assert.equal(new URL(page.url()).pathname, '/portal');
  await page.getByRole('heading', { level: 1, name: `Hello, ${ANA.name}` }).waitFor();
  await page.getByRole('heading', { name: 'Upcoming appointments' }).waitFor();
  anaItems = await porch.appointments(page);
  assert.deepEqual(listed(anaItems, ANA.upcoming), ANA.upcoming, "Ana's upcoming appointments");
  assert.deepEqual(listed(anaItems, ANA.gone), [], 'a cancelled or past appointment is listed');
  assert.deepEqual(listed(anaItems, [...BEN.upcoming, ...BEN.gone]), [],
    "Ben's appointments show on Ana's dashboard");
  /* Other journeys may have booked more for Ana on this shared demo: the
   * dashboard lists exactly her upcoming ones, as the database has them. */
  const mine = (await porch.dbRows(
    "SELECT COALESCE(p.title, g.name, '') AS t FROM appointments a " +
    'JOIN customers c ON c.id = a.customer_id ' +
    'LEFT JOIN projects p ON p.id = a.project_id ' +
    'LEFT JOIN agendas g ON g.id = a.agenda_id ' +
    "WHERE c.email = ? AND a.ends > CAST(strftime('%s', 'now') AS INTEGER) " +
    "AND a.status IN ('requested', 'invited', 'confirmed')", ANA.email)).map((r) => r.t);
  assert.equal(anaItems.length, Math.min(mine.length, 10));
  assert.ok(anaItems.every((i) => mine.some((t) => i.includes(t))),
    'the dashboard lists an appointment that is not Ana\'s');
  assert.ok(!(await page.locator('main').innerText()).includes(BEN.name),
    "Ben's name shows on Ana's dashboard");

  const cookie = await porch.sessionCookie(browser);
  assert.ok(cookie, 'no __Host-porch session cookie after signing in');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.secure, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.path, '/');
  assert.deepEqual(browser.problems, []);
});

test('she signs out, and the session and the link are gone', { timeout: 60000 }, async () => {
  assert.ok(anaLink, 'the sign-in journey did not get as far as a link');
  const { page } = browser;

  await porch.open(page, '/portal', 200);
  await porch.signOut(page);
  assert.equal(porch.pathOf(page), '/?signed_out=1');
  await page.getByRole('status').getByText('You have signed out.').waitFor();
  await page.getByRole('link', { name: 'Sign in' }).first().waitFor();
  assert.equal(await porch.sessionCookie(browser), undefined, 'the session cookie outlived signing out');

  await page.goto(porch.url('/portal'));
  assert.equal(new URL(page.url()).pathname, '/login', `signed out, /portal showed ${page.url()}`);

  await porch.open(page, porch.localPath(anaLink), 410);
  await page.getByRole('heading', { name: "This sign-in link can't be used" }).waitFor();
  assert.deepEqual(browser.problems, []);
});

test("each customer sees only their own appointments", { timeout: 60000 }, async () => {
  assert.ok(anaItems, 'the sign-in journey did not reach the dashboard');
  const { page } = browser;

  await porch.signIn(page, await porch.porchctlLink(BEN.email));
  await page.getByRole('heading', { level: 1, name: `Hello, ${BEN.name}` }).waitFor();
  const benItems = await porch.appointments(page);
  const text = await page.locator('main').innerText();
  await porch.signOut(page);

  assert.deepEqual(listed(benItems, BEN.upcoming), BEN.upcoming, "Ben's upcoming appointments");
  assert.deepEqual(listed(benItems, [...ANA.upcoming, ...ANA.gone]), [],
    "Ana's appointments show on Ben's dashboard");
  assert.equal(benItems.length, BEN.upcoming.length);
  assert.ok(!text.includes(ANA.name), "Ana's name shows on Ben's dashboard");
});
