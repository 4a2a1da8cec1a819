'use strict';
/*
 * A customer asks for her personal data to be deleted and the team carries
 * it out.  She asks on her account page and sees the request waiting; the
 * office's admin (the one porch-dev made) signs in at /team/login, finds the
 * request in the inbox and among the deletion requests, opens it and
 * processes it.  Afterwards she is told so by e-mail, her session and her
 * unused sign-in link are dead, and asking for a new link mails her nothing.
 * Every page on the way, on both sides, is audited with axe-core.
 */
const assert = require('node:assert/strict');
const { test, before, beforeEach, after } = require('node:test');
const porch = require('./porch.js');

let dora;
let customer;
let team;
let spareLink;
let pid;
let processedAt;
let step = 0;

before(async () => {
  dora = await porch.newCustomer('dora', 'Dora Delete');
  customer = await porch.launch({ audit: true });
  team = await porch.launch({ audit: true });
});

/* What a page did wrong is reported by the test that opened it. */
beforeEach(() => {
  for (const b of [customer, team])
    if (b)
      b.problems.length = 0;
});

after(async () => {
  for (const b of [customer, team])
    if (b)
      await b.close();
});

function settled() {
  porch.settled(customer);
  porch.settled(team);
}

/* The request's row in the list of deletion requests. */
function listRow(page) {
  return page.getByRole('row').filter({ has: page.locator(`a[href="/team/deletions/${pid}"]`) });
}

test('she asks for her data to be deleted and sees the request waiting', { timeout: 60000 }, async () => {
  const { page } = customer;

  await porch.signIn(page, await porch.porchctlLink(dora.email));
  await porch.clickAndLand(page, page.getByRole('link', { name: 'Your account' }), 200);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Delete my personal data' }), 200);
  /* the confirming step says what happens, and nothing has yet */
  await page.getByRole('heading', { level: 1, name: 'Delete your personal data?' }).waitFor();
  assert.deepEqual(await porch.dbRows('SELECT d.pid FROM deletion_requests d ' +
    'JOIN customers c ON c.id = d.customer_id WHERE c.email = ?', dora.email), []);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Delete my personal data' }), 200);
  assert.equal(porch.pathOf(page), '/portal/account');
  const card = porch.section(page, 'Delete my personal data');
  await card.getByText('Waiting for the team').waitFor();
  await card.getByRole('button', { name: 'Cancel the request' }).waitFor();
  assert.equal(await card.getByRole('button', { name: 'Delete my personal data' }).count(), 0);

  const rows = await porch.dbRows('SELECT d.pid, d.status FROM deletion_requests d ' +
    'JOIN customers c ON c.id = d.customer_id WHERE c.email = ?', dora.email);
  assert.deepEqual(rows.map((r) => r.status), ['open']);
  pid = rows[0].pid;

  /* A link she was sent and never used, to try once her data is gone. */
  spareLink = await porch.porchctlLink(dora.email);
  step = 1;
  settled();
});

test('an admin finds it in the inbox and among the deletion requests', { timeout: 60000 }, async () => {
  assert.equal(step, 1, 'no deletion request was made');
  const { page } = team;

  await porch.teamSignIn(page);
  const pages = page.getByRole('navigation', { name: 'Team' });
  await porch.clickAndLand(page, pages.getByRole('link', { name: 'Inbox' }), 200);
  const item = page.getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: 'Deletion request' }) })
    .filter({ hasText: dora.name });
  assert.equal(await item.count(), 1, `the inbox lists no deletion request from ${dora.name}`);
  assert.match(await item.innerText(), /Open/);

  await porch.clickAndLand(page, item.getByRole('link', { name: 'Deletion request' }), 200);
  assert.equal(porch.pathOf(page), `/team/deletions/${pid}`);
  await page.getByRole('heading', { level: 1, name: 'Deletion request' }).waitFor();
  const details = await page.locator('dl').innerText();
  assert.match(details, /Open/);
  assert.ok(details.includes(dora.email), `the request does not name ${dora.email}: ${details}`);

  await porch.clickAndLand(page, page.getByRole('link', { name: 'All deletion requests' }), 200);
  assert.equal(porch.pathOf(page), '/team/deletions');
  const row = listRow(page);
  assert.equal(await row.count(), 1, 'the list of deletion requests lacks this one');
  const text = await row.innerText();
  assert.ok(text.includes(dora.email) && text.includes('Open'), `the request is listed as: ${text}`);

  await porch.clickAndLand(page, row.getByRole('link'), 200);
  assert.equal(porch.pathOf(page), `/team/deletions/${pid}`);
  step = 2;
  settled();
});

