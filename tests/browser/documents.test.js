'use strict';
/*
 * A document request, from the team to the customer and back.  The demo
 * office's admin asks a new customer for a document on the customer's
 * page; the customer gets an e-mail whose link leads through the sign-in
 * page (a sign-in link asked for there) to the request, and uploads the
 * document on it; the admin finds the request answered on the customer's
 * page, opens the document from it and accepts it, and the customer sees
 * it accepted.  Every page on the way, on both sides, is audited with
 * axe-core.
 */
const assert = require('node:assert/strict');
const { test, before, beforeEach, after } = require('node:test');
const porch = require('./porch.js');

/* A one-page PDF, as a customer's scan would be. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
  '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const ASKED = 'Proof of address';

let team;
let customer;
let who;
let cpid;
let step = 0;

before(async () => {
  who = await porch.newCustomer('docreq', 'Dana Documents');
  cpid = (await porch.dbRows('SELECT pid FROM customers WHERE email = ?', who.email))[0].pid;
  team = await porch.launch({ audit: true });
  customer = await porch.launch({ audit: true });
});

beforeEach(() => {
  for (const b of [team, customer])
    if (b)
      b.problems.length = 0;
});

after(async () => {
  for (const b of [team, customer])
    if (b)
      await b.close();
});

function settled() {
  porch.settled(team);
  porch.settled(customer);
}

async function requestRow() {
  const rows = await porch.dbRows('SELECT r.pid, r.status, r.title FROM document_requests r ' +
    'JOIN customers c ON c.id = r.customer_id WHERE c.email = ?', who.email);
  assert.equal(rows.length, 1, `not one document request for ${who.email}`);
  return rows[0];
}

test('the team asks the customer for a document', { timeout: 60000 }, async () => {
  const { page } = team;
  await porch.teamSignIn(page, await porch.newAdmin('Dee Documents'));
  await porch.open(page, `/team/customers/${cpid}`, 200);
  const requests = porch.section(page, 'Document requests');
  await requests.getByText('No document requests.').waitFor();
  await porch.clickAndLand(page, requests.getByRole('link', { name: 'Ask for a document' }), 200);
  await page.getByRole('heading', { level: 1, name: 'Ask for a document' }).waitFor();

  /* no title: the form says so and keeps what was typed */
  await page.getByLabel('Explanation').fill('A utility bill or bank statement of the last three months.');
  await page.getByLabel('What you ask for').evaluate((el) => el.removeAttribute('required'));
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Send the request' }), 422);
  assert.equal(await page.getByLabel('What you ask for').getAttribute('aria-invalid'), 'true');
  assert.match(await page.getByLabel('Explanation').inputValue(), /utility bill/);

  await page.getByLabel('What you ask for').fill(ASKED);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Send the request' }), 200);
  assert.equal(porch.pathOf(page), `/team/customers/${cpid}?requested=1`);
  await page.getByRole('status').getByText('The document request is on').waitFor();
  const item = porch.section(page, 'Document requests').getByRole('listitem').filter({ hasText: ASKED });
  await item.getByText('Open', { exact: true }).waitFor();
  await item.getByRole('button', { name: 'Cancel the request' }).waitFor();
  assert.equal((await requestRow()).status, 'open');
  step = 1;
  settled();
});

test('the customer follows the mail through sign-in and uploads the document', { timeout: 90000 }, async () => {
  assert.equal(step, 1, 'nothing was asked for');
  const { page } = customer;
  const since = Date.now() - 60000;
  const mail = await porch.mailedMessage(who.email, /asks you for a document/, since);
  const plain = mail.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const link = plain.match(/https?:\/\/[^\s"'<>]+\/portal\/documents\/requests\/[A-Za-z0-9_-]{22}/);
  assert.ok(link, `the mail has no link to the request:\n${mail}`);
  const path = porch.localPath(link[0]);
  assert.equal(path, `/portal/documents/requests/${(await requestRow()).pid}`);

  /* signed out, the link leads to the sign-in page, which asks for a link */
  await porch.open(page, path, 200);
  assert.equal(porch.pathOf(page), `/login?next=${encodeURIComponent(path)}`);
  const asked = Date.now();
  await page.getByLabel('E-mail address').fill(who.email);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Send me a sign-in link' }), 200);
  await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
  const signin = await porch.mailedLink(porch.maildir(), who.email, asked, 20000);
  assert.ok(signin, 'no sign-in link arrived');
  await porch.open(page, porch.localPath(signin), 200);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Sign in' }), 200);
  assert.equal(porch.pathOf(page), path, 'sign-in did not lead to the request');

  await page.getByRole('heading', { level: 1, name: ASKED }).waitFor();
  await page.getByText('A utility bill or bank statement').waitFor();
  await page.getByLabel('Your document').setInputFiles({
    name: 'bill.pdf', mimeType: 'application/pdf', buffer: PDF,
  });
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Send it' }), 200);
  assert.equal(porch.pathOf(page), `${path}?done=uploaded`);
  await page.getByRole('status').getByText('your document is with the office').waitFor();
  assert.equal(await page.getByLabel('Your document').count(), 0, 'the request still takes uploads');
  assert.equal((await requestRow()).status, 'fulfilled');
  step = 2;
  settled();
});

test('the team opens the document from the request and accepts it', { timeout: 60000 }, async () => {
  assert.equal(step, 2, 'nothing was uploaded');
  const { page } = team;
  await porch.open(page, `/team/customers/${cpid}`, 200);
  const item = porch.section(page, 'Document requests').getByRole('listitem').filter({ hasText: ASKED });
  await item.getByText('Done', { exact: true }).waitFor();
  assert.equal(await item.getByRole('button', { name: 'Cancel the request' }).count(), 0);
  await porch.clickAndLand(page, item.getByRole('link', { name: 'The document they sent' }), 200);
  await page.getByRole('heading', { level: 1, name: 'bill.pdf' }).waitFor();
  await page.getByText(ASKED).first().waitFor();
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Accept' }), 200);
  await page.getByRole('status').getByText('The document was accepted.').waitFor();

  const docs = await porch.dbRows('SELECT d.status, r.title FROM documents d ' +
    'JOIN document_requests r ON r.id = d.request_id JOIN customers c ON c.id = d.customer_id ' +
    'WHERE c.email = ?', who.email);
  assert.deepEqual(docs, [{ status: 'accepted', title: ASKED }]);

  /* the customer sees it accepted, and the request no more among the open ones */
  await porch.open(customer.page, '/portal/documents', 200);
  const row = customer.page.getByRole('listitem').filter({ hasText: 'bill.pdf' });
  await row.getByText('Accepted', { exact: true }).waitFor();
  assert.equal(await customer.page.getByRole('link', { name: ASKED }).count(), 0);
  settled();
});
