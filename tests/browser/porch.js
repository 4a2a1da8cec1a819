'use strict';
/*
 * Shared helpers for the browser tests: where the running stack is, a
 * Chromium with a fresh profile, fresh customers and sign-in links, the
 * sign-in steps, the mail porch-mailer delivered, what the database holds
 * and the axe-core audit.
 *
 * The stack is started by ./run, which passes it in the environment:
 *   PORCH_URL       base URL of the demo portal, "http://127.0.0.1:PORT"
 *                   (required)
 *   PORCH_OPEN_URL  base URL of the demo office's portal with open sign-up
 *                   and password sign-in
 *   PORCH_CONF      the porch.conf the stack runs with
 *   PORCHCTL        the porchctl binary (for customers and sign-in links)
 *   PORCH_OFFICE    the demo office id (default "demo")
 *   PORCH_DEV_LOG   what porch-dev printed (the team admin's password, the
 *                   OpenID provider it offers)
 *   CHROMIUM        the browser binary (default /usr/bin/chromium)
 *
 * A browser launched with { audit: true } is a journey: every Porch page
 * open() and clickAndLand() land on is audited with axe-core there and
 * then, and unaudited() lists any Porch page it showed that was not.  A
 * foreign page on the way (the OpenID provider's) is stepped through: it is
 * none of Porch's making, so it is not audited, and of what it does only
 * the requests it makes to Porch are watched.
 *
 * Chromium is Debian's own: playwright-core never downloads a browser.
 * Nothing here talks to anything but the stack on loopback: a request a
 * page makes elsewhere (the provider's page asks for a web font) is
 * refused in the browser.
 */
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');
const { chromium } = require('playwright-core');

const run = promisify(execFile);

const BASE = (process.env.PORCH_URL || '').replace(/\/+$/, '');
const OPEN_BASE = (process.env.PORCH_OPEN_URL || '').replace(/\/+$/, '');
const OFFICE = process.env.PORCH_OFFICE || 'demo';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/* The pages of journey browsers, each with the loads it has shown. */
const journeys = new WeakMap();

/* Each page's problems, for a click whose navigation never ends. */
const troubles = new WeakMap();

