#!/usr/bin/env node
// The editor in the browser: a staff journey end to end, in Debian's Chromium through
// playwright-core, against the real `haven serve` on a copy of the bundled site kept in git
// with a local bare repository as the place to publish to.
//
//   node tests/browser/editor.mjs HAVEN_BINARY [--shots DIR] [--verbose]
//
// It copies config.toml, content/ and themes/ into a temporary folder, commits them, starts
// `haven serve --port 0` there (as staff do: in the site folder), opens the editor address it
// prints, and then, by keyboard (fields found by their labels, typed into, buttons pressed with
// Enter):
//   dashboard   lists the pages; filters; axe 0 violations at 1280 and 320 px
//   new session title, day and time, place, a mistake (end before start) shown next to the end
//               field (aria-describedby, aria-invalid), fixed, created; then on /sessions/ and
//               in /sessions/calendar.ics in the preview
//   edit        a body edit shows in the preview frame before saving; saved
//   conflict    the file edited on disk while open: Save shows both versions, the file keeps
//               the version on disk
//   translate   the Spanish version side by side
//   publish     commits and pushes: the commit is in the bare repository
// plus, on every screen: axe at both widths, no horizontal scrolling at 320 px, every form
// field labelled, nothing requested from another host, no console error. Screenshots of each
// screen at 320 and 1280 px go to --shots (default: a new temporary folder).
// Ends with `editor-browser: N passed, M failed`.
import { spawn, execFileSync } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { REPO, blockOtherHosts, launchBrowser, runAxe, summaryLine } from './lib.mjs';

const args = process.argv.slice(2);
const opts = { bin: null, shots: null, verbose: false };
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--shots') opts.shots = args[++i];
  else if (args[i] === '--verbose' || args[i] === '-v') opts.verbose = true;
  else if (!opts.bin) opts.bin = path.resolve(args[i]);
  else { console.error('usage: node tests/browser/editor.mjs HAVEN_BINARY [--shots DIR] [--verbose]'); process.exit(2); }
}
if (!opts.bin) { console.error('usage: node tests/browser/editor.mjs HAVEN_BINARY [--shots DIR] [--verbose]'); process.exit(2); }

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; if (opts.verbose) console.log(`ok    ${name}`); }
  else { failed++; console.log(`FAIL  ${name}${detail ? `\n      ${String(detail).split('\n').join('\n      ')}` : ''}`); }
}
async function step(name, fn) {
  try { await fn(); } catch (e) { check(name, false, e.stack || e); }
}
function git(cwd, ...a) {
  return execFileSync('git', a, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

// ---------------------------------------------------------------- the site, in git
const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'haven-editor-'));
const site = path.join(work, 'site');
const remote = path.join(work, 'remote.git');
for (const part of ['config.toml', 'content', 'themes']) {
  await fsp.cp(path.join(REPO, part), path.join(site, part), { recursive: true });
}
await fsp.copyFile(path.join(REPO, '.gitignore'), path.join(site, '.gitignore'));
git(work, 'init', '-q', '--bare', '-b', 'main', remote);
git(site, 'init', '-q', '-b', 'main');
git(site, 'add', '-A');
git(site, '-c', 'user.name=Setup', '-c', 'user.email=setup@example.org', 'commit', '-q', '-m', 'The site');
git(site, 'remote', 'add', 'origin', remote);
git(site, 'push', '-q', '-u', 'origin', 'main');
git(site, 'config', 'user.name', 'Ana Staff');
git(site, 'config', 'user.email', 'ana@example.org');

const shots = opts.shots ? path.resolve(opts.shots) : await fsp.mkdtemp(path.join(os.tmpdir(), 'haven-editor-shots-'));
await fsp.mkdir(shots, { recursive: true });

// ---------------------------------------------------------------- the server
const server = spawn(opts.bin, ['serve', '--port', '0'], {
  cwd: site,
  env: { ...process.env, HAVEN_NOW: '2026-11-23T12:00:00-05:00', NO_COLOR: '1' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const said = [];
server.stderr.on('data', (d) => said.push(String(d)));
const editorUrl = await new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error(`haven serve printed no editor address:\n${said.join('')}`)), 60000);
  readline.createInterface({ input: server.stdout }).on('line', (line) => {
    const m = line.match(/Edit the site in your browser: (http:\/\/\S+)/);
    if (m) { clearTimeout(t); resolve(m[1]); }
  });
});
const origin = new URL(editorUrl).origin;

const browser = await launchBrowser();
const foreign = [];
const consoleErrors = [];
async function newPage(width) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  await blockOtherHosts(context, origin, { onBlocked: (u) => foreign.push(u) });
  const page = await context.newPage();
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('response', async (r) => { if (r.status() >= 400 && opts.verbose) console.log(`      ${r.status()} ${r.request().method()} ${r.url()} ${JSON.stringify(await r.request().allHeaders())} ${(await r.text().catch(() => '')).slice(0, 200)}`); });
  return { context, page };
}

