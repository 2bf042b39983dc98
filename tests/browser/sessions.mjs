#!/usr/bin/env node
// Browser checks for the sessions pages of a built Haven site: sessions.js keeps "upcoming"
// true when the site is not rebuilt, and the filter works in place.
//
//   node tests/browser/sessions.mjs SITE_DIR
//
// SITE_DIR is a built site with at least one upcoming session at its build time; this script
// builds nothing. The fixture made for it (tests/fixtures/sessions-basic, which uses the
// default theme):
//
//   d=$(mktemp -d) && cp -r tests/fixtures/sessions-basic/. "$d" && cp -r themes "$d"/
//   HAVEN_NOW=2026-11-23T12:00:00-05:00 cargo run --release -- build --root "$d"
//   node tests/browser/sessions.mjs "$d/public"
//
// It serves SITE_DIR on 127.0.0.1, reads the first upcoming session's end from /sessions/,
// then fakes the browser clock (page.clock.install) to just before and just after it, and
// checks where the session is listed. Ends with `sessions-browser: N passed, M failed`.
// Server and browser come from lib.mjs.
import { launchBrowser, serveFolder, summaryLine, watchCsp } from './lib.mjs';

const site = process.argv[2];
if (!site || process.argv.length > 3) {
  console.error('usage: node tests/browser/sessions.mjs SITE_DIR');
  process.exit(2);
}

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
function expect(cond, msg) {
  if (!cond) throw new Error(msg);
}

const { origin, close } = await serveFolder(site);
const browser = await launchBrowser();
const allViolations = [];

// Opens `url` in a fresh context; `time` fakes the clock from before the page loads.
async function open(url, { time = null, javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ javaScriptEnabled });
  const violations = await watchCsp(context);
  const page = await context.newPage();
  const errors = [];
  // A blocked script or style (the pages' security policy) counts as an error too.
  context.on('close', () => allViolations.push(...violations));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  if (time !== null) await page.clock.install({ time });
  await page.goto(origin + url, { waitUntil: 'load' });
  return { page, context, errors };
}

// Where each session link sits: "upcoming" (visible), "hidden", "past", or absent.
async function places(page) {
  return page.evaluate(() => Array.from(document.querySelectorAll('li.session')).map((li) => ({
    href: li.querySelector('.session-title a').getAttribute('href'),
    where: li.closest('[data-past-list]') ? 'past' : li.hidden ? 'hidden' : 'upcoming',
    status: Array.from(li.querySelectorAll('.session-status')).filter((s) => !s.hidden).map((s) => s.textContent).join('|'),
  })));
}

