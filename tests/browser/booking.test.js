'use strict';
/*
 * Booking an appointment and managing it, in Chromium.  A visitor books on
 * a project's public page with plain links and one form (the pages carry
 * no script); a signed-in customer books from the same page, finds the
 * appointment in the portal, moves it to another time and cancels it with
 * a reason.  Every page on the way is audited with axe-core.
 */
const assert = require('node:assert/strict');
const { test, before, beforeEach, after } = require('node:test');
const porch = require('./porch.js');

let place;
let visitor;
let customer;
let pat;
let pid;

before(async () => {
  place = await porch.bookableProject('Quay House');
  pat = await porch.newCustomer('pat', 'Pat Booker');
  visitor = await porch.launch({ audit: true });
  customer = await porch.launch({ audit: true });
});

beforeEach(() => {
  for (const b of [visitor, customer])
    if (b)
      b.problems.length = 0;
});

after(async () => {
  for (const b of [visitor, customer])
    if (b)
      await b.close();
});

async function noScripts(page) {
  assert.equal(await page.evaluate(() => document.scripts.length), 0,
    `${page.url()} carries a script`);
}

test('a visitor books with links and a form', { timeout: 60000 }, async () => {
  const { page } = visitor;
  const email = porch.freshAddress('vic');

  await porch.open(page, `/book/${place.project}?day=${porch.daysAhead(3)}`, 200);
  await page.getByRole('heading', { level: 1, name: place.title }).waitFor();
  await noScripts(page);
  await porch.clickAndLand(page, page.locator('a.slot').first(), 200);
  await page.getByRole('heading', { name: 'Confirm your appointment' }).waitFor();
  await noScripts(page);
  await page.getByLabel('Your name').fill('Vic Visitor');
  await page.getByLabel('E-mail address').fill(email);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Book this time' }), 200);
  await page.getByText(`We sent the confirmation to ${email}.`).waitFor();
  const rows = await porch.dbRows('SELECT a.source, a.status FROM appointments a JOIN customers c ' +
    'ON c.id = a.customer_id WHERE c.email = ?', email);
  assert.deepEqual(rows, [{ source: 'link', status: 'confirmed' }]);
  porch.settled(visitor);
});

test('a signed-in customer books from the portal', { timeout: 60000 }, async () => {
  const { page } = customer;

  await porch.signIn(page, await porch.porchctlLink(pat.email));
  await porch.open(page, `/book/${place.project}?day=${porch.daysAhead(4)}`, 200);
  await porch.clickAndLand(page, page.locator('a.slot').nth(1), 200);
  await page.getByText(`Booking as ${pat.name}.`).waitFor();
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Book this time' }), 200);
  await page.getByText('Your appointment is booked.').waitFor();
  pid = new URL(page.url()).pathname.split('/').pop();
  await porch.clickAndLand(page, page.getByRole('link', { name: 'Appointments', exact: true }), 200);
  await page.locator(`a[href="/portal/appointments/${pid}"]`).first().waitFor();
  porch.settled(customer);
});

test('she moves it to another time', { timeout: 60000 }, async () => {
  const { page } = customer;
  const before = await porch.dbRows('SELECT starts FROM appointments WHERE pid = ?', pid);

  await porch.open(page, `/portal/appointments/${pid}`, 200);
  await porch.clickAndLand(page, page.getByRole('link', { name: 'Choose another time' }), 200);
  /* a week on, well before the cut-off */
  await porch.clickAndLand(page, page.getByRole('link', { name: 'Later' }), 200);
  await porch.clickAndLand(page, page.locator('button.slot').nth(5), 200);
  await page.getByText('Your appointment was moved to the new time.').waitFor();
  const after = await porch.dbRows('SELECT starts, sequence FROM appointments WHERE pid = ?', pid);
  assert.equal(after.length, 1);
  assert.notEqual(after[0].starts, before[0].starts);
  assert.equal(after[0].sequence, 1);
  porch.settled(customer);
});

test('she cancels it with a reason', { timeout: 60000 }, async () => {
  const { page } = customer;

  await porch.clickAndLand(page, page.getByRole('button', { name: 'Cancel the appointment' }), 200);
  await page.getByRole('heading', { level: 1, name: 'Cancel this appointment?' }).waitFor();
  await page.getByLabel('Reason (optional)').fill('We found another house');
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Cancel the appointment' }), 200);
  await page.getByText('Your appointment is cancelled.').waitFor();
  await page.getByText('We found another house').waitFor();
  const rows = await porch.dbRows('SELECT status, cancel_reason FROM appointments WHERE pid = ?', pid);
  assert.deepEqual(rows, [{ status: 'cancelled', cancel_reason: 'We found another house' }]);
  porch.settled(customer);
});