// Every screen: axe, reflow at 320 px, labels, a screenshot at both widths.
async function screen(name, page, url) {
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 900 });
    if (url) await page.goto(origin + url, { waitUntil: 'load' });
    const violations = await runAxe(page);
    check(`${name}: axe at ${width} px`, violations.length === 0,
      violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`).join('\n'));
    if (width === 320) {
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      check(`${name}: no horizontal scrolling at 320 px`, !wide);
    }
    const unlabelled = await page.evaluate(() => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
      .filter((el) => !el.labels || el.labels.length === 0).map((el) => el.id || el.name));
    check(`${name}: every field has a label`, unlabelled.length === 0, unlabelled.join(', '));
    await page.screenshot({ path: path.join(shots, `editor-${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function type(page, label, text, { exact = true } = {}) {
  const field = page.getByLabel(label, { exact });
  await field.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

async function waitFor(fn, what, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function previewText(pathname) {
  const r = await fetch(origin + pathname);
  return r.ok ? r.text() : '';
}

try {
  const { page } = await newPage(1280);
  await page.goto(editorUrl, { waitUntil: 'load' });

  await step('dashboard', async () => {
    check('dashboard: the address with the key opens the editor', new URL(page.url()).pathname === '/__haven/edit/', page.url());
    check('dashboard: the key is taken out of the address bar', !page.url().includes('token='), page.url());
    const text = await page.locator('main').innerText();
    check('dashboard: lists pages by section', text.includes('Community sessions') && text.includes('Resources for families'), text.slice(0, 300));
    await screen('dashboard', page, null);
    await page.getByRole('link', { name: 'Needs review' }).press('Enter');
    await page.waitForURL(/filter=review/);
    check('dashboard: "needs review" filter', (await page.locator('main').innerText()).includes('not reviewed'));
  });

  // ---- a new session, by keyboard
  await step('new session', async () => {
    await page.goto(origin + '/__haven/edit/', { waitUntil: 'load' });
    await page.getByRole('link', { name: 'New session' }).first().press('Enter');
    await page.waitForURL(/new\?kind=session/);
    await screen('new-session', page, null);
    await type(page, 'Title (required)', 'Dixwell listening session');
    const start = page.locator('#fld-event-start');
    await start.getByLabel('Day').focus();
    await page.keyboard.type('12082026');
    await start.getByLabel('Time').focus();
    await page.keyboard.type('0600P');
    const end = page.locator('#fld-event-end');
    await end.getByLabel('Time').focus();
    await page.keyboard.type('0500P');
    const endProblems = page.locator('#err-fld-event-end');
    await waitFor(async () => (await endProblems.innerText()).includes('ends'), 'the end-before-start problem');
    check('mistake: shown next to the end field', (await endProblems.innerText()).includes('before it starts'), await endProblems.innerText());
    const described = await end.getByLabel('Time').getAttribute('aria-describedby');
    check('mistake: tied to the field with aria-describedby', (described || '').split(' ').includes('err-fld-event-end'), described);
    check('mistake: the field is marked invalid', (await end.getByLabel('Time').getAttribute('aria-invalid')) === 'true');
    await page.screenshot({ path: path.join(shots, 'editor-mistake-1280.png'), fullPage: false, clip: undefined });
    await endProblems.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'editor-mistake-field-1280.png') });
    await end.getByLabel('Time').fill('19:30');
    await waitFor(async () => !(await endProblems.innerText()).includes('ends'), 'the problem to go');
    check('mistake: fixed, the problem goes', true);
    await page.getByLabel('This session is in person').focus();
    await page.keyboard.press('Space');
    await type(page, 'Place', 'Dixwell branch library, community room');
    await type(page, 'Street address', '1 Example Street');
    await type(page, 'Neighborhood', 'Dixwell');
    await page.getByRole('button', { name: 'Create the page' }).press('Enter');
    await page.waitForURL(/page\?path=sessions%2Fdixwell-listening-session\.md/);
    const file = await fsp.readFile(path.join(site, 'content/sessions/dixwell-listening-session.md'), 'utf8');
    check('new session: written with its date, time and place', file.includes('start = 2026-12-08T18:00') && file.includes('end = 2026-12-08T19:30') && file.includes('venue = "Dixwell branch library, community room"'), file);
    const list = await waitFor(async () => { const t = await previewText('/sessions/'); return t.includes('Dixwell listening session') && t; }, '/sessions/ to list it');
    check('new session: on /sessions/ in the preview', list.includes('Dixwell listening session'));
    const ics = await waitFor(async () => { const t = await previewText('/sessions/calendar.ics'); return t.includes('Dixwell listening session') && t; }, 'calendar.ics to have it');
    check('new session: in calendar.ics', ics.includes('DTSTART;TZID=America/New_York:20261208T180000'), ics.slice(0, 400));
    await page.goto(origin + '/sessions/', { waitUntil: 'load' });
    await page.screenshot({ path: path.join(shots, 'editor-sessions-list-1280.png') });
    check('preview pages: "Edit this page" link', await page.locator('[data-haven-edit]').count() === 1);
  });

  // ---- edit a body and watch the preview change
  await step('edit', async () => {
    await page.goto(origin + '/__haven/edit/page?path=about.md', { waitUntil: 'load' });
    await screen('edit', page, null);
    const body = page.getByLabel('Text of the page');
    await body.focus();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\n\nA new paragraph typed in the editor.\n');
    const frame = page.frameLocator('#preview-frame');
    await waitFor(async () => (await frame.locator('main').innerText().catch(() => '')).includes('A new paragraph typed in the editor.'), 'the preview to change');
    check('edit: the preview shows unsaved text', true);
    const onDisk = await fsp.readFile(path.join(site, 'content/about.md'), 'utf8');
    check('edit: nothing written before Save', !onDisk.includes('A new paragraph typed'));
    await page.screenshot({ path: path.join(shots, 'editor-edit-preview-1280.png') });
    await page.getByRole('button', { name: 'Save', exact: true }).press('Enter');
    await waitFor(async () => (await page.locator('#save-status').innerText()).startsWith('Saved'), 'Saved');
    const saved = await fsp.readFile(path.join(site, 'content/about.md'), 'utf8');
    check('edit: saved', saved.includes('A new paragraph typed in the editor.'));
    check('edit: the rest of the file kept byte for byte', saved.startsWith(onDisk.trimEnd()), saved.slice(0, 200));
  });

  // ---- the same page changed on disk while open
  await step('conflict', async () => {
    await page.goto(origin + '/__haven/edit/page?path=contact.md', { waitUntil: 'load' });
    const file = path.join(site, 'content/contact.md');
    const before = await fsp.readFile(file, 'utf8');
    const theirs = before.replace(/\n*$/, '\n\nAdded by another program.\n');
    await fsp.writeFile(file, theirs);
    await type(page, 'Title (required)', 'Contact us (my change)');
    await page.getByRole('button', { name: 'Save', exact: true }).press('Enter');
    await page.waitForSelector('text=This page was changed while you were editing it');
    check('conflict: both versions shown', (await page.locator('main').innerText()).includes('Added by another program.') && (await page.locator('main').innerText()).includes('Contact us (my change)'));
    check('conflict: the file on disk is not overwritten', (await fsp.readFile(file, 'utf8')) === theirs);
    await screen('conflict', page, null);
    await fsp.writeFile(file, before);
  });

  await step('translate', async () => {
    await screen('translate', page, '/__haven/edit/page?path=about.es.md');
    check('translate: the English page beside it', (await page.locator('.source').innerText()).includes('The English page'));
  });

  await step('resource', async () => {
    await screen('resource', page, '/__haven/edit/page?path=resources/988-suicide-and-crisis-lifeline.md');
  });

  // ---- publish to the bare repository
  await step('publish', async () => {
    await page.goto(origin + '/__haven/edit/publish', { waitUntil: 'load' });
    const text = await page.locator('main').innerText();
    check('publish: lists the changes in plain words', text.includes('Added') && text.includes('content/sessions/dixwell-listening-session.md') && text.includes('Edited'), text);
    await screen('publish', page, null);
    await type(page, 'What changed, in a few words', 'Dixwell session added');
    await page.getByRole('button', { name: 'Publish', exact: true }).press('Enter');
    await page.waitForSelector('text=Published. Change');
    const log = git(remote, 'log', '-1', '--format=%an|%s', 'main').trim();
    check('publish: the commit is in the bare repository', log === 'Ana Staff|Dixwell session added', log);
    await page.screenshot({ path: path.join(shots, 'editor-published-1280.png') });
  });

  check('nothing requested from another host', foreign.length === 0, foreign.join('\n'));
  // The save that found the file changed on disk answers 409 on purpose.
  const unexpected = consoleErrors.filter((e) => !e.includes('409 (Conflict)'));
  check('no console errors', unexpected.length === 0, unexpected.join('\n'));
} finally {
  await browser.close();
  server.kill('SIGINT');
  await fsp.rm(work, { recursive: true, force: true });
}
console.log(`screenshots: ${shots}`);
console.log(summaryLine('editor-browser', passed, failed));
process.exit(failed ? 1 : 0);
