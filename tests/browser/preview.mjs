#!/usr/bin/env node
// The preview in the browser, under the pages' security policy: `haven serve` on a copy of a
// site, a page open in Chromium, then a broken save and its fix. Passes when the live script
// (/__haven/live.js, added only by the preview) loads and runs although the page forbids
// scripts written into it, the error overlay shows over the page with its styles, the fixed
// save reloads the page, and the browser reports 0 CSP violations all along.
//
//   node tests/browser/preview.mjs SITE_FOLDER [--haven PATH]   (default: target/release/haven)
//
// SITE_FOLDER is copied first (its content/, themes/, static/ and config.toml); it is never
// changed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, parseSiteArgs, REPO, summaryLine, watchCsp } from './lib.mjs';

const opts = parseSiteArgs(process.argv.slice(2), {
  script: 'preview.mjs',
  usage: 'usage: node tests/browser/preview.mjs SITE_FOLDER [--haven PATH]',
  defaults: { haven: path.join(REPO, process.env.CARGO_TARGET_DIR || 'target', 'release', 'haven') },
  values: { '--haven': ['haven'] },
});

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : `\n     ${detail}`}`);
}

const site = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-preview-'));
for (const part of ['content', 'themes', 'static', 'templates', 'config.toml']) {
  const from = path.join(opts.site, part);
  if (fs.existsSync(from)) fs.cpSync(from, path.join(site, part), { recursive: true });
}

// Started as staff start it: in the site folder, default flags but a free port.
const server = spawn(path.resolve(opts.haven), ['serve', '--port', '0'], { cwd: site, stdio: ['ignore', 'pipe', 'pipe'] });
let said = '';
server.stdout.on('data', (d) => { said += d; });
server.stderr.on('data', (d) => { said += d; });
const origin = await new Promise((resolve, reject) => {
  const timer = setInterval(() => {
    const m = said.match(/http:\/\/127\.0\.0\.1:\d+/);
    if (m) {
      clearInterval(timer);
      resolve(m[0]);
    }
  }, 50);
  server.on('exit', (code) => reject(new Error(`haven serve exited (${code}):\n${said}`)));
  server.on('error', (e) => reject(new Error(`could not start ${opts.haven}: ${e.message}`)));
}).catch((e) => {
  check('haven serve starts', false, e.message);
  console.log(summaryLine('preview-browser', passed, failed));
  process.exit(1);
});

const browser = await launchBrowser();
try {
  const context = await browser.newContext();
  const violations = await watchCsp(context);
  // Nothing leaves this machine.
  await context.route((u) => !u.href.startsWith(origin), (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  const live = page.waitForResponse((r) => r.url() === `${origin}/__haven/live.js`);
  const events = page.waitForRequest((r) => r.url() === `${origin}/__haven/events`);
  const target = fs.existsSync(path.join(site, 'content', 'about.md')) ? 'about' : null;
  if (!target) throw new Error('the site has no content/about.md to edit');
  await page.goto(`${origin}/${target}/`, { waitUntil: 'load' });
  const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.content || '');
  check('the page carries the security policy', /script-src 'self'/.test(policy), policy);
  const js = await live.catch(() => null);
  check('the live script loads (same site, so the policy allows it)', js && js.status() === 200, js ? `status ${js.status()}` : 'never requested');
  check('the live script opens its event stream', Boolean(await events.catch(() => null)));

  // A broken save: the overlay shows over the page, styled.
  const file = path.join(site, 'content', `${target}.md`);
  const good = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, good.replace(/^\+\+\+\n/, '+++\ndate = "soon"\n'));
  const overlay = await page.waitForSelector('#haven-error-overlay', { timeout: 15000 }).catch(() => null);
  check('a broken save shows the error over the page', Boolean(overlay));
  if (overlay) {
    const look = await overlay.evaluate((el) => ({ position: getComputedStyle(el).position, text: el.textContent }));
    check('the overlay has its styles (set from the script, which the policy allows)', look.position === 'fixed', `position: ${look.position}`);
    check('the overlay names the file', look.text.includes(`content/${target}.md`), look.text.slice(0, 200));
  }

  // The fix: the page reloads by itself and the overlay is gone.
  const reloaded = page.waitForEvent('load', { timeout: 15000 }).then(() => true).catch(() => false);
  fs.writeFileSync(file, good);
  check('fixing it reloads the page', await reloaded);
  check('the overlay is gone after the fix', (await page.$('#haven-error-overlay')) === null);
  check('0 security policy (CSP) violations in the preview', violations.length === 0, violations.map((v) => `${v.page}: ${v.what}`).join('\n     '));
  await context.close();
} catch (e) {
  check('the checks ran to the end', false, e.stack || String(e));
} finally {
  await browser.close();
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGINT');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  fs.rmSync(site, { recursive: true, force: true });
}
console.log(summaryLine('preview-browser', passed, failed));
process.exit(failed ? 1 : 0);
