'use strict';
/*
 * Every page of both sides, from the routes table: each GET route is opened
 * as the principal it is for (signed out, the demo customer Ana, the demo
 * office's admin Lee) at 390 px (a phone) and at 1280 px, and fails when
 * the page scrolls sideways, has no title of its own, or has an axe-core
 * violation.  A screenshot of each page at both widths is kept under the
 * build's screenshots/ folder for people to look at.
 *
 * A route whose {id} needs a real record names how to find one in IDS; a
 * new route with an id and no entry there fails, so no page is left out.
 * A route that answers with something other than a page (a download, a
 * redirect elsewhere) is reported as such and checked for what it is.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test, before, after } = require('node:test');
const porch = require('./porch.js');
const { createAgenda, bookFor } = require('./team-agenda-ui.js');

const WIDTHS = [390, 1280];
const SHOTS = process.env.PORCH_SCREENSHOTS || '';

/* A project with an agenda that has hours, and an appointment Ana booked
 * in it, still open to change. */
const BOOKABLE = "SELECT p.pid FROM projects p JOIN project_agendas pa ON pa.project_id = p.id " +
  "WHERE p.title LIKE 'Pages Loft %' ORDER BY p.id LIMIT 1";
const ANAS_BOOKING = "SELECT a.pid FROM appointments a JOIN customers c ON c.id = a.customer_id " +
  "JOIN projects p ON p.id = a.project_id WHERE c.email = 'ana@example.com' " +
  "AND p.title LIKE 'Pages Loft %' AND a.status = 'confirmed' ORDER BY a.id LIMIT 1";
/* The invitation the demo leaves Ana, with two proposed times. */
const ANAS_INVITATION = "SELECT i.pid FROM invitations i JOIN customers c ON c.id = i.customer_id " +
  "WHERE c.email = 'ana@example.com' AND i.status = 'open' ORDER BY i.id LIMIT 1";
/* An agenda with weekly hours, and an open appointment to come in one:
 * the demo's agendas have no hours, so pages about them would show no
 * times to pick. */
const AGENDA_WITH_HOURS = 'SELECT a.pid FROM agendas a WHERE a.archived = 0 AND EXISTS ' +
  '(SELECT 1 FROM agenda_hours h WHERE h.agenda_id = a.id) ORDER BY a.id LIMIT 1';
const OPEN_APPOINTMENT = 'SELECT ap.pid FROM appointments ap WHERE ap.status = \'confirmed\' ' +
  'AND ap.starts > CAST(strftime(\'%s\', \'now\') AS INTEGER) AND EXISTS (SELECT 1 FROM ' +
  'agenda_hours h WHERE h.agenda_id = ap.agenda_id) ORDER BY ap.id LIMIT 1';

/* Ana's place on the Pages Loft waiting list, and one holding the offer
 * of a freed time. */
const ANAS_WAITING = "SELECT r.pid FROM appointment_requests r JOIN customers c " +
  "ON c.id = r.customer_id WHERE c.email = 'ana@example.com' AND r.kind = 'waitlist' " +
  "ORDER BY r.id LIMIT 1";
const ANAS_OFFER = "SELECT r.pid FROM appointment_requests r JOIN customers c " +
  "ON c.id = r.customer_id WHERE c.email = 'ana@example.com' AND r.kind = 'waitlist' " +
  "AND r.status = 'open' AND r.offer_expires > CAST(strftime('%s', 'now') AS INTEGER) " +
  "ORDER BY r.id LIMIT 1";

/* How to find a real id for each route that takes one, and how to make
 * a record when the demo has none. */