/* A path on the demo portal; a whole URL (another portal's) stays as it is. */
function url(p) {
  if (/^https?:\/\//.test(p))
    return p;
  if (!BASE)
    throw new Error('PORCH_URL is not set: start the tests with tests/browser/run');
  return BASE + p;
}

/* Whether a URL is one of the stack's portals rather than a foreign site. */
function isPorch(u) {
  const origin = new URL(u).origin;
  return [BASE, OPEN_BASE].some((b) => b !== '' && new URL(b).origin === origin);
}

/* Whether a URL stays on this machine: the stack and the provider. */
function isLoopback(u) {
  const host = new URL(u).hostname;
  return host === '127.0.0.1' || host === '[::1]' || host === 'localhost' ||
    host.endsWith('.localhost');
}

/* A path on the portal with open sign-up and password sign-in. */
function openUrl(p) {
  if (!OPEN_BASE)
    throw new Error('PORCH_OPEN_URL is not set: start the tests with tests/browser/run');
  return OPEN_BASE + p;
}

/*
 * A Chromium with a profile of its own, and a watch on every page it opens:
 * a stylesheet or script that fails to load, or anything the page's
 * Content-Security-Policy blocks, is recorded in `problems`.  With
 * { audit: true } it is a journey (see the top of this file).
 */
async function launch({ audit: auditEach = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'porch-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    timeout: 60000,
  });
  context.setDefaultTimeout(15000);
  const problems = [];
  const loads = [];
  /* What a foreign page does is its own business, but not what it asks
   * of Porch. */
  const ours = (page, u) => isPorch(page.url()) || (u !== undefined && isPorch(u));
  const watch = (page) => {
    troubles.set(page, problems);
    if (auditEach) {
      journeys.set(page, loads);
      page.on('response', (r) => {
        /* A redirect is no page anyone sees. */
        if (r.request().isNavigationRequest() && r.frame() === page.mainFrame() &&
            isPorch(r.url()) && (r.status() < 300 || r.status() >= 400))
          loads.push({ page, what: `${r.status()} ${r.url()}`, audited: false });
      });
    }
    page.on('console', (m) => {
      if (ours(page) && /Content.Security.Policy/i.test(m.text()))
        problems.push(`${page.url()}: ${m.text().trim()}`);
    });
    page.on('pageerror', (e) => {
      if (ours(page))
        problems.push(`${page.url()}: ${e.message}`);
    });
    page.on('requestfailed', (r) => {
      if (!ours(page, r.url()) || new URL(r.url()).pathname === '/favicon.ico')
        return;
      problems.push(`${r.url()}: ${r.failure() ? r.failure().errorText : 'failed'}`);
    });
    page.on('response', (r) => {
      /* The page itself may be an error page on purpose; the browser's
       * own favicon probe is not something the page asked for. */
      if (!ours(page, r.url()) || r.request().resourceType() === 'document' ||
          new URL(r.url()).pathname === '/favicon.ico')
        return;
      if (r.status() >= 400)
        problems.push(`${r.url()}: HTTP ${r.status()}`);
    });
  };
  await context.route((u) => !isLoopback(u.href), (route) => route.abort('blockedbyclient'));
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] || (await context.newPage());
  return {
    context,
    page,
    problems,
    /* The pages this journey showed and never audited. */
    unaudited() {
      return loads.filter((l) => !l.audited).map((l) => l.what);
    },
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/* In a journey, audits the page just landed on, named after its place and
 * heading so that a report says which state of the page failed. */
async function landed(page, res) {
  if (!journeys.has(page) || !isPorch(page.url()))
    return;
  const u = new URL(page.url());
  const h1 = await page.evaluate(() => (document.querySelector('h1') || {}).textContent || '');
  await audit(page, `${u.host}${u.pathname}${u.search} (HTTP ${res.status()}, "${h1.trim()}")`);
}

/* Opens a path (or URL) and checks the HTTP status the server answered
 * with, after any redirects. */
async function open(page, p, status) {
  const res = await page.goto(url(p), { waitUntil: 'load' });
  assert.ok(res, `no response for ${p}`);
  assert.equal(res.status(), status, `GET ${p}: HTTP ${res.status()}, expected ${status}`);
  await landed(page, res);
  return res;
}

/* Waits for the navigation a click starts and checks where it lands: a
 * Porch page is audited in a journey, a foreign one is only passed. */
async function clickAndLand(page, locator, status) {
  let res;
  try {
    [res] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      locator.click(),
    ]);
  } catch (e) {
    /* Why the browser gave up is in what the page reported, which may
     * come a moment after. */
    await new Promise((r) => setTimeout(r, 500));
    const seen = troubles.get(page) || [];
    if (seen.length === 0)
      throw e;
    throw new Error(`${e.message.split('\n')[0]}\nwhat the page reported:\n  ${seen.join('\n  ')}`,
      { cause: e });
  }
  assert.ok(res, 'the click did not load a page');
  if (status !== undefined)
    assert.equal(res.status(), status, `${res.url()}: HTTP ${res.status()}, expected ${status}`);
  await landed(page, res);
  return res;
}

