'use strict';
/*
 * A customer looks after her account: she changes her name and phone number,
 * sets a password and later changes it (the current one is asked for, and a
 * wrong one is refused on the page), sees the devices she is signed in on,
 * signs the other one out from this one, and signs out everywhere.  Her phone is a browser on the demo portal,
 * signed in with a link; her laptop another, on the open portal, signed in
 * with the password.  Every page on the way is audited with axe-core.
 */
const assert = require('node:assert/strict');
const { test, before, beforeEach, after } = require('node:test');
const porch = require('./porch.js');

const FIRST = 'lantern orbit 47 cello';
const SECOND = 'copper meadow 82 violin';
const MISMATCH = "That e-mail address and password don't match.";

let carla;
let phone;
let laptop;
let step = 0;

before(async () => {
  carla = await porch.newCustomer('carla', 'Carla Account');
  phone = await porch.launch({ audit: true });
  laptop = await porch.launch({ audit: true });
});

/* What a page did wrong is reported by the test that opened it. */
beforeEach(() => {
  for (const b of [phone, laptop])
    if (b)
      b.problems.length = 0;
});

after(async () => {
  for (const b of [phone, laptop])
    if (b)
      await b.close();
});

async function carlaRow() {
  const rows = await porch.dbRows(
    'SELECT id, name, phone, password_hash FROM customers WHERE email = ?', carla.email);
  assert.equal(rows.length, 1, `no customer row for ${carla.email}`);
  return rows[0];
}

async function sessionCount() {
  const rows = await porch.dbRows("SELECT count(*) AS n FROM sessions WHERE kind = 'customer' AND " +
    'principal_id = (SELECT id FROM customers WHERE email = ?)', carla.email);
  return rows[0].n;
}

/* The devices the account page lists: each one's text, whitespace folded. */
async function devices(page) {
  const items = await porch.section(page, 'Where you are signed in').getByRole('listitem').allInnerTexts();
  return items.map((t) => t.replace(/\s+/g, ' ').trim());
}

/* Reaches the account page from the dashboard, as she would, on the
 * portal that offers passwords. */
async function toAccount(page) {
  await porch.open(page, porch.openUrl('/portal'), 200);
  await porch.clickAndLand(page, page.getByRole('link', { name: 'Your account' }), 200);
  assert.equal(porch.pathOf(page), '/portal/account');
}

/* The phone is the one device left: listed alone, and the laptop finds
 * itself signed out. */
async function onlyThisDevice(page) {
  const listed = await devices(page);
  assert.equal(listed.length, 1, `devices listed: ${JSON.stringify(listed)}`);
  assert.match(listed[0], /This device/);
  assert.equal(await sessionCount(), 1);
  await porch.open(laptop.page, porch.openUrl('/portal'), 200);
  assert.equal(new URL(laptop.page.url()).pathname, '/login', `the laptop still sees ${laptop.page.url()}`);
}

function settled() {
  porch.settled(phone);
  porch.settled(laptop);
}

test('she changes her name and phone number and sees them saved', { timeout: 60000 }, async () => {
  const { page } = phone;
  const name = `Carla Renamed ${carla.name.split(' ').pop()}`;

  await porch.signIn(page, await porch.porchctlLink(carla.email, 'demo-open'));
  await toAccount(page);
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), carla.name);

  await page.getByLabel('Name', { exact: true }).fill(`  ${name} `);
  await page.getByLabel('Phone number').fill('+31 20 123 4567');
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Save my details' }), 200);
  assert.equal(porch.pathOf(page), '/portal/account?saved=1');
  await page.getByRole('status').getByText('Your details were saved.').waitFor();
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), name);
  assert.equal(await page.getByLabel('Phone number').inputValue(), '+31 20 123 4567');

  const row = await carlaRow();
  assert.equal(row.name, name, 'the name was not saved trimmed');
  assert.equal(row.phone, '+31 20 123 4567');

  await porch.clickAndLand(page, page.getByRole('link', { name: 'Dashboard' }), 200);
  await page.getByRole('heading', { level: 1, name: `Hello, ${name}` }).waitFor();
  carla.name = name;
  step = 1;
  settled();
});

test('she sets a password, and her laptop signs in with it', { timeout: 60000 }, async () => {
  assert.equal(step, 1, 'her details were not saved');
  const { page } = phone;

  await toAccount(page);
  await page.getByText('You have no password yet.').waitFor();
  assert.equal(await page.getByLabel('Current password').count(), 0,
    'a current password is asked for when there is none');
  await page.getByLabel('New password').fill(FIRST);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Set my password' }), 200);
  assert.equal(porch.pathOf(page), '/portal/account?password=1');
  await page.getByRole('button', { name: 'Change my password' }).waitFor();
  await page.getByLabel('Current password').waitFor();
  assert.match((await carlaRow()).password_hash || '', /^\$argon2id\$/);

  const res = await porch.signInWithPassword(laptop.page, porch.openUrl(''), carla.email, FIRST);
  assert.equal(res.status(), 200);
  assert.equal(porch.pathOf(laptop.page), '/portal');
  await laptop.page.getByRole('heading', { level: 1, name: `Hello, ${carla.name}` }).waitFor();

  /* Both devices are listed on the account page; this one is marked. */
  await toAccount(page);
  const listed = await devices(page);
  assert.equal(listed.length, 2, `devices listed: ${JSON.stringify(listed)}`);
  assert.equal(listed.filter((d) => d.includes('This device')).length, 1,
    `not exactly one device marked as this one: ${JSON.stringify(listed)}`);
  assert.equal(await sessionCount(), 2);
  step = 2;
  settled();
});

