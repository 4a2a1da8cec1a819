'use strict';
/*
 * A new member joins the team.  The office's admin (the one porch-dev made)
 * invites them from the members page with a name and a role; the
 * invitation arrives by e-mail; opening its link shows who is invited and
 * changes nothing (mail scanners open links too); the newcomer chooses a
 * password, a too short one first, and lands on the team's page signed in
 * with the role they were given, and sees the members.  The link then
 * works no more, and the password signs them in again.  Every page on the
 * way, on both sides, is audited with axe-core.
 *
 * The demo office offers its team password sign-in only (team_signin is
 * left at its default), so there is no sign-in link to ask for at
 * /team/login here.
 */
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test, before, beforeEach, after } = require('node:test');
const porch = require('./porch.js');

const PASSWORD = 'harbour lantern 58 oboe';
const ROLE = 'agent';

let admin;
let newcomer;
let who;
let invitation;
let invitedAt;
let step = 0;

before(async () => {
  who = {
    email: porch.freshAddress('newcomer'),
    name: `Noor Newcomer ${crypto.randomBytes(3).toString('hex')}`,
  };
  admin = await porch.launch({ audit: true });
  newcomer = await porch.launch({ audit: true });
});

/* What a page did wrong is reported by the test that opened it. */
beforeEach(() => {
  for (const b of [admin, newcomer])
    if (b)
      b.problems.length = 0;
});

after(async () => {
  for (const b of [admin, newcomer])
    if (b)
      await b.close();
});

function settled() {
  porch.settled(admin);
  porch.settled(newcomer);
}

async function memberRow() {
  const rows = await porch.dbRows(
    'SELECT id, pid, name, role, password_hash FROM members WHERE email = ?', who.email);
  assert.equal(rows.length, 1, `no member row for ${who.email}`);
  return rows[0];
}

/* The invitations mailed to the newcomer: how many, how many used. */
async function invitations() {
  const rows = await porch.dbRows("SELECT count(*) AS n, coalesce(sum(used != 0), 0) AS used " +
    "FROM member_link_tokens WHERE purpose = 'invite' AND member_id = " +
    '(SELECT id FROM members WHERE email = ?)', who.email);
  return rows[0];
}

async function memberSessions() {
  const rows = await porch.dbRows("SELECT count(*) AS n FROM sessions WHERE kind = 'member' AND " +
    'principal_id = (SELECT id FROM members WHERE email = ?)', who.email);
  return rows[0].n;
}

async function audited(action) {
  return porch.dbRows('SELECT a.action, m.email AS actor FROM audit a ' +
    'LEFT JOIN members m ON m.id = a.member_id WHERE a.action = ? AND a.subject = ' +
    '(SELECT pid FROM members WHERE email = ?)', action, who.email);
}

async function teamCookie(b) {
  return (await b.context.cookies()).find((c) => c.name === '__Host-porch-team');
}

/* The newcomer's row in the members list. */
function rowOf(page) {
  return page.getByRole('row').filter({ hasText: who.email });
}

