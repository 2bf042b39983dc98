#!/usr/bin/env node
// Browser checks for Haven's publications (a section with [publication]: cover, chapters,
// one-page version) in a built site.
//
//   node tests/browser/publication.mjs SITE_DIR [--shots DIR] [--verbose]
//
// Serves SITE_DIR on 127.0.0.1, finds every publication cover in it (pages with
// `article.pub-cover`), and for each opens, in Debian's Chromium through playwright-core,
// with a fresh browser context:
//   cover     axe-core (WCAG 2.0/2.1/2.2 A+AA tags): 0 violations; title, status, contents,
//             a link to the one-page version
//   chapter   (the first chapter) axe: 0 violations; numbered headings; previous/next links;
//             a footnote reference leads to its note and the note's back-link leads back
//   all       (the one-page version) axe: 0 violations; every chapter of the cover's contents,
//             in order; no duplicate ids; every #link lands on an id
//   reflow    no horizontal scrolling at 320 px on those three pages (WCAG 1.4.10)
//   print     with print media emulated: site header, navigation, breadcrumbs, footer and
//             chapter navigation are not displayed; the contents stay; each chapter starts a
//             new page (the PDF Chromium prints has more pages than chapters); a screenshot
//             of the print rendering is written to --shots (default: a new temp folder)
// and closes with `publication-browser: N passed, M failed`; exits 1 if any check failed.
// Server, browser, blocking and axe come from lib.mjs.
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { blockOtherHosts, launchBrowser, listFiles, parseSiteArgs, runAxe, serveFolder, summaryLine, watchCsp } from './lib.mjs';

function parseArgs(argv) {
  return parseSiteArgs(argv, {
    script: 'publication.mjs',
    usage: 'usage: node tests/browser/publication.mjs SITE_DIR [--shots DIR] [--verbose]',
    defaults: { shots: null, verbose: false },
    values: { '--shots': ['shots'] },
    flags: { '--verbose': 'verbose', '-v': 'verbose' },
  });
}

// ---------------------------------------------------------------- results
let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    if (opts.verbose) console.log(`ok    ${name}`);
  } else {
    failed++;
    console.log(`FAIL  ${name}${detail ? `\n      ${String(detail).split('\n').join('\n      ')}` : ''}`);
  }
}

async function findCovers(root) {
  const rootAbs = path.resolve(root);
  const out = [];
  for (const full of await listFiles(rootAbs)) {
    if (path.basename(full) === 'index.html' && (await fsp.readFile(full, 'utf8')).includes('class="publication pub-cover"')) {
      const rel = path.relative(rootAbs, path.dirname(full)).split(path.sep).join('/');
      out.push(rel ? `/${rel}/` : '/');
    }
  }
  return out.sort();
}

// ---------------------------------------------------------------- page checks
async function axe(page, label) {
  const violations = await runAxe(page);
  const details = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n  ')}`);
  check(`${label}: axe, 0 violations`, violations.length === 0, details.join('\n'));
}

async function reflow(context, url, label) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(url);
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  check(`${label}: no horizontal scrolling at 320 px`, scroll <= client, `scrollWidth ${scroll} > ${client}`);
  await page.close();
}

