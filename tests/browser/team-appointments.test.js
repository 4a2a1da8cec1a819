'use strict';
/*
 * The team's side of appointments in the browser.  The office's admin (who
 * holds agenda edit access) makes an agenda and edits its weekly hours,
 * and the free times its page offers follow; then makes two agendas, the
 * second connected, books the demo customer Ana into the first on her
 * behalf, and moves that appointment to a free time of the second: the
 * same appointment, now in the other agenda, still one entry in Ana's
 * timeline.  Every page on the way is audited with axe-core.
 */
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test, before, beforeEach, after } = require('node:test');
const porch = require('./porch.js');
const { createAgenda, bookFor } = require('./team-agenda-ui.js');

let admin;

before(async () => {
  admin = await porch.launch({ audit: true });
  await porch.teamSignIn(admin.page, await porch.newAdmin('Ada Appointments'));
});

beforeEach(() => {
  admin.problems.length = 0;
});

after(async () => {
  if (admin)
    await admin.close();
});

/* The clock times the agenda page's free-times card lists. */
async function freeTimes(page) {
  return porch.section(page, 'Free times').locator('.slots-read time').allInnerTexts();
}

test('the team edits an agenda\'s hours and the free times follow', async () => {
  const { page } = admin;
  const agenda = await createAgenda(page, { hours: '10:00-11:00' });
  await page.getByText('The agenda was created.').waitFor();
  const before = await freeTimes(page);
  assert.ok(before.length >= 2, `free times: ${before}`);
  assert.deepEqual([...new Set(before)].sort(), ['10:00', '10:30']);

  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'])
    await page.getByLabel(day, { exact: true }).fill(day === 'Sunday' ? '' : '14:00-15:00');
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Save rules and hours' }), 200);
  await page.getByText('The agenda\'s rules and hours were saved.').waitFor();
  assert.deepEqual([...new Set(await freeTimes(page))].sort(), ['14:00', '14:30']);
  assert.equal(await page.getByLabel('Monday', { exact: true }).inputValue(), '14:00-15:00');
  assert.equal(await page.getByLabel('Sunday', { exact: true }).inputValue(), '');

  /* a mistake comes back as typed, with its message, and saves nothing */
  await page.getByLabel('Tuesday', { exact: true }).fill('2pm to 3pm');
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Save rules and hours' }), 422);
  await page.getByText('Write times like 09:00-12:00').waitFor();
  assert.equal(await page.getByLabel('Tuesday', { exact: true }).inputValue(), '2pm to 3pm');
  const rows = await porch.dbRows(
    'SELECT count(*) AS n FROM agenda_hours h JOIN agendas a ON a.id = h.agenda_id WHERE a.pid = ?',
    agenda.pid);
  assert.equal(rows[0].n, 6);
  porch.settled(admin);
});

test('the team moves an appointment to a connected agenda', async () => {
  const { page } = admin;
  const tag = crypto.randomBytes(3).toString('hex');
  const from = await createAgenda(page, { name: `Office ${tag}` });
  const to = await createAgenda(page, { name: `Harbour ${tag}`, connected: true });
  const [ana] = await porch.dbRows("SELECT pid FROM customers WHERE email = 'ana@example.com'");
  const pid = await bookFor(page, ana.pid, from);
  await page.getByText('The appointment was booked.').waitFor();

  await porch.clickAndLand(page, page.getByRole('link', { name: 'Move', exact: true }), 200);
  const target = porch.section(page, to.name);
  await target.locator('.slots label').nth(2).click();
  await porch.clickAndLand(page, target.getByRole('button', { name: `Move to ${to.name}` }), 200);
  assert.equal(porch.pathOf(page), `/team/appointments/${pid}?done=moved`);
  await page.getByText('The appointment was moved.').waitFor();
  const details = porch.section(page, 'Details');
  assert.match(await details.innerText(), new RegExp(to.name));

  const rows = await porch.dbRows(
    'SELECT g.pid AS agenda FROM appointments a JOIN agendas g ON g.id = a.agenda_id WHERE a.pid = ?', pid);
  assert.deepEqual(rows, [{ agenda: to.pid }]);
  await porch.clickAndLand(page, details.getByRole('link', { name: /Ana/ }), 200);
  const entries = await page.locator(`section:has(#h-timeline) ol a[href="/team/appointments/${pid}"]`).count();
  assert.equal(entries, 1);
  porch.settled(admin);
});

test('a customer\'s page leads to all of their appointments', async () => {
  const { page } = admin;
  const [ana] = await porch.dbRows("SELECT pid FROM customers WHERE email = 'ana@example.com'");
  await porch.open(page, `/team/customers/${ana.pid}`, 200);
  await porch.clickAndLand(page, page.getByRole('link', { name: 'All of this customer\'s appointments' }), 200);
  assert.equal(porch.pathOf(page), `/team/appointments?customer=${ana.pid}`);
  await page.getByRole('heading', { name: /^Appointments of Ana/ }).waitFor();
  const shown = await page.locator('tbody th a').evaluateAll(
    (links) => links.map((a) => a.getAttribute('href').split('/').pop()));
  const rows = await porch.dbRows(
    'SELECT a.pid FROM appointments a JOIN customers c ON c.id = a.customer_id ' +
    "WHERE c.email = 'ana@example.com' AND a.starts >= strftime('%s', 'now', 'start of day', '-366 days') " +
    "AND a.starts < strftime('%s', 'now', 'start of day', '+367 days') ORDER BY a.starts, a.id LIMIT 20");
  assert.ok(rows.length > 0);
  assert.deepEqual(shown, rows.map((r) => r.pid));
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    if (process.env.PORCH_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.PORCH_SCREENSHOTS}/team-appointments-customer-${width}.png`, fullPage: true });
  }
  porch.settled(admin);
});
