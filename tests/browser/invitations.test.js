'use strict';
/*
 * Answering a time proposal, in Chromium.  An admin of the office invites
 * a customer from their page to book a viewing at one of two times; the
 * customer finds the invitation on their dashboard, sees both times and
 * books one with a single button: one confirmed appointment, the
 * invitation answered.  Every page on the way is audited with axe-core.
 */
const assert = require('node:assert/strict');
const { test, before, after } = require('node:test');
const porch = require('./porch.js');

let place;
let ivy;
let team;
let customer;

before(async () => {
  place = await porch.bookableProject('Invite House');
  ivy = await porch.newCustomer('ivy', 'Ivy Invited');
  team = await porch.launch({ audit: true });
  customer = await porch.launch({ audit: true });
});

after(async () => {
  for (const b of [team, customer])
    if (b)
      await b.close();
});

test('the team proposes two times and the customer books one', { timeout: 90000 }, async () => {
  const [c] = await porch.dbRows('SELECT pid FROM customers WHERE email = ?', ivy.email);

  await porch.teamSignIn(team.page, await porch.newAdmin('Ike Invitations'));
  let page = team.page;
  await porch.open(page, `/team/customers/${c.pid}`, 200);
  await porch.clickAndLand(page, page.getByRole('link', { name: 'Invite to book' }), 200);
  await page.getByLabel('Agenda', { exact: true }).selectOption(place.agenda);
  await page.getByLabel(/^Project/).selectOption(place.project);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Show free times' }), 200);
  const propose = porch.section(page, 'Propose times');
  const options = propose.locator('#p-time1 option');
  assert.ok(await options.count() > 4, 'the week offers free times');
  const first = await options.nth(1).getAttribute('value');
  const second = await options.nth(4).getAttribute('value');
  await propose.getByLabel('First time').selectOption(first);
  await propose.getByLabel(/^Second time/).selectOption(second);
  await propose.getByLabel(/^Message/).fill('See you at the house.');
  await porch.clickAndLand(page, propose.getByRole('button', { name: 'Propose these times' }), 200);
  await page.getByText(`The invitation was e-mailed to ${ivy.email}.`).waitFor();
  porch.settled(team);

  page = customer.page;
  await porch.signIn(page, await porch.porchctlLink(ivy.email));
  const invitations = porch.section(page, 'Invitations to book');
  await porch.clickAndLand(page, invitations.getByRole('link', { name: new RegExp(place.title) }), 200);
  await page.getByRole('heading', { level: 1, name: 'Invitation to book' }).waitFor();
  await page.getByText('See you at the house.').waitFor();
  const times = page.locator('.proposals button');
  assert.equal(await times.count(), 2);
  await porch.clickAndLand(page, times.nth(1), 200);
  assert.match(porch.pathOf(page), /^\/portal\/appointments\/[A-Za-z0-9_-]{22}\?done=booked$/);
  porch.settled(customer);

  const rows = await porch.dbRows('SELECT a.starts, a.status, a.source, i.status AS invitation ' +
    'FROM invitations i JOIN appointments a ON a.id = i.appointment_id JOIN customers c ' +
    'ON c.id = i.customer_id WHERE c.email = ?', ivy.email);
  assert.deepEqual(rows, [{ starts: Number(second), status: 'confirmed', source: 'portal',
    invitation: 'answered' }]);
});