async function printChecks(page, label, shots, expectChapters) {
  await page.emulateMedia({ media: 'print' });
  const hidden = await page.evaluate(() => {
    const sel = ['.skip-link', '.site-header', '.nav-main', '.crisis', '.breadcrumbs', '.site-footer', '.pub-pager', '.pub-chapter-toc', '.heading-link'];
    return sel.map((s) => {
      const els = [...document.querySelectorAll(s)];
      const shown = els.filter((e) => {
        const r = e.getBoundingClientRect();
        return getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden' && r.width > 0 && r.height > 0;
      });
      return { sel: s, count: els.length, shown: shown.length };
    });
  });
  const shown = hidden.filter((h) => h.shown > 0);
  check(`${label}: print hides the site header, navigation and footer`, shown.length === 0, shown.map((h) => `${h.sel} is visible`).join('\n'));
  check(`${label}: print hides the main navigation`, hidden.find((h) => h.sel === '.nav-main').count > 0 || hidden.find((h) => h.sel === '.site-header').count > 0, 'the page has no navigation to hide');
  if (expectChapters) {
    const layout = await page.evaluate(() => ({
      contents: getComputedStyle(document.querySelector('.pub-contents')).display,
      breaks: [...document.querySelectorAll('.pub-part')].map((p) => getComputedStyle(p).breakBefore),
      notes: [...document.querySelectorAll('.footnotes')].map((n) => getComputedStyle(n).display),
    }));
    check(`${label}: print keeps the contents`, layout.contents !== 'none');
    check(`${label}: print starts each chapter on a new page`, layout.breaks.length === expectChapters && layout.breaks.every((b) => b === 'page'), JSON.stringify(layout.breaks));
    check(`${label}: print keeps the footnotes`, layout.notes.every((d) => d !== 'none'), JSON.stringify(layout.notes));
    // Print as "Save as PDF" does, with the page's own @page margins (page.pdf() would force
    // margins of 0, which hides the running header).
    const cdp = await page.context().newCDPSession(page);
    const printed = await cdp.send('Page.printToPDF', { paperWidth: 8.5, paperHeight: 11 });
    await cdp.detach();
    const pdf = Buffer.from(printed.data, 'base64');
    await fsp.writeFile(path.join(shots, `${label.replace(/[^a-z0-9]+/gi, '-')}.pdf`), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    check(`${label}: the printed document has a title page, contents and a page per chapter (${pages} pages)`, pages >= expectChapters + 2, `${pages} pages for ${expectChapters} chapters`);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  const file = path.join(shots, `${label.replace(/[^a-z0-9]+/gi, '-')}-print.png`);
  await page.screenshot({ path: file, fullPage: false });
  console.log(`print screenshot: ${file}`);
  await page.emulateMedia({ media: 'screen' });
}

async function checkPublication(browser, origin, coverPath, shots) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const violations = await watchCsp(context);
  const external = [];
  await blockOtherHosts(context, origin, { onBlocked: (url) => external.push(url) });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // Cover.
  const coverUrl = origin + coverPath;
  await page.goto(coverUrl);
  const cover = await page.evaluate(() => ({
    h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
    badge: document.querySelector('.pub-badge')?.textContent.trim(),
    chapters: [...document.querySelectorAll('.pub-toc > li > a')].map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })),
    all: document.querySelector('.pub-actions a')?.getAttribute('href'),
    reading: document.querySelector('.pub-reading')?.textContent.trim(),
    none: document.querySelector('.pub-contents > p') !== null,
  }));
  const label = `cover ${coverPath}`;
  check(`${label}: one h1`, cover.h1.length === 1, JSON.stringify(cover.h1));
  check(`${label}: status badge`, Boolean(cover.badge), 'no .pub-badge');
  check(`${label}: reading time and word count`, cover.chapters.length === 0 || /\d/.test(cover.reading || ''), cover.reading);
  check(`${label}: link to the one-page version`, cover.all === `${coverPath}all/`, cover.all);
  check(`${label}: contents list the chapters, or say none is published`, cover.chapters.length > 0 || cover.none, 'no chapters in .pub-toc and no message');
  await axe(page, label);
  await reflow(context, coverUrl, label);
  await printChecks(page, label, shots, 0);

  // First chapter (a site whose publication has no published chapter yet has none to check).
  if (cover.chapters.length === 0) console.log(`note: ${coverPath} has no published chapter; chapter checks skipped`);
  if (cover.chapters.length > 0) {
    const chUrl = origin + cover.chapters[0].href;
    const chLabel = `chapter ${cover.chapters[0].href}`;
    await page.goto(chUrl);
    const ch = await page.evaluate(() => ({
      h1: document.querySelector('h1')?.textContent.trim(),
      numbers: [...document.querySelectorAll('.content h2 .heading-number')].map((s) => s.textContent.trim()),
      next: document.querySelector('.pub-pager a[rel=next]')?.getAttribute('href'),
      prev: document.querySelector('.pub-pager a[rel=prev]'),
      cite: document.querySelector('.content .cite a')?.getAttribute('href'),
    }));
    check(`${chLabel}: h1 is numbered 1`, /^1\s/.test(ch.h1 || ''), ch.h1);
    check(`${chLabel}: sections numbered 1.1, 1.2 …`, ch.numbers.length > 0 && ch.numbers.every((n, i) => n === `1.${i + 1}`), JSON.stringify(ch.numbers));
    check(`${chLabel}: no previous chapter link on chapter 1`, ch.prev === null);
    check(`${chLabel}: next chapter link`, cover.chapters.length < 2 || ch.next === cover.chapters[1].href, ch.next);
    check(`${chLabel}: "Cite this section" gives a full address with a fragment`, /^https?:\/\/[^#]+#.+/.test(ch.cite || ''), ch.cite);
    const ref = await page.$('sup.footnote-reference a');
    if (ref) {
      const refId = await ref.getAttribute('id');
      await ref.click();
      const hash = await page.evaluate(() => location.hash);
      const noteOk = await page.evaluate((h) => Boolean(document.getElementById(decodeURIComponent(h.slice(1)))?.classList.contains('footnote-definition')), hash);
      check(`${chLabel}: a footnote reference leads to its note`, noteOk, hash);
      await page.click(`a.footnote-backref[href="#${refId}"]`);
      check(`${chLabel}: the note's back-link leads back to the reference`, (await page.evaluate(() => location.hash)) === `#${refId}`);
    }
    await axe(page, chLabel);
    await reflow(context, chUrl, chLabel);
    await printChecks(page, chLabel, shots, 0);
  }

  // One-page version.
  const allUrl = `${origin}${coverPath}all/`;
  const allLabel = `one page ${coverPath}all/`;
  await page.goto(allUrl);
  const all = await page.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    const seen = new Set();
    const dups = ids.filter((i) => (seen.has(i) ? true : (seen.add(i), false)));
    const broken = [...document.querySelectorAll('main a[href^="#"]')].map((a) => a.getAttribute('href').slice(1)).filter((f) => !document.getElementById(decodeURIComponent(f)));
    return { dups, broken, parts: [...document.querySelectorAll('.pub-part > h2')].map((h) => h.textContent.trim()) };
  });
  check(`${allLabel}: every chapter, in order`, JSON.stringify(all.parts) === JSON.stringify(cover.chapters.map((c) => c.text)), `${JSON.stringify(all.parts)}\nvs ${JSON.stringify(cover.chapters.map((c) => c.text))}`);
  check(`${allLabel}: no duplicate ids`, all.dups.length === 0, all.dups.slice(0, 10).join(', '));
  check(`${allLabel}: every #link lands on an id`, all.broken.length === 0, all.broken.slice(0, 10).join(', '));
  await axe(page, allLabel);
  await reflow(context, allUrl, allLabel);
  await printChecks(page, allLabel, shots, all.parts.length);

  check(`${label}: no request to another host`, external.length === 0, external.slice(0, 5).join('\n'));
  check(`${label}: no script errors`, errors.length === 0, errors.join('\n'));
  check(`${label}: 0 security policy (CSP) violations, print styles included`, violations.length === 0, violations.map((v) => `${v.page}: ${v.what}`).join('\n'));
  await context.close();
}

// ---------------------------------------------------------------- main
const opts = parseArgs(process.argv.slice(2));
const covers = await findCovers(opts.site);
const shots = opts.shots ? path.resolve(opts.shots) : await fsp.mkdtemp(path.join(os.tmpdir(), 'haven-publication-'));
await fsp.mkdir(shots, { recursive: true });
const { origin, close } = await serveFolder(opts.site);
const browser = await launchBrowser();
try {
  check('the site has a publication', covers.length > 0, `no page with article.pub-cover under ${opts.site}`);
  for (const c of covers) await checkPublication(browser, origin, c, shots);
} catch (e) {
  check('the checks ran to the end', false, e.stack || String(e));
} finally {
  await browser.close();
  await close();
}
console.log(summaryLine('publication-browser', passed, failed));
process.exit(failed ? 1 : 0);