test('the admin processes it, and the data is gone', { timeout: 60000 }, async () => {
  assert.equal(step, 2, 'the admin did not reach the request');
  const { page } = team;
  const { id } = (await porch.dbRows('SELECT id FROM customers WHERE email = ?', dora.email))[0];

  processedAt = Date.now();
  await porch.clickAndLand(page, page.getByRole('button', { name: "Delete this customer's data" }), 200);
  /* the confirming step says it cannot be undone, and nothing is yet */
  await page.getByRole('heading', { level: 1, name: "Delete this customer's data?" }).waitFor();
  assert.equal((await porch.dbRows('SELECT id FROM customers WHERE id = ?', id)).length, 1);
  await porch.clickAndLand(page, page.getByRole('button', { name: "Delete this customer's data" }), 200);
  assert.equal(porch.pathOf(page), `/team/deletions/${pid}`);
  const details = (await page.locator('dl').innerText()).replace(/\s+/g, ' ');
  assert.match(details, /Status Done/);
  assert.match(details, /Customer deleted/);
  assert.match(details, /Carried out .* by Lee Admin/);
  assert.ok(!details.includes(dora.email), 'the processed request still shows the address');
  assert.equal(await page.getByRole('button', { name: "Delete this customer's data" }).count(), 0);

  await porch.clickAndLand(page, page.getByRole('link', { name: 'All deletion requests' }), 200);
  const text = await listRow(page).innerText();
  assert.ok(text.includes('deleted') && text.includes('Done') && !text.includes(dora.email),
    `the processed request is listed as: ${text}`);

  assert.deepEqual(await porch.dbRows('SELECT id FROM customers WHERE email = ?', dora.email), []);
  assert.deepEqual(await porch.dbRows(
    "SELECT 1 FROM sessions WHERE kind = 'customer' AND principal_id = ?", id), [], 'her session is left');
  assert.deepEqual(await porch.dbRows('SELECT 1 FROM login_tokens WHERE customer_id = ?', id), [],
    'her sign-in link is left');
  const request = await porch.dbRows('SELECT status, customer_id, processed_by FROM deletion_requests ' +
    'WHERE pid = ?', pid);
  assert.equal(request[0].status, 'done');
  assert.equal(request[0].customer_id, null);
  assert.notEqual(request[0].processed_by, null);
  const audited = await porch.dbRows("SELECT 1 FROM audit WHERE action = 'deletion-processed' AND " +
    'subject = ?', pid);
  assert.equal(audited.length, 1, 'the audit log does not record the processing');
  step = 3;
  settled();
});

test('she is told by e-mail and can no longer sign in', { timeout: 60000 }, async () => {
  assert.equal(step, 3, 'the request was not processed');
  const { page } = customer;

  const mail = await porch.mailedMessage(dora.email, /^Your personal data at .* was deleted$/, processedAt);
  assert.ok(mail.includes(`Hello ${dora.name},`), 'the mail does not greet her by name');

  /* Her session ended with her data. */
  await porch.open(page, '/portal/account', 200);
  assert.equal(new URL(page.url()).pathname, '/login', `after the deletion she sees ${page.url()}`);

  await porch.open(page, porch.localPath(spareLink), 410);
  await page.getByRole('heading', { name: "This sign-in link can't be used" }).waitFor();

  /* Asking for a link looks the same as for anyone, and queues no link. */
  const asked = Math.floor(Date.now() / 1000);
  await porch.askForLink(page, dora.email);
  const queued = await porch.dbRows("SELECT subject FROM outbox WHERE recipient = ? AND created >= ? AND " +
    "body LIKE '%/auth?t=%'", dora.email, asked);
  assert.deepEqual(queued, [], 'a sign-in link was queued for the deleted customer');
  await assert.rejects(porch.porchctlLink(dora.email), 'porchctl made a link for the deleted customer');
  settled();
});