/* The path (and query) a page shows. */
function pathOf(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

/* porch.conf's value of a [server] key, or null. */
function serverSetting(key) {
  const conf = process.env.PORCH_CONF;
  if (!conf || !fs.existsSync(conf))
    return null;
  const m = fs.readFileSync(conf, 'utf8').match(new RegExp(`^\\s*${key}\\s*=\\s*(\\S+)`, 'm'));
  return m ? m[1] : null;
}

/* The maildir porch-mailer delivers to, when porch.conf names one. */
function maildir() {
  const smtp = serverSetting('smtp_url');
  return smtp && smtp.startsWith('maildir:') ? smtp.slice('maildir:'.length) : null;
}

/* The last link with a token to `route` (a sign-in link unless told) in
 * a text, or null. */
function linkIn(text, route = '/auth') {
  /* Quoted-printable mail may fold the line or encode '='. */
  const plain = text.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const escaped = route.replace(/[/.]/g, '\\$&');
  const m = plain.match(new RegExp(`https?://[^\\s"'<>]+${escaped}\\?t=[A-Za-z0-9_-]+`, 'g'));
  return m ? m[m.length - 1] : null;
}

/*
 * What `pick` finds (a non-null value) in the newest message to `email`
 * written at or after `since` (ms) that it finds anything in, waiting up to
 * `wait` ms for porch-mailer to deliver one; null when none came.
 */
async function mailed(dir, email, since, wait, pick) {
  const deadline = Date.now() + wait;
  const to = new RegExp(`^To:.*${email.replace(/[.@+]/g, '\\$&')}`, 'im');
  for (;;) {
    let best = null;
    for (const sub of ['new', 'cur']) {
      const d = path.join(dir, sub);
      if (!fs.existsSync(d))
        continue;
      for (const f of fs.readdirSync(d)) {
        const file = path.join(d, f);
        const st = fs.statSync(file);
        if (st.mtimeMs + 1000 < since)
          continue;
        const text = fs.readFileSync(file, 'utf8');
        const found = to.test(text) ? pick(text) : null;
        if (found !== null && (!best || st.mtimeMs >= best.t))
          best = { t: st.mtimeMs, found };
      }
    }
    if (best)
      return best.found;
    if (Date.now() > deadline)
      return null;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/* The newest sign-in link mailed to `email` (see mailed). */
function mailedLink(dir, email, since, wait) {
  return mailed(dir, email, since, wait, linkIn);
}

/* The newest whole message to `email` whose subject matches `subject`,
 * which must arrive within 20 s (see mailed). */
async function mailedMessage(email, subject, since) {
  const dir = maildir();
  assert.ok(dir, 'porch.conf delivers no mail to a maildir the tests could read');
  const text = await mailed(dir, email, since, 20000, (t) => {
    const m = t.match(/^Subject: (.*)$/m);
    return m && subject.test(m[1]) ? t : null;
  });
  assert.ok(text, `no mail to ${email} with a subject like ${subject} arrived in ${dir} within 20 s`);
  return text;
}

/* Runs porchctl on the stack's porch.conf; its standard output. */
async function porchctl(args) {
  const ctl = process.env.PORCHCTL;
  const conf = process.env.PORCH_CONF;
  assert.ok(ctl && conf, 'PORCHCTL and PORCH_CONF must be set to run porchctl');
  const { stdout } = await run(ctl, ['-c', conf, ...args], { timeout: 30000 });
  return stdout;
}

/* A new sign-in link from porchctl, as an admin would make one, for the
 * demo portal or the portal of that id ("demo-open"). */
async function porchctlLink(email, portal) {
  const args = ['link', '--office', OFFICE, '--email', email];
  if (portal)
    args.push('--portal', portal);
  const stdout = await porchctl(args);
  const link = linkIn(stdout);
  assert.ok(link, `porchctl link printed no link: ${stdout}`);
  return link;
}

/* An address no other test uses: `who`-<random>@example.com. */
function freshAddress(who) {
  return `${who}-${crypto.randomBytes(5).toString('hex')}@example.com`;
}

/* A team admin of their own, added with porchctl as an admin would:
 * { email, password }.  Porch throttles sign-in attempts per address
 * (five in fifteen minutes), so a test that signs a member in uses its
 * own rather than the demo's admin, whom other tests sign in too. */
async function newAdmin(name) {
  const email = freshAddress('admin');
  const password = crypto.randomBytes(12).toString('hex');
  await porchctl(['member', 'add', '--office', OFFICE, '--email', email, '--name', name,
    '--role', 'admin']);
  await new Promise((resolve, reject) => {
    const child = execFile(process.env.PORCHCTL, ['-c', process.env.PORCH_CONF, 'member',
      'password', '--office', OFFICE, '--email', email], { timeout: 30000 },
    (err) => (err ? reject(err) : resolve()));
    child.stdin.end(`${password}\n`);
  });
  return { email, password };
}

/* A new customer of the demo office, added as an admin would, with a name
 * and address of their own: { email, name }. */
async function newCustomer(who, name) {
  const tag = crypto.randomBytes(3).toString('hex');
  const c = { email: freshAddress(who), name: `${name} ${tag}` };
  await porchctl(['customer', 'add', '--office', OFFICE, '--email', c.email, '--name', c.name]);
  return c;
}

/* The link as a path on the stack under test (the portal url may differ). */
function localPath(link) {
  const u = new URL(link);
  return u.pathname + u.search;
}

/* Opens a sign-in link, presses "Sign in" and lands on the dashboard. */
async function signIn(page, link) {
  /* a link to another portal of the stack opens there */
  await open(page, isPorch(link) ? link : localPath(link), 200);
  await clickAndLand(page, page.getByRole('button', { name: 'Sign in' }), 200);
  assert.equal(new URL(page.url()).pathname, '/portal', `signed in but landed on ${page.url()}`);
}

async function signOut(page) {
  await clickAndLand(page, page.getByRole('button', { name: 'Sign out' }), 200);
}

/* The section of a page under the heading `name`. */
function section(page, name) {
  return page.locator('section', { has: page.getByRole('heading', { name }) });
}

/* The browser's customer session cookie, or undefined. */
async function sessionCookie(browser) {
  return (await browser.context.cookies()).find((c) => c.name === '__Host-porch');
}

/* Asks for a sign-in link on the sign-in page and sees it promised. */
async function askForLink(page, email) {
  await open(page, '/login', 200);
  await page.getByLabel('E-mail address').fill(email);
  await clickAndLand(page, page.getByRole('button', { name: 'Send me a sign-in link' }), 200);
  await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
}

/*
 * Fills the password form of `origin`'s sign-in page and presses its
 * button; the response, for the caller to judge: the dashboard (after the
 * redirect) or, with 422, the sign-in page again with its message.
 */
async function signInWithPassword(page, origin, email, password) {
  await open(page, origin + '/login', 200);
  const form = section(page, 'Sign in with your password');
  await form.getByLabel('E-mail address').fill(email);
  await form.getByLabel('Password').fill(password);
  return clickAndLand(page, form.getByRole('button', { name: 'Sign in' }));
}

/* What porch-dev printed when it started the stack. */
function devLog() {
  const log = process.env.PORCH_DEV_LOG;
  assert.ok(log && fs.existsSync(log), 'PORCH_DEV_LOG must name what porch-dev printed');
  return fs.readFileSync(log, 'utf8');
}

/* The demo office's admin as porch-dev made them: { email, password }. */
function teamAdmin() {
  const m = devLog().match(/^Team side: \S+ as (\S+), password (\S+)$/m);
  assert.ok(m, `porch-dev printed no team admin in ${process.env.PORCH_DEV_LOG}`);
  return { email: m[1], password: m[2] };
}

/*
 * Signs a member in at /team/login with their password (the demo admin
 * unless told) and lands on the team's page.
 */
async function teamSignIn(page, member = teamAdmin()) {
  await open(page, '/team/login', 200);
  const form = page.locator('form', { has: page.getByLabel('Password') });
  await form.getByLabel('E-mail address').fill(member.email);
  await form.getByLabel('Password').fill(member.password);
  await clickAndLand(page, form.getByRole('button', { name: 'Sign in' }), 200);
  assert.equal(new URL(page.url()).pathname, '/team', `signed in at ${page.url()}`);
}

/*
 * The name of the OpenID provider porch-dev runs and offers on the demo
 * portal.  Without node and npm porch-dev offers none and says why; the
 * browser tests need node anyway, so that is a failure, not a reason to
 * leave the sign-in untested.
 */
function demoProvider() {
  const text = devLog();
  const m = text.match(/^Or press Sign in with (.+?) on \S+\/login /m);
  const why = text.match(/^porch-dev: no demo OpenID provider.*$/m);
  assert.ok(m, 'porch-dev offers no OpenID provider on the demo portal: ' +
    (why ? why[0] : 'it printed no "Or press Sign in with ..." line'));
  return m[1];
}

/* An SQL literal for a string or a number: the query reaches the sqlite3
 * shell as text. */
function literal(v) {
  if (typeof v === 'number')
    return String(v);
  return `'${String(v).replace(/'/g, "''")}'`;
}

/*
 * The rows a query reads from the demo office's database, as objects; each
 * ? outside a quoted string is replaced by the next of `params`.
 * Read-only, with the sqlite3 shell.
 */
async function dbRows(sql, ...params) {
  const state = serverSetting('state_dir');
  assert.ok(state, 'porch.conf names no state_dir');
  const db = path.join(state, 'offices', OFFICE, 'porch.db');
  const text = sql.replace(/'(?:[^']|'')*'|\?/g, (m) => {
    if (m !== '?')
      return m;
    assert.ok(params.length > 0, `more ? than parameters in ${sql}`);
    return literal(params.shift());
  });
  assert.equal(params.length, 0, `more parameters than ? in ${sql}`);
  const { stdout } = await run('sqlite3', ['-readonly', '-json', '-cmd', '.timeout 5000', db, text],
    { timeout: 30000 });
  return stdout.trim() === '' ? [] : JSON.parse(stdout);
}