const IDS = {
  '/team/customers/{id}': {
    sql: "SELECT pid FROM customers WHERE email = 'ana@example.com'",
  },
  '/team/deletions/{id}': {
    sql: "SELECT pid FROM deletion_requests WHERE status = 'open' ORDER BY id DESC LIMIT 1",
    make: requestDeletion,
  },
  '/book/{id}': { sql: BOOKABLE, make: makeBookable },
  '/embed/book/{id}': { sql: BOOKABLE, make: makeBookable },
  '/portal/appointments/{id}': { sql: ANAS_BOOKING, make: anaBooks },
  '/portal/appointments/{id}/reschedule': { sql: ANAS_BOOKING, make: anaBooks },
  '/team/customers/{id}/book': {
    sql: "SELECT pid FROM customers WHERE email = 'ana@example.com'",
  },
  '/team/customers/{id}/invite': {
    sql: "SELECT pid FROM customers WHERE email = 'ana@example.com'",
  },
  '/team/customers/{id}/document-request': {
    sql: "SELECT pid FROM customers WHERE email = 'ana@example.com'",
  },
  '/portal/invitations/{id}': { sql: ANAS_INVITATION },
  '/team/agendas/{id}': { sql: AGENDA_WITH_HOURS, make: bookInNewAgenda },
  // the project with documents (the demo's brochure), so its list shows
  '/team/projects/{id}': {
    sql: 'SELECT p.pid FROM projects p WHERE p.archived = 0 ORDER BY ' +
      '(SELECT count(*) FROM documents d WHERE d.project_id = p.id) DESC, p.id LIMIT 1',
  },
  '/team/appointments/{id}': { sql: OPEN_APPOINTMENT, make: bookInNewAgenda },
  '/team/appointments/{id}/move': { sql: OPEN_APPOINTMENT, make: bookInNewAgenda },
  '/book/{id}/request': { sql: BOOKABLE, make: makeBookable },
  '/portal/requests/{id}/offer': { sql: ANAS_OFFER, make: anaIsOffered },
  '/team/requests/{id}': { sql: ANAS_WAITING, make: anaIsOffered },
  '/team/documents/{id}': {
    sql: 'SELECT pid FROM documents WHERE customer_id IS NOT NULL ORDER BY id LIMIT 1',
  },
  '/portal/documents/requests/{id}': {
    sql: "SELECT r.pid FROM document_requests r JOIN customers c ON c.id = r.customer_id " +
      "WHERE c.email = 'ana@example.com' ORDER BY r.id LIMIT 1",
  },
};

async function makeBookable() {
  await porch.bookableProject('Pages Loft');
}

/* Ana books a time three days ahead on the project's page. */
async function anaBooks() {
  let rows = await porch.dbRows(BOOKABLE);
  if (rows.length === 0) {
    await makeBookable();
    rows = await porch.dbRows(BOOKABLE);
  }
  const b = await porch.launch();
  try {
    const { page } = b;
    await porch.signIn(page, await porch.porchctlLink('ana@example.com'));
    await porch.open(page, `/book/${rows[0].pid}?day=${porch.daysAhead(3)}`, 200);
    await porch.clickAndLand(page, page.locator('a.slot').first(), 200);
    await porch.clickAndLand(page, page.getByRole('button', { name: 'Book this time' }), 200);
  } finally {
    await b.close();
  }
}

/* Ana joins the Pages Loft waiting list on its booking page; another
 * customer books a time there and cancels it, which offers it to Ana. */
async function anaIsOffered() {
  let rows = await porch.dbRows(BOOKABLE);
  if (rows.length === 0) {
    await makeBookable();
    rows = await porch.dbRows(BOOKABLE);
  }
  const pid = rows[0].pid;
  const b = await porch.launch();
  try {
    const { page } = b;
    await porch.signIn(page, await porch.porchctlLink('ana@example.com'));
    await porch.open(page, `/book/${pid}/request`, 200);
    await porch.clickAndLand(page, page.getByRole('button', { name: 'Join the waiting list' }));
  } finally {
    await b.close();
  }
  const o = await porch.launch();
  try {
    const { page } = o;
    const c = await porch.newCustomer('pages', 'Cas Cancelling');
    await porch.signIn(page, await porch.porchctlLink(c.email));
    await porch.open(page, `/book/${pid}?day=${porch.daysAhead(4)}`, 200);
    await porch.clickAndLand(page, page.locator('a.slot').first(), 200);
    await porch.clickAndLand(page, page.getByRole('button', { name: 'Book this time' }), 200);
    const cancel = () => page.getByRole('button', { name: 'Cancel the appointment' });
    await porch.clickAndLand(page, cancel(), 200);
    await porch.clickAndLand(page, cancel(), 200);
  } finally {
    await o.close();
  }
}

/* A new customer asks for their data to be deleted, as on their account
 * page (pressing the button again on a confirming step, if there is one). */
async function requestDeletion() {
  const b = await porch.launch();
  try {
    const c = await porch.newCustomer('pages', 'Dee Deleting');
    const { page } = b;
    await porch.signIn(page, await porch.porchctlLink(c.email));
    await porch.open(page, '/portal/account', 200);
    const button = () => page.getByRole('button', { name: 'Delete my personal data' });
    await porch.clickAndLand(page, button());
    if (await button().count() > 0)
      await porch.clickAndLand(page, button());
  } finally {
    await b.close();
  }
}

/* The office's admin makes a connected agenda with hours and books Ana
 * into it, through the team's pages. */
async function bookInNewAgenda() {
  const b = await porch.launch();
  try {
    await porch.teamSignIn(b.page);
    const agenda = await createAgenda(b.page, { name: 'Viewings', connected: true });
    const [ana] = await porch.dbRows("SELECT pid FROM customers WHERE email = 'ana@example.com'");
    await bookFor(b.page, ana.pid, agenda);
  } finally {
    await b.close();
  }
}