test('an admin invites a new member from the members page', { timeout: 60000 }, async () => {
  const { page } = admin;

  await porch.teamSignIn(page);
  await porch.clickAndLand(page,
    page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Members' }), 200);
  assert.equal(porch.pathOf(page), '/team/members');

  const form = porch.section(page, 'Invite a member');
  await form.getByLabel('E-mail address').fill(who.email);
  await form.getByLabel('Name', { exact: true }).fill(who.name);
  await form.getByLabel('Role', { exact: true }).selectOption(ROLE);
  invitedAt = Date.now();
  await porch.clickAndLand(page, form.getByRole('button', { name: 'Send invitation' }), 200);
  assert.equal(porch.pathOf(page), '/team/members?invited=1');
  await page.getByRole('status').getByText('The invitation was e-mailed.').waitFor();

  const row = rowOf(page);
  await row.getByText(who.name).waitFor();
  await row.getByText('No password yet').waitFor();
  assert.equal(await row.getByLabel(`Role of ${who.email}`).inputValue(), ROLE);

  const m = await memberRow();
  assert.equal(m.name, who.name);
  assert.equal(m.role, ROLE);
  assert.equal(m.password_hash, null, 'an invited member has a password already');
  assert.deepEqual(await invitations(), { n: 1, used: 0 });
  assert.deepEqual(await audited('member-invited'), [{ action: 'member-invited', actor: 'lee@example.com' }]);
  step = 1;
  settled();
});

test('inviting the same address again is refused on the form', { timeout: 60000 }, async () => {
  assert.equal(step, 1, 'nobody was invited');
  const { page } = admin;

  const form = porch.section(page, 'Invite a member');
  await form.getByLabel('E-mail address').fill(who.email.toUpperCase());
  await form.getByLabel('Name', { exact: true }).fill('Someone Else');
  await porch.clickAndLand(page, form.getByRole('button', { name: 'Send invitation' }), 422);
  await page.getByRole('heading', { level: 1, name: 'Invite a member' }).waitFor();
  await page.getByRole('alert').getByText('is on the team already. Nothing was sent.').waitFor();
  assert.equal(await page.getByLabel('E-mail address').getAttribute('aria-invalid'), 'true');
  assert.equal((await memberRow()).name, who.name, 'the member was changed');
  assert.deepEqual(await invitations(), { n: 1, used: 0 }, 'another invitation was made');
  settled();
});

test('the invitation arrives, and opening its link changes nothing', { timeout: 60000 }, async () => {
  assert.equal(step, 1, 'nobody was invited');
  const { page } = newcomer;

  const mail = await porch.mailedMessage(who.email, /invited to the team/, invitedAt);
  invitation = porch.linkIn(mail, '/team/welcome');
  assert.ok(invitation, `the invitation mail has no /team/welcome link:\n${mail}`);
  assert.match(mail, new RegExp(`as ${ROLE}\\.`), 'the mail does not name the role');

  for (let i = 0; i < 2; i++) {
    await porch.open(page, porch.localPath(invitation), 200);
    await page.getByRole('heading', { level: 1, name: 'Welcome to the team' }).waitFor();
  }
  const text = await page.locator('main').innerText();
  assert.ok(text.includes(who.email), 'the welcome page does not say which address signs in');
  assert.match(text, new RegExp(`as ${ROLE}\\.`), 'the welcome page does not name the role');

  assert.deepEqual(await invitations(), { n: 1, used: 0 }, 'opening the link used the invitation');
  assert.equal((await memberRow()).password_hash, null);
  assert.equal(await memberSessions(), 0, 'opening the link signed the member in');
  assert.equal(await teamCookie(newcomer), undefined, 'opening the link set a team cookie');
  assert.deepEqual(await audited('invite-accepted'), []);
  step = 2;
  settled();
});

test('the newcomer sets a password and lands on the team page with the role', { timeout: 60000 }, async () => {
  assert.equal(step, 2, 'the invitation did not arrive');
  const { page } = newcomer;
  const save = () => page.getByRole('button', { name: 'Save my password and sign in' });

  await page.getByLabel('Password').fill('short');
  await porch.clickAndLand(page, save(), 422);
  await page.getByText('Choose a password of at least 10 characters.').waitFor();
  assert.equal(await page.getByLabel('Password').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Password').inputValue(), '', 'the password was written back');
  assert.deepEqual(await invitations(), { n: 1, used: 0 }, 'a refused password used the invitation');

  await page.getByLabel('Password').fill(PASSWORD);
  await porch.clickAndLand(page, save(), 200);
  assert.equal(porch.pathOf(page), '/team', `signed in at ${page.url()}`);
  await page.getByRole('heading', { level: 1, name: `Hello, ${who.name}` }).waitFor();
  assert.match(await page.locator('main').innerText(), new RegExp(`team as ${ROLE}\\.`));
  assert.ok(await teamCookie(newcomer), 'no team session cookie');

  assert.match((await memberRow()).password_hash || '', /^\$argon2id\$/);
  assert.deepEqual(await invitations(), { n: 1, used: 1 });
  assert.equal(await memberSessions(), 1);
  assert.equal((await audited('invite-accepted')).length, 1);

  /* Agents see the team; they do not manage it. */
  await porch.clickAndLand(page,
    page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Members' }), 200);
  await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
  await rowOf(page).getByText('(you)').waitFor();
  await rowOf(page).getByText(ROLE, { exact: true }).waitFor();
  await page.getByRole('row').filter({ hasText: 'lee@example.com' })
    .getByText('admin', { exact: true }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Invite a member' }).count(), 0,
    'an agent is offered to invite members');
  assert.equal(await page.getByRole('combobox').count(), 0, 'an agent is offered to change roles');
  step = 3;
  settled();
});

test('the invitation is used up, and the password signs in again', { timeout: 60000 }, async () => {
  assert.equal(step, 3, 'the newcomer did not join');
  const { page } = newcomer;

  await porch.open(page, porch.localPath(invitation), 410);
  await page.getByRole('heading', { level: 1, name: "This invitation can't be used" }).waitFor();

  await porch.open(page, '/team', 200);
  await porch.clickAndLand(page, page.getByRole('button', { name: 'Sign out' }), 200);
  assert.equal(porch.pathOf(page), '/team/login?signed_out=1');
  await page.getByRole('status').getByText('You have signed out.').waitFor();
  assert.equal(await teamCookie(newcomer), undefined, 'the team cookie outlived signing out');
  await porch.teamSignIn(page, { email: who.email, password: PASSWORD });
  await page.getByRole('heading', { level: 1, name: `Hello, ${who.name}` }).waitFor();

  /* The admin sees them joined. */
  await porch.open(admin.page, '/team/members', 200);
  await rowOf(admin.page).getByText('Joined').waitFor();
  assert.equal(await rowOf(admin.page).getByText('No password yet').count(), 0);
  settled();
});