/* The text of each appointment on the dashboard, whitespace folded (not
 * the projects an empty list offers to book). */
async function appointments(page) {
  const items = await section(page, 'Upcoming appointments').locator('li.item').allInnerTexts();
  return items.map((t) => t.replace(/\s+/g, ' ').trim());
}

function describeViolations(name, violations) {
  const lines = [`${name}: ${violations.length} accessibility violation(s)`];
  for (const v of violations) {
    lines.push(`  [${v.impact || 'n/a'}] ${v.id}: ${v.help}`);
    lines.push(`    ${v.helpUrl}`);
    for (const n of v.nodes) {
      lines.push(`    at ${n.target.join(' ')}`);
      lines.push(`      ${n.html.slice(0, 200)}`);
      for (const s of (n.failureSummary || '').split('\n'))
        if (s.trim())
          lines.push(`      ${s.trim()}`);
    }
  }
  return lines.join('\n');
}

/*
 * Runs axe-core on the page as it stands and fails on any violation.  The
 * script is evaluated through the DevTools protocol, which the page's CSP
 * (no inline script) does not govern, so the page is audited as served.
 */
async function audit(page, name) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'] }));
  assert.ok(Array.isArray(result.violations), `${name}: axe did not run`);
  if (result.violations.length > 0)
    assert.fail(describeViolations(name, result.violations));
  const loads = journeys.get(page) || [];
  const last = loads.filter((l) => l.page === page).pop();
  if (last)
    last.audited = true;
  return result;
}