/* Query strings that show a route the way people reach it. */
const QUERIES = {
  '/auth': '?t=' + 'A'.repeat(43),
  '/password/reset': '?t=' + 'A'.repeat(43),
  '/account/email/confirm': '?t=' + 'A'.repeat(43),
  '/team/welcome': '?t=' + 'A'.repeat(43),
  '/team/auth': '?t=' + 'A'.repeat(43),
  '/team/password/reset': '?t=' + 'A'.repeat(43),
};

/* Routes that are no page: a download, or a hand-off to another site. */
const NOT_PAGES = {
  '/portal/account/export': 'a JSON download',
  '/portal/documents/{id}/download': 'a redirect to a download link of a few minutes',
  '/portal/documents/{id}/file': 'a file download, as an attachment',
  '/team/documents/{id}/download': 'a redirect to a download link of a few minutes',
  '/team/documents/{id}/file': 'a file download, as an attachment',
  '/auth/oidc': 'a redirect to the OpenID provider',
};

function routes() {
  const file = process.env.PORCH_ROUTES;
  assert.ok(file && fs.existsSync(file), 'PORCH_ROUTES must name the build\'s routes.txt');
  return fs.readFileSync(file, 'utf8').split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[0] === 'GET')
    .map(([, p, need, program]) => ({ path: p, need, program }));
}

const browsers = {};

before(async () => {
  browsers.public = await porch.launch();
  browsers.customer = await porch.launch();
  await porch.signIn(browsers.customer.page, await porch.porchctlLink('ana@example.com'));
  browsers.member = await porch.launch();
  await porch.teamSignIn(browsers.member.page);
});

after(async () => {
  for (const b of Object.values(browsers))
    await b.close();
});

async function pathFor(route) {
  let p = route.path;
  if (p.includes('{')) {
    const how = IDS[route.path];
    assert.ok(how, `${route.path}: add how to find a real id to IDS in pages.test.js`);
    let rows = await porch.dbRows(how.sql);
    if (rows.length === 0 && how.make) {
      await how.make();
      rows = await porch.dbRows(how.sql);
    }
    assert.ok(rows.length > 0, `${route.path}: the demo has no record for it (${how.sql})`);
    p = p.replace(/\{[a-z_]+\}/, Object.values(rows[0])[0]);
  }
  return p + (QUERIES[route.path] || '');
}

/* What is wrong with the page shown at this width, as sentences. */
async function problemsAt(page, width) {
  await page.setViewportSize({ width, height: 900 });
  const found = await page.evaluate(() => {
    const out = [];
    const w = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > w) {
      const wide = [...document.body.querySelectorAll('*')]
        .filter((e) => e.getBoundingClientRect().right > w + 1)
        .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= w + 1)
        .slice(0, 5)
        .map((e) => `<${e.tagName.toLowerCase()}${e.className ? ' class="' + e.className + '"' : ''}> ` +
          `${Math.round(e.getBoundingClientRect().right)} px`);
      out.push(`scrolls sideways: ${document.documentElement.scrollWidth} px wide in ${w}; ` +
        `too wide: ${wide.join(', ')}`);
    }
    const brand = (document.querySelector('.brand') || {}).textContent || '';
    const own = document.title.split(' · ')[0].trim();
    if (!document.title.includes(' · ') || own === '' || own === brand.trim())
      out.push(`no title of its own: "${document.title}"`);
    return out;
  });
  return found;
}

function shotName(route, need, width) {
  const slug = route.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'home';
  return `${need}-${slug}-${width}.png`;
}

for (const route of routes()) {
  test(`${route.need} ${route.path}`, { timeout: 90000 }, async () => {
    if (NOT_PAGES[route.path])
      return;
    const b = browsers[route.need];
    assert.ok(b, `no browser for ${route.need}`);
    const p = await pathFor(route);
    const res = await b.page.goto(porch.url(p), { waitUntil: 'load' });
    assert.ok(res, `no response for ${p}`);
    const type = res.headers()['content-type'] || '';
    assert.match(type, /^text\/html/, `${p}: ${type}, not a page`);
    const problems = [];
    for (const width of WIDTHS) {
      for (const what of await problemsAt(b.page, width))
        problems.push(`${width} px: ${what}`);
      if (SHOTS) {
        fs.mkdirSync(SHOTS, { recursive: true });
        await b.page.screenshot({ path: path.join(SHOTS, shotName(route.path, route.need, width)), fullPage: true });
      }
    }
    try {
      await porch.audit(b.page, `${route.need} ${p}`);
    } catch (e) {
      problems.push(e.message);
    }
    assert.deepEqual(problems, [], `${p} (HTTP ${res.status()})`);
  });
}
