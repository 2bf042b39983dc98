#!/usr/bin/env node
// Browser checks for site search (src/features/search, themes/haven/static/js/search.js).
//
//   node tests/browser/search.mjs FIXTURE_PUBLIC [--site PUBLIC]
//
// FIXTURE_PUBLIC is tests/fixtures/search-site built (each page has a word found nowhere
// else); --site is the bundled site's public/ (its A to Z lists and real synonyms).
// Serves each folder on 127.0.0.1 and drives Debian's Chromium (playwright-core):
//   one-page-word   typing a word found on one page only lists that page first, as you type
//   spanish         a Spanish word on /es/buscar/ finds the Spanish page, with Spanish words
//   synonyms        "funeral" also finds the page that says "burial" (the theme's synonyms)
//   address         ?q= is in the address bar; a reload (or a shared link) shows the same results
//   local-only      no request goes anywhere but 127.0.0.1 (other hosts are blocked, never sent)
//   axe             axe-core finds 0 violations on the search page with results showing
//   quick-exit      the search page has "Leave this site" where the site has it
//   no-js           without JavaScript the page says typing needs it and lists every page:
//                   every page in the index is linked from the A to Z list
//   header-box      every page has a labelled search box below the crisis numbers; typing
//                   and Enter open the search page with the results
// and closes with `search-browser: N passed, M failed`; exits 1 if anything failed.
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { blockOtherHosts, launchBrowser, parseSiteArgs, runAxe, serveFolder, summaryLine } from './lib.mjs';

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else {
    failed++;
    console.log(`FAIL ${what}`);
  }
}

/** Every page in the site's search index: { url, lang }. */
async function indexedPages(root) {
  const dir = path.join(root, 'pagefind', 'fragment');
  const out = [];
  for (const name of (await fsp.readdir(dir)).sort()) {
    const raw = zlib.gunzipSync(await fsp.readFile(path.join(dir, name))).toString('utf8');
    const json = JSON.parse(raw.replace(/^pagefind_dcd/, ''));
    out.push({ url: json.url, lang: name.split('_')[0] });
  }
  return out;
}

/** The result links shown, in order, once the status says the search for `query` is done. */
async function results(page, query) {
  await page.waitForFunction((q) => {
    const s = document.querySelector('[data-search-status]')?.textContent ?? '';
    return s.includes(`“${q}”`) || s.includes(`«${q}»`);
  }, query, { timeout: 15000 });
  return page.$$eval('.search-results a', (as) => as.map((a) => new URL(a.href).pathname));
}

async function typeQuery(page, text) {
  const input = page.locator('#h-search-q');
  await input.fill('');
  await input.pressSequentially(text, { delay: 40 });
}

