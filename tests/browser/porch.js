'use strict';
/*
 * Shared helpers for the browser tests: where the running stack is, a
 * Chromium with a fresh profile, a fresh sign-in link, the sign-in steps and
 * the axe-core audit.
 *
 * The stack is started by ./run, which passes it in the environment:
 *   PORCH_URL     base URL, "http://127.0.0.1:PORT" (required)
 *   PORCH_CONF    the porch.conf the stack runs with
 *   PORCHCTL      the porchctl binary (for sign-in links)
 *   PORCH_OFFICE  the demo office id (default "demo")
 *   CHROMIUM      the browser binary (default /usr/bin/chromium)
 *
 * Chromium is Debian's own: playwright-core never downloads a browser.
 * Nothing here talks to anything but the stack on 127.0.0.1.
 */
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');
const { chromium } = require('playwright-core');

const run = promisify(execFile);

const BASE = (process.env.PORCH_URL || '').replace(/\/+$/, '');
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

function url(p) {
  if (!BASE)
    throw new Error('PORCH_URL is not set: start the tests with tests/browser/run');
  return BASE + p;
}

/*
 * A Chromium with a profile of its own, and a watch on every page it opens:
 * a stylesheet or script that fails to load, or anything the page's
 * Content-Security-Policy blocks, is recorded in `problems`.
 */
async function launch() {
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
  const watch = (page) => {
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text()))
        problems.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
    page.on('requestfailed', (r) => {
      if (new URL(r.url()).pathname === '/favicon.ico')
        return;
      problems.push(`${r.url()}: ${r.failure() ? r.failure().errorText : 'failed'}`);
    });
    page.on('response', (r) => {
      /* The page itself may be an error page on purpose; the browser's
       * own favicon probe is not something the page asked for. */
      if (r.request().resourceType() === 'document' || new URL(r.url()).pathname === '/favicon.ico')
        return;
      if (r.status() >= 400)
        problems.push(`${r.url()}: HTTP ${r.status()}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] || (await context.newPage());
  return {
    context,
    page,
    problems,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/* Opens a path and checks the HTTP status the server answered with. */
async function open(page, p, status) {
  const res = await page.goto(url(p), { waitUntil: 'load' });
  assert.ok(res, `no response for ${p}`);
  assert.equal(res.status(), status, `GET ${p}: HTTP ${res.status()}, expected ${status}`);
  return res;
}

/* Waits for the navigation a click starts and checks where it lands. */
async function clickAndLand(page, locator, status) {
  const [res] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    locator.click(),
  ]);
  assert.ok(res, 'the click did not load a page');
  if (status !== undefined)
    assert.equal(res.status(), status, `${res.url()}: HTTP ${res.status()}, expected ${status}`);
  return res;
}

/* The maildir porch-mailer delivers to, when porch.conf names one. */
function maildir() {
  const conf = process.env.PORCH_CONF;
  if (!conf || !fs.existsSync(conf))
    return null;
  const m = fs.readFileSync(conf, 'utf8').match(/^\s*smtp_url\s*=\s*maildir:(\S+)/m);
  return m ? m[1] : null;
}

function linkIn(text) {
  /* Quoted-printable mail may fold the line or encode '='. */
  const plain = text.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const m = plain.match(/https?:\/\/[^\s"'<>]+\/auth\?t=[A-Za-z0-9_-]+/g);
  return m ? m[m.length - 1] : null;
}

/*
 * The newest sign-in link mailed to `email` in a message written at or after
 * `since` (ms), waiting up to `wait` ms for porch-mailer to deliver it.
 */
async function mailedLink(dir, email, since, wait) {
  const deadline = Date.now() + wait;
  const to = new RegExp(`^To:.*${email.replace(/[.@]/g, '\\$&')}`, 'im');
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
        const link = to.test(text) ? linkIn(text) : null;
        if (link && (!best || st.mtimeMs >= best.t))
          best = { t: st.mtimeMs, link };
      }
    }
    if (best)
      return best.link;
    if (Date.now() > deadline)
      return null;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/* A new sign-in link from porchctl, as an admin would make one. */
async function porchctlLink(email) {
  const ctl = process.env.PORCHCTL;
  const conf = process.env.PORCH_CONF;
  assert.ok(ctl && conf, 'PORCHCTL and PORCH_CONF must be set to make a sign-in link');
  const { stdout } = await run(ctl, ['-c', conf, 'link', '--office', OFFICE, '--email', email],
    { timeout: 30000 });
  const link = linkIn(stdout);
  assert.ok(link, `porchctl link printed no link: ${stdout}`);
  return link;
}

/* The link as a path on the stack under test (the portal url may differ). */
function localPath(link) {
  const u = new URL(link);
  return u.pathname + u.search;
}

/* Opens a sign-in link, presses "Sign in" and lands on the dashboard. */
async function signIn(page, link) {
  await open(page, localPath(link), 200);
  await clickAndLand(page, page.getByRole('button', { name: 'Sign in' }), 200);
  assert.equal(new URL(page.url()).pathname, '/portal', `signed in but landed on ${page.url()}`);
}

async function signOut(page) {
  await clickAndLand(page, page.getByRole('button', { name: 'Sign out' }), 200);
}

/* The text of each appointment on the dashboard, whitespace folded. */
async function appointments(page) {
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Upcoming appointments' }) });
  const items = await section.locator('li').allInnerTexts();
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
  return result;
}

module.exports = {
  url,
  launch,
  open,
  clickAndLand,
  maildir,
  mailedLink,
  porchctlLink,
  localPath,
  signIn,
  signOut,
  appointments,
  audit,
};
