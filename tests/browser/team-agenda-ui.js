'use strict';
/*
 * What the team's browser tests do more than once on the agenda pages:
 * make an agenda through its form, as a member with agenda edit access
 * would, and book one of its free times on a customer's behalf.  Each
 * page on the way is audited when the browser is a journey's.
 */
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const porch = require('./porch.js');

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/* Creates an agenda open `hours` every day (UTC, no notice) and returns
 * { pid, name }; the page is left on the new agenda's page. */
async function createAgenda(page, { name, hours = '09:00-17:00', connected = false } = {}) {
  name = name || `Agenda ${crypto.randomBytes(3).toString('hex')}`;
  await porch.open(page, '/team/agendas/new', 200);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Time zone', { exact: true }).fill('UTC');
  await page.getByLabel('Minimum notice, in minutes').fill('0');
  for (const day of DAYS)
    await page.getByLabel(day, { exact: true }).fill(hours);
  if (connected)
    await page.getByLabel(/Connected: takes appointments/).check();
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Create agenda' }), 200);
  assert.match(porch.pathOf(page), /^\/team\/agendas\/[A-Za-z0-9_-]{22}\?saved=created$/);
  return { pid: new URL(page.url()).pathname.split('/')[3], name };
}

/* Books the first free time of the agenda for the customer of that
 * public id from their booking page; the page is left on the new
 * appointment's page. */
async function bookFor(page, customerPid, agenda) {
  await porch.open(page, `/team/customers/${customerPid}/book`, 200);
  await page.getByLabel('Agenda', { exact: true }).selectOption({ label: agenda.name });
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Show free times' }), 200);
  const times = porch.section(page, `Free times in ${agenda.name}`);
  await times.locator('.slots label').first().click();
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Book this time' }), 200);
  assert.match(porch.pathOf(page), /^\/team\/appointments\/[A-Za-z0-9_-]{22}\?done=booked$/);
  return new URL(page.url()).pathname.split('/')[3];
}

module.exports = { createAgenda, bookFor };