test('changing it needs the current one and signs the laptop out', { timeout: 60000 }, async () => {
  assert.equal(step, 2, 'no password was set');
  const { page } = phone;
  const oldHash = (await carlaRow()).password_hash;

  await toAccount(page);
  await page.getByLabel('Current password').fill('not my password at all');
  await page.getByLabel('New password').fill(SECOND);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Change my password' }), 422);
  await page.getByText('That is not your current password.').waitFor();
  await page.getByText('Your password could not be saved. Nothing was changed yet.').waitFor();
  const current = page.getByLabel('Current password');
  assert.equal(await current.getAttribute('aria-invalid'), 'true');
  assert.equal(await current.getAttribute('aria-describedby'), 'current-error');
  assert.equal(await current.inputValue(), '', 'a password was written back into the form');
  assert.equal((await carlaRow()).password_hash, oldHash, 'a wrong current password changed it');
  assert.equal(await sessionCount(), 2, 'a refused change signed a device out');

  await current.fill(FIRST);
  await page.getByLabel('New password').fill(SECOND);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Change my password' }), 200);
  assert.equal(porch.pathOf(page), '/portal/account?password=1');
  await page.getByRole('status').getByText('Your password was saved.').waitFor();
  const newHash = (await carlaRow()).password_hash;
  assert.match(newHash || '', /^\$argon2id\$/);
  assert.notEqual(newHash, oldHash, 'the password hash did not change');

  /* The change ended the laptop's session and kept this one. */
  await onlyThisDevice(page);

  /* The old password is no longer hers; the new one is. */
  await porch.signInWithPassword(laptop.page, porch.openUrl(''), carla.email, FIRST);
  await laptop.page.getByRole('alert').getByText(MISMATCH).waitFor();
  const res = await porch.signInWithPassword(laptop.page, porch.openUrl(''), carla.email, SECOND);
  assert.equal(res.status(), 200);
  assert.equal(porch.pathOf(laptop.page), '/portal');
  step = 3;
  settled();
});

test('she signs the laptop out from her phone', { timeout: 60000 }, async () => {
  assert.equal(step, 3, 'the password was not changed');
  const { page } = phone;

  await toAccount(page);
  const items = porch.section(page, 'Where you are signed in').getByRole('listitem');
  assert.equal(await items.count(), 2);
  const button = { name: 'Sign out this device' };
  /* the mark, not the button's words (hasText ignores case) */
  const mark = page.getByText('This device', { exact: true });
  assert.equal(await items.filter({ has: mark }).getByRole('button', button).count(), 0,
    'this device is offered the button');
  const laptopItem = items.filter({ hasNot: mark });
  assert.equal(await laptopItem.count(), 1);
  await porch.clickAndLand(page, laptopItem.getByRole('button', button), 200);
  assert.equal(porch.pathOf(page), '/portal/account?ended=1');
  await page.getByRole('status').getByText('That device was signed out.').waitFor();
  await onlyThisDevice(page);

  /* The laptop signs in again, for what follows. */
  const res = await porch.signInWithPassword(laptop.page, porch.openUrl(''), carla.email, SECOND);
  assert.equal(res.status(), 200);
  assert.equal(await sessionCount(), 2);
  step = 4;
  settled();
});

test('"sign out everywhere" ends the session on every device', { timeout: 60000 }, async () => {
  assert.equal(step, 4, 'the laptop was not signed out and in again');
  const { page } = phone;

  await toAccount(page);
  assert.equal((await devices(page)).length, 2);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Sign out everywhere' }), 200);
  assert.equal(porch.pathOf(page), '/login');
  assert.equal(await porch.sessionCookie(phone), undefined, 'the session cookie outlived signing out');
  assert.equal(await sessionCount(), 0, 'sessions are left in the database');

  await porch.open(page, '/portal/account', 200);
  assert.equal(new URL(page.url()).pathname, '/login', `signed out, the phone sees ${page.url()}`);
  await porch.open(laptop.page, porch.openUrl('/portal'), 200);
  assert.equal(new URL(laptop.page.url()).pathname, '/login',
    `signed out, the laptop sees ${laptop.page.url()}`);
  settled();
});
