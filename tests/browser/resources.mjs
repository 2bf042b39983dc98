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
// Server, browser and blocking come from lib.mjs.
import path from 'node:path';
import { blockOtherHosts, launchBrowser, listFiles, parseSiteArgs, serveFolder, summaryLine, watchCsp } from './lib.mjs';

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
  return parseSiteArgs(argv, {
    script: 'resources.mjs',
    usage: 'usage: node tests/browser/resources.mjs SITE_DIR [--exit-url URL]',
    defaults: { exitUrl: null },
    values: { '--exit-url': ['exitUrl'] },
  });
}

async function resourcePages(root) {
  return (await listFiles(path.join(root, 'resources')))
    .filter((f) => path.basename(f) === 'index.html')
    .map((f) => '/' + path.relative(root, path.dirname(f)).split(path.sep).join('/') + '/')
    .sort();
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
  const { origin, close } = await serveFolder(root);
  const browser = await launchBrowser();
  // Every request that would leave this machine is answered here and recorded.
  const outside = [];
  const context = await browser.newContext({ viewport: NARROW });
  const violations = await watchCsp(context);
  await blockOtherHosts(context, origin, { onBlocked: (url) => outside.push(url), stub: '<!DOCTYPE html><title>exit</title>' });
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
    await close();
  }
  check(violations.length === 0, `security policy violations: ${violations.map((v) => `${v.page}: ${v.what}`).join('; ')}`);
  console.log(summaryLine('resources-browser', passed, failed));
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  console.log(summaryLine('resources-browser', passed, failed + 1));
  process.exit(1);
});