try {
  // What the built page says, read without faking anything.
  const first = await open('/sessions/', { javaScriptEnabled: false });
  const info = await first.page.evaluate(() => {
    const li = document.querySelector('[data-sessions-upcoming] li.session');
    const all = Array.from(document.querySelectorAll('li.session[data-ends]')).map((x) => Date.parse(x.dataset.ends));
    return li && {
      href: li.querySelector('.session-title a').getAttribute('href'),
      ends: Date.parse(li.dataset.ends),
      upcoming: document.querySelectorAll('[data-sessions-upcoming] li.session').length,
      past: document.querySelectorAll('[data-past-list] li.session').length,
      latest: Math.max(...all),
      built: document.querySelector('main > p.meta time')?.getAttribute('datetime'),
    };
  });
  await first.context.close();
  if (!info) throw new Error(`${site}: /sessions/ lists no upcoming session to test with`);

  await check('without JavaScript every entry shows its date and the page its build time', async () => {
    const { page, context } = await open('/sessions/', { javaScriptEnabled: false, time: info.ends + 86_400_000 });
    const p = await places(page);
    expect(p.find((x) => x.href === info.href)?.where === 'upcoming', 'the session should stay listed as built');
    const dates = await page.$$eval('li.session .session-when time', (ts) => ts.map((t) => t.getAttribute('datetime')));
    expect(dates.length >= p.length && dates.every((d) => /^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?$/.test(d)), `bad datetimes: ${dates}`);
    expect(!!info.built, 'no build time on the page');
    await context.close();
  });

  await check('before its end, the session stays upcoming', async () => {
    const { page, context, errors } = await open('/sessions/', { time: info.ends - 60_000 });
    const p = await places(page);
    expect(p.find((x) => x.href === info.href)?.where === 'upcoming', JSON.stringify(p));
    expect(errors.length === 0, errors.join('; '));
    await context.close();
  });

  await check('after its end, the script moves the session to the top of the past list', async () => {
    const { page, context, errors } = await open('/sessions/', { time: info.ends + 60_000 });
    const p = await places(page);
    const moved = p.find((x) => x.href === info.href);
    expect(moved?.where === 'past', `expected in past, got ${JSON.stringify(moved)}`);
    expect(p.filter((x) => x.where === 'past')[0].href === info.href, 'not first in the past list');
    expect(!/Scheduled/.test(moved.status), `status still says ${moved.status}`);
    expect(p.filter((x) => x.where === 'upcoming').length === info.upcoming - 1, 'upcoming count should drop by one');
    const pastEmpty = await page.$eval('.sessions-past [data-empty]', (e) => e.hidden);
    expect(pastEmpty, 'the "no past sessions" sentence should be hidden');
    expect(errors.length === 0, errors.join('; '));
    await context.close();
  });

  await check('when every session is over, the list says none is scheduled', async () => {
    const { page, context } = await open('/sessions/', { time: info.latest + 60_000 });
    const p = await places(page);
    expect(p.every((x) => x.where === 'past'), JSON.stringify(p));
    expect(p.length === info.upcoming + info.past, 'a session went missing');
    expect(await page.$eval('.sessions-upcoming [data-empty]', (e) => !e.hidden), 'empty sentence not shown');
    expect((await page.$$('.sessions-upcoming [data-month]')).length === 0, 'empty month headings left');
    await context.close();
  });

  await check("the session's own page says it has ended", async () => {
    const before = await open(info.href, { time: info.ends - 60_000 });
    expect(!(await before.page.isVisible('.session-notice.status-ended')), 'ended notice shown too early');
    await before.context.close();
    const { page, context } = await open(info.href, { time: info.ends + 60_000 });
    expect(await page.isVisible('.session-notice.status-ended'), 'no ended notice');
    await context.close();
  });

  await check('the home page drops an ended session and shows the next ones', async () => {
    const { page, context } = await open('/', { time: info.ends + 60_000 });
    const p = await places(page);
    expect(!p.some((x) => x.href === info.href), 'ended session still on the home page');
    const shown = p.filter((x) => x.where === 'upcoming');
    expect(shown.length === Math.min(2, info.upcoming - 1), `expected ${Math.min(2, info.upcoming - 1)} shown, got ${shown.length}`);
    await context.close();
  });

  await check('a cancelled session is a notice on the home page, gone once its time has passed', async () => {
    const first = await open('/', { time: info.ends - 60_000 });
    const notices = await first.page.$$eval('.sessions-home p.session-notice', (l) => l.map((x) => ({ ends: x.dataset.ends, text: x.textContent })));
    await first.context.close();
    expect(notices.length > 0, 'no notice of the cancelled session');
    expect(notices.every((n) => /^Cancelled: /.test(n.text)), JSON.stringify(notices));
    const slots = await (async () => {
      const { page, context } = await open('/', { time: info.ends - 60_000 });
      const classes = await page.$$eval('.sessions-home li.session:not([hidden])', (l) => l.map((x) => x.className));
      await context.close();
      return classes;
    })();
    expect(slots.length === 2 && slots.every((c) => !/status-(cancelled|postponed)/.test(c)), `slots: ${slots}`);
    const { page, context } = await open('/', { time: Date.parse(notices[0].ends) + 60_000 });
    const left = await page.$$eval('.sessions-home p.session-notice', (l) => l.length);
    expect(left === notices.length - 1, `${left} notices left after the session's time`);
    await context.close();
  });

  await check('the live region counts in the right plural form', async () => {
    const { page, context } = await open('/sessions/', { time: info.ends - 60_000 });
    const filters = await page.$$eval('[data-session-filter] a[data-filter]', (as) => as.map((a) => a.dataset.filter));
    // Leave one session of the first neighborhood in the page, so that a filter counts one.
    const hood = filters.find((f) => f.startsWith('n:'));
    expect(!!hood, 'no neighborhood filter');
    await page.evaluate((slug) => {
      const li = Array.from(document.querySelectorAll(`li.session[data-neighborhood="${slug}"]`));
      li.slice(1).forEach((x) => x.remove());
    }, hood.slice(2));
    let one = false;
    for (const f of filters) {
      await page.locator(`[data-session-filter] a[data-filter="${f}"]`).click();
      const n = await page.$$eval('li.session:not([hidden])', (l) => l.length);
      const said = await page.$eval('[data-session-filter] [data-text]', (e) => e.textContent);
      expect(said === (n === 1 ? '1 session shown' : `${n} sessions shown`), `${f}: ${n} shown, live region says "${said}"`);
      one ||= n === 1;
    }
    expect(one, 'no filter shows exactly one session: the singular is not exercised');
    await context.close();
  });

  await check('the filter works in place, and its links are real pages', async () => {
    const { page, context, errors } = await open('/sessions/', { time: info.ends - 60_000 });
    await page.evaluate(() => { window.__stay = 1; });
    const link = page.locator('[data-session-filter] a[data-filter="online"]');
    const href = await link.getAttribute('href');
    await link.click();
    expect(await page.evaluate(() => window.__stay === 1), 'the page reloaded');
    expect(new URL(page.url()).pathname === href, `address is ${page.url()}`);
    const modes = await page.$$eval('li.session:not([hidden])', (l) => l.map((x) => x.dataset.mode));
    expect(modes.every((m) => m === 'online' || m === 'mixed'), `visible: ${modes}`);
    expect((await link.getAttribute('aria-current')) === 'page', 'aria-current not moved');
    const said = await page.$eval('[data-session-filter] [data-text]', (e) => e.textContent);
    expect(said.includes(String(modes.length)), `live region says "${said}"`);
    for (const a of await page.$$eval('[data-session-filter] a', (as) => as.map((x) => x.getAttribute('href')))) {
      const r = await fetch(origin + a);
      expect(r.status === 200, `${a} answers ${r.status}`);
    }
    expect(errors.length === 0, errors.join('; '));
    await context.close();
  });
} catch (e) {
  failed++;
  console.log(`FAIL setup: ${e.message}`);
} finally {
  await browser.close();
  await close();
}
await check('no page breaks the security policy (0 CSP violations)', async () => {
  expect(allViolations.length === 0, allViolations.map((v) => `${v.page}: ${v.what}`).join('; '));
});

console.log(summaryLine('sessions-browser', passed, failed));
process.exit(failed ? 1 : 0);