async function fixtureChecks(browser, root) {
  const { origin, close } = await serveFolder(root);
  const outside = [];
  const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
  await blockOtherHosts(context, origin, { onBlocked: (u) => outside.push(u) });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

    // ---- a word on one page, typed as a reader types it
    await page.goto(origin + '/search/', { waitUntil: 'load' });
    await typeQuery(page, 'zanzibarite');
    let found = await results(page, 'zanzibarite');
    check(found[0] === '/about/', `one-page-word: "zanzibarite" lists ${found.join(', ') || 'nothing'}; /about/ must come first`);
    check(found.length === 1, `one-page-word: "zanzibarite" is on one page, ${found.length} listed`);
    const status = await page.textContent('[data-search-status]');
    check(/1 page found for “zanzibarite”/.test(status), `one-page-word: status says ${JSON.stringify(status)}`);

    // ---- the address keeps the query; a reload shows the same results
    check(new URL(page.url()).searchParams.get('q') === 'zanzibarite', `address: ${page.url()} has no ?q=zanzibarite`);
    const before = await page.evaluate(() => history.length);
    await page.reload({ waitUntil: 'load' });
    found = await results(page, 'zanzibarite');
    check(found[0] === '/about/', `address: after a reload, ${found.join(', ') || 'nothing'}`);
    check(await page.inputValue('#h-search-q') === 'zanzibarite', 'address: the box is empty after a reload');
    check(await page.evaluate(() => history.length) === before, 'address: typing added history entries');

    // ---- axe with results showing, at 320 px and 1280 px
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      const v = await runAxe(page);
      check(v.length === 0, `axe: ${v.length} violations on /search/?q=zanzibarite at ${width} px: ${v.map((x) => `${x.id} (${x.nodes.map((n) => n.target.join(' ')).join('; ')})`).join(', ')}`);
    }
    await page.setViewportSize({ width: 320, height: 800 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    check(wide <= 320, `reflow: /search/ with results is ${wide} px wide at 320 px`);

    // ---- quick exit: the English pages have one (Resources), so does their search page
    check(await page.$('a[data-quick-exit]') !== null, 'quick-exit: /search/ has no "Leave this site" link');

    // ---- synonyms: "funeral" is on no page, "burial" is (theme strings: "funeral, burial")
    await page.goto(origin + '/search/?q=funeral', { waitUntil: 'load' });
    found = await results(page, 'funeral');
    check(found[0] === '/news/burial-help/', `synonyms: "funeral" lists ${found.join(', ') || 'nothing'}; /news/burial-help/ must come first`);

    // ---- Spanish
    await page.goto(origin + '/es/buscar/', { waitUntil: 'load' });
    await typeQuery(page, 'mariposario');
    found = await results(page, 'mariposario');
    check(found[0] === '/es/about/', `spanish: "mariposario" lists ${found.join(', ') || 'nothing'}; /es/about/ must come first`);
    const es = await page.textContent('[data-search-status]');
    check(/página encontrada para «mariposario»/.test(es), `spanish: status in Spanish, got ${JSON.stringify(es)}`);
    check(await page.textContent('label[for="h-search-q"]') === 'Buscar en este sitio', 'spanish: the label is not in Spanish');
    const v = await runAxe(page);
    check(v.length === 0, `axe: ${v.length} violations on /es/buscar/ with results: ${v.map((x) => x.id).join(', ')}`);

    // ---- the header box: labelled, below the crisis strip, Enter goes to the results
    await page.goto(origin + '/news/zebra-walk/', { waitUntil: 'load' });
    const order = await page.evaluate(() => {
      const crisis = document.querySelector('.crisis');
      const box = document.querySelector('.site-search');
      return crisis && box ? Boolean(crisis.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) : null;
    });
    check(order === true, 'header-box: the search box must come after the crisis numbers');
    const crisisBottom = await page.$eval('.crisis', (e) => e.getBoundingClientRect().bottom);
    const boxTop = await page.$eval('.site-search', (e) => e.getBoundingClientRect().top);
    check(boxTop >= crisisBottom, 'header-box: the box is drawn above the crisis numbers');
    const label = await page.$eval('#h-site-search', (i) => i.labels[0]?.textContent);
    check(label === 'Search this site', `header-box: label ${JSON.stringify(label)}`);
    await page.focus('#h-site-search');
    await page.keyboard.type('zanzibarite');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\/\?q=zanzibarite/);
    found = await results(page, 'zanzibarite');
    check(found[0] === '/about/', `header-box: Enter showed ${found.join(', ') || 'nothing'}`);

    check(errors.length === 0, `console: ${errors.join(' | ')}`);
    await page.close();
  } finally {
    check(outside.length === 0, `local-only: requests to other hosts: ${outside.join(', ')}`);
    await context.close();
    await close();
  }
}

/** Without JavaScript: the note, and every indexed page of the language in the A to Z list.
    (No axe here: it is a script, and this page runs none. run.mjs checks every page with it.) */
async function noScriptChecks(browser, root, label) {
  const { origin, close } = await serveFolder(root);
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 800 } });
  const outside = [];
  await blockOtherHosts(context, origin, { onBlocked: (u) => outside.push(u) });
  try {
    const indexed = await indexedPages(root);
    check(indexed.length > 0, `no-js (${label}): the index lists no pages`);
    const page = await context.newPage();
    for (const [lang, url] of [['en', '/search/'], ['es', '/es/buscar/']]) {
      const res = await page.goto(origin + url + '?q=anything', { waitUntil: 'load' });
      check(res.status() === 200, `no-js (${label}): ${url} answers ${res.status()}`);
      const note = await page.$eval('[data-search-nojs]', (e) => !e.hidden && e.getClientRects().length > 0).catch(() => false);
      check(note, `no-js (${label}): ${url} does not say that typing needs JavaScript`);
      const listed = new Set(await page.$$eval('.search-group a', (as) => as.map((a) => new URL(a.href).pathname)));
      const missing = indexed.filter((p) => p.lang === lang && !listed.has(p.url)).map((p) => p.url);
      check(missing.length === 0, `no-js (${label}): ${url} does not list ${missing.join(', ')}`);
    }
    await page.close();
  } finally {
    check(outside.length === 0, `local-only (${label}): requests to other hosts: ${outside.join(', ')}`);
    await context.close();
    await close();
  }
}

async function main() {
  const opts = parseSiteArgs(process.argv.slice(2), {
    script: 'search.mjs',
    usage: 'usage: node tests/browser/search.mjs FIXTURE_PUBLIC [--site PUBLIC]',
    values: { '--site': ['site2'] },
    defaults: { site2: null },
  });
  const browser = await launchBrowser();
  try {
    await fixtureChecks(browser, path.resolve(opts.site));
    await noScriptChecks(browser, path.resolve(opts.site), 'fixture');
    if (opts.site2) await noScriptChecks(browser, path.resolve(opts.site2), 'site');
  } finally {
    await browser.close();
  }
  console.log(summaryLine('search-browser', passed, failed));
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  console.log(summaryLine('search-browser', passed, failed + 1));
  process.exit(1);
});