/* The end of a step of a journey: nothing went wrong loading a page, and
 * every page shown was audited. */
function settled(browser) {
  assert.deepEqual(browser.problems, [], 'problems loading the pages');
  assert.deepEqual(browser.unaudited(), [], 'pages shown but not audited');
}

module.exports = {
  url,
  openUrl,
  isPorch,
  launch,
  open,
  clickAndLand,
  pathOf,
  section,
  maildir,
  linkIn,
  mailedLink,
  mailedMessage,
  porchctl,
  porchctlLink,
  freshAddress,
  newCustomer,
  localPath,
  signIn,
  signOut,
  sessionCookie,
  askForLink,
  signInWithPassword,
  teamSignIn,
  newAdmin,
  demoProvider,
  appointments,
  dbRows,
  audit,
  settled,
};

/* An agenda open every day from 08:00 to 20:00 in Europe/Amsterdam and a
 * project it serves, made with porchctl as an admin would, named after
 * `title` and unique: { agenda, project, title } (public ids). */
async function bookableProject(title) {
  const tag = crypto.randomBytes(3).toString('hex');
  const agenda = (await porchctl(['agenda', 'add', '--office', OFFICE, '--name', `Viewings ${tag}`,
    '--zone', 'Europe/Amsterdam', '--hours', 'sun-sat 08:00-20:00'])).trim();
  const full = `${title} ${tag}`;
  const project = (await porchctl(['project', 'add', '--office', OFFICE, '--title', full,
    '--address', '12 Harbour Lane', '--description', 'Two floors, a garden and a view of the quay.',
    '--agenda', agenda])).trim();
  return { agenda, project, title: full };
}

/* The day `n` days from now, as a booking page's day= (YYYY-MM-DD). */
function daysAhead(n) {
  return new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
}

module.exports.bookableProject = bookableProject;
module.exports.daysAhead = daysAhead;
