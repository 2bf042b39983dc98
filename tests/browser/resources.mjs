#!/usr/bin/env node
// Browser checks for the resources pages (src/features/resources) of a built Haven site.
//
//   node tests/browser/resources.mjs public [--exit-url https://www.google.com/]
//
// Serves the folder on 127.0.0.1 and drives Debian's Chromium (playwright-core) over every
// page under /resources/:
//   tap-targets  at 320 px, every tel: and sms: link is visible and at least 44x44 CSS px
//   reflow-320   at 320 px, nothing scrolls sideways
//   quick-exit   the "Leave this site" link is there; Escape leaves with location.replace
//                (history does not grow) for the exit URL, which is intercepted, never sent
//   print-sheet  /resources/print/ prints (Letter, 0.5 in margins) on at most two pages and
//                says when it was produced
// and closes with `resources-browser: N passed, M failed`; exits 1 if anything failed.
import http from 'node:http';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.HAVEN_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const NARROW = { width: 320, height: 640 };
const MIN_TARGET = 44;
const MAX_PRINT_PAGES = 2;

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else {
    failed++;
    console.log(`FAIL ${what}`);
  }
}

function parseArgs(argv) {
  const opts = { site: null, exitUrl: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--exit-url') opts.exitUrl = argv[++i];
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (!opts.site) opts.site = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!opts.site) usage('missing the site folder');
  return opts;
}

function usage(msg) {
  console.error(`resources.mjs: ${msg}\nusage: node tests/browser/resources.mjs SITE_DIR [--exit-url URL]`);
  process.exit(2);
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8' };

async function serve(root) {
  const server = http.createServer(async (req, res) => {
    let p = path.join(root, decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname));
    if (!p.startsWith(root)) p = root;
    const st = await fsp.stat(p).catch(() => null);
    if (st && st.isDirectory()) p = path.join(p, 'index.html');
    const body = await fsp.readFile(p).catch(() => null);
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(p)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

async function resourcePages(root) {
  const out = [];
  const walk = async (dir) => {
    for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.name === 'index.html') out.push('/' + path.relative(root, path.dirname(full)).split(path.sep).join('/') + '/');
    }
  };
  await walk(path.join(root, 'resources'));
  return out.sort();
}

/** Counts the pages of a PDF Chromium wrote (its page objects are not compressed). */
function pdfPages(buf) {
  return (buf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const root = path.resolve(opts.site);
  const pages = await resourcePages(root).catch(() => []);
  check(pages.length > 0, `no pages under ${root}/resources/`);
  check(pages.includes('/resources/print/'), 'no /resources/print/ page');
  const { server, origin } = await serve(root);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  // Every request that would leave this machine is answered here and recorded.
  const outside = [];
  const context = await browser.newContext({ viewport: NARROW });
  await context.route((u) => u.origin !== origin, (route) => {
    outside.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>exit</title>' });
  });
  try {
    for (const p of pages) {
      const page = await context.newPage();
      try {
        await page.goto(origin + p, { waitUntil: 'load' });
        // ---- tap targets
        const targets = await page.$$eval('a[href^="tel:"], a[href^="sms:"]', (as) => as.map((a) => {
          const r = a.getBoundingClientRect();
          const s = getComputedStyle(a);
          return { href: a.getAttribute('href'), w: r.width, h: r.height, visible: s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 };
        }));
        if (p === '/resources/') check(targets.some((t) => t.href.startsWith('tel:+1')), `${p}: no tel: link in E.164 form`);
        for (const t of targets) {
          check(t.visible && t.w >= MIN_TARGET && t.h >= MIN_TARGET, `${p}: ${t.href} is ${Math.round(t.w)}x${Math.round(t.h)} CSS px at 320 px (needs ${MIN_TARGET}x${MIN_TARGET}, visible)`);
        }
        // ---- reflow
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        check(wide <= NARROW.width, `${p}: the page is ${wide} px wide at 320 px (scrolls sideways)`);
        // ---- quick exit
        const link = await page.$eval('a[data-quick-exit]', (a) => a.href).catch(() => null);
        check(Boolean(link), `${p}: no "Leave this site" link`);
        if (link) {
          const exitUrl = opts.exitUrl || link;
          check(link === exitUrl, `${p}: the quick exit goes to ${link}, not ${exitUrl}`);
          const before = await page.evaluate(() => history.length);
          const seen = outside.length;
          await page.keyboard.press('Escape');
          const deadline = Date.now() + 5000;
          while (Date.now() < deadline && !(outside.length > seen && page.url() !== origin + p)) await page.waitForTimeout(50);
          check(outside.slice(seen).includes(exitUrl), `${p}: Escape did not go to ${exitUrl} (requested: ${outside.slice(seen).join(', ') || 'nothing'})`);
          await page.waitForLoadState('load').catch(() => {});
          const after = await page.evaluate(() => history.length).catch(() => -1);
          check(after === before, `${p}: Escape added a history entry (${before} → ${after}); it must use location.replace`);
        }
      } catch (e) {
        check(false, `${p}: ${String(e.message || e).split('\n')[0]}`);
      } finally {
        await page.close();
      }
    }
    // ---- print sheet
    if (pages.includes('/resources/print/')) {
      const page = await context.newPage();
      await page.goto(origin + '/resources/print/', { waitUntil: 'load' });
      const pdf = await page.pdf({ format: 'Letter', margin: { top: '0.5in', bottom: '0.5in', left: '0.5in', right: '0.5in' } });
      const n = pdfPages(pdf);
      check(n >= 1 && n <= MAX_PRINT_PAGES, `/resources/print/ prints on ${n} pages (at most ${MAX_PRINT_PAGES})`);
      await page.emulateMedia({ media: 'print' });
      const produced = await page.$eval('.sheet-produced', (e) => getComputedStyle(e).display !== 'none' && /\b\d{4}\b/.test(e.textContent)).catch(() => false);
      check(produced, '/resources/print/: the date it was produced is not printed');
      const numbers = await page.$$eval('.resource-sheet a[href^="tel:"]', (as) => as.filter((a) => getComputedStyle(a).display !== 'none').length);
      check(numbers > 0, '/resources/print/: no phone numbers are printed');
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`resources-browser: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  console.log(`resources-browser: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
