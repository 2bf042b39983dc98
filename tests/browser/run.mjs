#!/usr/bin/env node
// Browser checks for a built Haven site.
//
//   node tests/browser/run.mjs public [--fake-now 2026-12-03T10:00:00-05:00]
//                                     [--exit-url https://www.google.com/] [--jobs 2]
//
// Serves the folder on 127.0.0.1, drives Debian's Chromium through playwright-core
// and runs these test groups over every HTML page:
//   axe          axe-core, WCAG 2.0/2.1/2.2 A+AA tags, at 1280 and 320 px: 0 violations
//   reflow-320   no horizontal scrolling at 320 px (WCAG 1.4.10)
//   third-party  every request goes to the local server; no data: fonts
//   console      no console errors, no uncaught page errors
//   links        every same-origin <a href> and asset (link/script/img/…) answers 200,
//                and same-origin #fragments exist; external links are only counted
//   aliases      alias redirect pages (meta refresh) answer 200 and so do their targets
//   weight       HTML + same-origin CSS + JS of each page <= 51,200 bytes uncompressed
//   quick-exit   Escape / Shift×3 leave with location.replace; without JS the link
//                is visible and leads to the exit URL (intercepted, never sent)
//   csp          every page has one Content-Security-Policy <meta> and no-referrer (and the
//                header, when the folder has _headers), and no page, quick exit included,
//                has a single CSP violation
// and closes with `browser: N passed, M failed`; exits 1 if any group failed.
// --fake-now fixes Date.now() in every page (each browser context's clock, set before
// its first page opens). Server, browser, blocking and axe come from lib.mjs.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { axeVersion, blockOtherHosts, launchBrowser, listFiles, parseSiteArgs, runAxe, serveFolder, summaryLine, watchCsp } from './lib.mjs';

const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 320, height: 640 };
const QUICK_EXIT_SELECTOR = '[data-quick-exit], .quick-exit';
const BLANK_PATH = '/__haven-test__/blank';
const EXTRA_PAGES = { [BLANK_PATH]: '<!DOCTYPE html><html lang="en"><title>blank</title></html>' };

const PAGE_TIMEOUT_MS = 90_000;

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s: ${what}`)), ms);
    }),
  ]);
}

const GROUPS = ['axe', 'reflow-320', 'third-party', 'console', 'links', 'aliases', 'weight', 'quick-exit', 'csp'];
// Every CSP violation seen, in any context (lib.mjs watchCsp).
const cspViolations = [];

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  return parseSiteArgs(argv, {
    script: 'run.mjs',
    usage: 'usage: node tests/browser/run.mjs SITE_DIR [--fake-now ISO] [--exit-url URL] [--base-url URL] [--max-weight BYTES] [--jobs N] [--verbose]\n       node tests/browser/run.mjs SITE_DIR --serve   (only serve the folder, until Ctrl-C)',
    defaults: { fakeNow: null, exitUrl: null, baseUrl: null, maxWeight: 51200, jobs: 2, verbose: false, serve: false },
    values: {
      '--fake-now': ['fakeNow', (v, fail) => {
        const d = new Date(v);
        if (Number.isNaN(d.getTime())) fail(`--fake-now: not an ISO date/time: ${v}`);
        return d;
      }],
      '--exit-url': ['exitUrl'],
      '--base-url': ['baseUrl'],
      '--max-weight': ['maxWeight', Number],
      '--jobs': ['jobs', (v) => Math.max(1, Number(v) || 1)],
    },
    flags: { '--verbose': 'verbose', '-v': 'verbose', '--serve': 'serve' },
  });
}

// ---------------------------------------------------------------- results
const failures = Object.fromEntries(GROUPS.map((g) => [g, []]));
function fail(group, msg) {
  failures[group].push(msg);
}
const fmt = (n) => n.toLocaleString('en-US');

// ---------------------------------------------------------------- browser contexts
// A context for the checks; with --fake-now its clock is fixed once, before any of its pages
// opens (setting it from pages that open in parallel races inside playwright and fails with
// "Cannot read properties of undefined (reading 'controller')").
async function newContext(browser, opts, options) {
  const ctx = await browser.newContext(options);
  if (opts.fakeNow) await ctx.clock.setFixedTime(opts.fakeNow);
  const seen = await watchCsp(ctx);
  ctx.on('close', () => cspViolations.push(...seen));
  return ctx;
}

// ---------------------------------------------------------------- page discovery
const REFRESH_RE = /<meta\b[^>]*\bhttp-equiv\s*=\s*["']?refresh\b[^>]*>/i;

async function discoverPages(root) {
  const rootAbs = path.resolve(root);
  const files = (await listFiles(rootAbs)).filter((f) => /\.html?$/i.test(f));
  const pages = [];
  const aliases = [];
  for (const file of files) {
    const rel = path.relative(rootAbs, file).split(path.sep).join('/');
    let urlPath;
    if (rel === 'index.html') urlPath = '/';
    else if (rel.endsWith('/index.html')) urlPath = '/' + rel.slice(0, -'index.html'.length);
    else urlPath = '/' + rel;
    urlPath = urlPath.split('/').map((s) => encodeURIComponent(s)).join('/');
    const html = await fsp.readFile(file, 'utf8');
    const entry = { file, rel, path: urlPath, bytes: Buffer.byteLength(html), html };
    const refresh = html.match(REFRESH_RE);
    if (refresh) {
      const content = refresh[0].match(/\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i);
      const c = content ? content[1] ?? content[2] ?? content[3] : '';
      const target = c.match(/url\s*=\s*['"]?([^'"]*)/i);
      entry.target = target ? target[1].trim() : null;
      aliases.push(entry);
    } else pages.push(entry);
  }
  return { pages, aliases };
}

// ---------------------------------------------------------------- HTTP fetch cache
const fetchCache = new Map();
function fetchOnce(url) {
  if (!fetchCache.has(url)) {
    fetchCache.set(url, (async () => {
      try {
        const res = await fetch(url, { redirect: 'manual' });
        const buf = Buffer.from(await res.arrayBuffer());
        return {
          status: res.status,
          location: res.headers.get('location'),
          type: res.headers.get('content-type') || '',
          bytes: buf.length,
          text: /html/.test(res.headers.get('content-type') || '') ? buf.toString('utf8') : null,
        };
      } catch (e) {
        return { status: 0, error: String(e), bytes: 0 };
      }
    })());
  }
  return fetchCache.get(url);
}

function describeStatus(r) {
  if (r.status === 0) return `request failed: ${r.error}`;
  if (r.status >= 300 && r.status < 400) return `${r.status} redirect to ${r.location} (link to the final URL instead)`;
  return `status ${r.status}`;
}

function hasFragment(html, frag) {
  if (frag === '' || frag.toLowerCase() === 'top') return true;
  let id;
  try {
    id = decodeURIComponent(frag);
  } catch {
    id = frag;
  }
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/&/g, '(?:&|&amp;)');
  const re = new RegExp(`\\s(?:id|name)\\s*=\\s*(?:"${esc(id)}"|'${esc(id)}'|${esc(id)}(?=[\\s>]))`);
  return re.test(html);
}

// ---------------------------------------------------------------- in-page helpers
// Runs in the page at 320 px: returns overflow facts and the widest offending element.
function measureOverflow() {
  const iw = window.innerWidth;
  const sw = document.documentElement.scrollWidth;
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
      let s = e.tagName.toLowerCase();
      if (e.id) s += '#' + e.id;
      for (const c of e.classList) s += '.' + c;
      parts.unshift(s);
      if (e.id) break;
    }
    return parts.join(' > ');
  };
  const clippedByAncestor = (el) => {
    for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox !== 'visible' && a.getBoundingClientRect().right <= iw + 0.5) return true;
    }
    return false;
  };
  let worst = null;
  let count = 0;
  if (sw > iw) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right <= iw + 0.5) continue;
      if (clippedByAncestor(el)) continue;
      count++;
      let depth = 0;
      for (let e = el; e; e = e.parentElement) depth++;
      if (!worst || r.width > worst.width + 0.5 || (Math.abs(r.width - worst.width) <= 0.5 && depth > worst.depth)) {
        worst = { selector: describe(el), width: Math.round(r.width), right: Math.round(r.right), depth };
      }
    }
  }
  return { innerWidth: iw, scrollWidth: sw, count, worst };
}

// Runs in the page: every link target and asset reference, raw, with the base URL.
function collectRefs() {
  const canonical = document.querySelector('link[rel~="canonical" i][href]');
  const refs = { base: document.baseURI, anchors: [], assets: [], weighed: [], canonical: canonical ? canonical.getAttribute('href') : null };
  for (const a of document.querySelectorAll('a[href], area[href]')) refs.anchors.push(a.getAttribute('href'));
  const asset = (kind, v) => {
    if (v != null && v.trim() !== '') refs.assets.push({ kind, ref: v.trim() });
  };
  const srcset = (kind, v) => {
    if (!v) return;
    for (const part of v.split(',')) asset(kind, part.trim().split(/\s+/)[0]);
  };
  for (const l of document.querySelectorAll('link[href]')) {
    const rel = (l.getAttribute('rel') || '').toLowerCase();
    asset(`link[rel=${rel}]`, l.getAttribute('href'));
    if (/\bstylesheet\b|\bmodulepreload\b/.test(rel)) refs.weighed.push(l.getAttribute('href'));
    if (/\bpreload\b/.test(rel) && /^(style|script)$/i.test(l.getAttribute('as') || '')) refs.weighed.push(l.getAttribute('href'));
  }
  for (const s of document.querySelectorAll('script[src]')) {
    asset('script', s.getAttribute('src'));
    refs.weighed.push(s.getAttribute('src'));
  }
  for (const i of document.querySelectorAll('img')) {
    asset('img', i.getAttribute('src'));
    srcset('img[srcset]', i.getAttribute('srcset'));
  }
  for (const s of document.querySelectorAll('source')) {
    asset('source', s.getAttribute('src'));
    srcset('source[srcset]', s.getAttribute('srcset'));
  }
  for (const m of document.querySelectorAll('video, audio, track, iframe, embed, input[type=image]')) {
    asset(m.tagName.toLowerCase(), m.getAttribute('src'));
    if (m.tagName === 'VIDEO') asset('video[poster]', m.getAttribute('poster'));
  }
  for (const o of document.querySelectorAll('object[data]')) asset('object', o.getAttribute('data'));
  return refs;
}

// ---------------------------------------------------------------- main
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const siteDir = path.resolve(opts.site);
  if (!fs.existsSync(siteDir) || !fs.statSync(siteDir).isDirectory()) {
    console.error(`run.mjs: ${siteDir} is not a folder (build the site first)`);
    console.log(summaryLine('browser', 0, 1));
    process.exit(1);
  }
  if (opts.serve) {
    const { origin } = await serveFolder(siteDir, { extraPages: EXTRA_PAGES });
    console.log(`serving ${siteDir} on ${origin}/ (Ctrl-C to stop)`);
    return;
  }
  const { pages, aliases } = await discoverPages(siteDir);
  console.log(`site: ${siteDir}: ${pages.length} pages, ${aliases.length} alias redirect pages`);
  if (pages.length === 0) {
    console.error('run.mjs: no HTML pages found');
    console.log(summaryLine('browser', 0, 1));
    process.exit(1);
  }

  const { origin, close } = await serveFolder(siteDir, { extraPages: EXTRA_PAGES });
  const headersFile = fs.existsSync(path.join(siteDir, '_headers'));
  // The site's public address (config base_url): --base-url, else the home page's canonical link.
  let siteBase = opts.baseUrl;
  if (!siteBase) {
    const home = pages.find((p) => p.path === '/');
    const m = home && home.html.match(/<link\b(?=[^>]*\brel\s*=\s*["']?canonical\b)[^>]*\bhref\s*=\s*["']?([^"'\s>]+)/i);
    if (m && /^https?:\/\//.test(m[1])) siteBase = m[1];
  }
  if (siteBase && !siteBase.endsWith('/')) siteBase += '/';
  console.log(`serving on ${origin}${siteBase ? `; links to ${siteBase} are checked here` : ''}`);
  const browser = await launchBrowser();
  console.log(`chromium ${browser.version()}, axe-core ${await axeVersion()}`);

  const stats = {
    axeViolations: 0, axeNodes: 0, overflowing: 0, requests: 0, otherHost: 0, dataFonts: 0,
    consoleErrors: 0, linksChecked: 0, linksBroken: 0, external: 0, ignored: 0,
    heaviest: null, overWeight: 0, quickExitPages: [], cspPages: 0,
  };

  // One context per viewport for the main pass; requests to anything but the local
  // server are aborted (recorded through the page's 'request' events) and never sent.
  const wideCtx = await newContext(browser, opts, { viewport: WIDE });
  const narrowCtx = await newContext(browser, opts, { viewport: NARROW });
  await blockOtherHosts(wideCtx, origin);
  await blockOtherHosts(narrowCtx, origin);

  const anchorUses = new Map(); // same-origin URL (with fragment) -> Set(page paths)
  const assetUses = new Map(); // same-origin URL -> Set(page paths)
  const weighed = new Map(); // page path -> Set(same-origin CSS/JS URLs)

  async function visit(entry, ctx, vpName) {
    const url = origin + entry.path;
    const page = await ctx.newPage();
    const requests = [];
    const consoleErrors = [];
    const dataFonts = [];
    page.on('request', (r) => requests.push({ url: r.url(), type: r.resourceType() }));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      if (/content.security.policy/i.test(m.text())) return; // reported under csp
      const loc = m.location();
      // "Failed to load resource" for a blocked foreign request is reported under third-party.
      if (loc && loc.url && /^https?:/.test(loc.url) && new URL(loc.url).origin !== origin) return;
      consoleErrors.push(`${m.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber + 1})` : ''}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.url.startsWith('data:') && e.type === 'Font') dataFonts.push(e.request.url.slice(0, 60) + '…');
    });
    const res = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    if (!res || res.status() !== 200) fail('links', `${entry.path} [${vpName}]: the page itself answered ${res ? res.status() : 'nothing'}`);
    if (vpName === '1280') {
      const metas = await page.evaluate(() => ({
        csp: [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]')].map((m) => m.content),
        referrer: [...document.querySelectorAll('meta[name="referrer" i]')].map((m) => m.content),
      }));
      stats.cspPages++;
      if (metas.csp.length !== 1) fail('csp', `${entry.path}: ${metas.csp.length} Content-Security-Policy <meta> elements (needs exactly 1)`);
      else if (!/default-src 'self'/.test(metas.csp[0])) fail('csp', `${entry.path}: the policy lacks default-src 'self': ${metas.csp[0]}`);
      if (metas.referrer.join() !== 'no-referrer') fail('csp', `${entry.path}: referrer <meta> is ${JSON.stringify(metas.referrer)}, not no-referrer`);
      if (headersFile && res && !res.headers()['content-security-policy']) fail('csp', `${entry.path}: answered without the Content-Security-Policy header of _headers`);
    }
    await page.evaluate(() => document.fonts.ready.then(() => true));

    // axe
    for (const v of await runAxe(page)) {
      stats.axeViolations++;
      stats.axeNodes += v.nodes.length;
      const why = (n) => {
        const lines = (n.failureSummary || '').split('\n').map((l) => l.trim()).filter((l) => l && !/^Fix (any|all) of the following/.test(l));
        return lines.length ? ` — ${lines[0]}${lines.length > 1 ? ` (+${lines.length - 1} more)` : ''}` : '';
      };
      const targets = v.nodes.slice(0, 8).map((n) => `      ${n.target.join(' ')}${why(n)}`);
      if (v.nodes.length > 8) targets.push(`      … and ${v.nodes.length - 8} more`);
      fail('axe', `${url} [${vpName}] ${v.id} (${v.impact}): ${v.help} <${v.helpUrl}>\n${targets.join('\n')}`);
    }

    // reflow at 320
    if (vpName === '320') {
      const o = await page.evaluate(measureOverflow);
      if (o.scrollWidth > o.innerWidth) {
        stats.overflowing++;
        fail('reflow-320', `${url}: scrollWidth ${o.scrollWidth} > innerWidth ${o.innerWidth}` +
          (o.worst ? `; widest offending element: ${o.worst.selector} (${o.worst.width}px wide, right edge at ${o.worst.right}px; ${o.count} elements past the edge)` : ''));
      }
    }

    // references (collected once, in the wide pass)
    if (vpName === '1280') {
      const refs = await page.evaluate(collectRefs);
      const sameOrigin = (ref) => {
        let u;
        try {
          u = new URL(ref, refs.base);
        } catch {
          return { bad: `unparsable URL ${JSON.stringify(ref)}` };
        }
        if (/^(tel|mailto|sms):$/i.test(u.protocol)) return { ignored: true };
        if (u.protocol === 'javascript:') return { bad: `javascript: URL ${JSON.stringify(ref)}` };
        if (!/^https?:$/.test(u.protocol)) return { other: u.href };
        // absolute links to the site's own base_url are checked against the local copy
        if (siteBase && u.href.startsWith(siteBase)) u = new URL('/' + u.href.slice(siteBase.length), origin);
        if (u.origin !== origin) return { external: u.href };
        return { url: u };
      };
      if (refs.canonical) {
        const r = sameOrigin(refs.canonical);
        if (r.url && r.url.pathname !== new URL(url).pathname) {
          fail('links', `${entry.path}: canonical link ${refs.canonical} names another page (${r.url.pathname})`);
        }
      }
      for (const ref of refs.anchors) {
        const r = sameOrigin(ref);
        if (r.ignored) stats.ignored++;
        else if (r.external || r.other) {
          stats.external++;
          if (opts.verbose) console.log(`    external link on ${entry.path}: ${r.external || r.other}`);
        }
        else if (r.bad) fail('links', `${entry.path}: <a href>: ${r.bad}`);
        else {
          const key = r.url.href;
          if (!anchorUses.has(key)) anchorUses.set(key, new Set());
          anchorUses.get(key).add(entry.path);
        }
      }
      for (const { kind, ref } of refs.assets) {
        const r = sameOrigin(ref);
        if (r.ignored) stats.ignored++;
        else if (r.external || r.other) {
          // canonical/alternate links may name the production host; anything loaded is caught by third-party
          if (r.other && !/^link/.test(kind) && !r.other.startsWith('data:')) fail('links', `${entry.path}: ${kind} uses ${r.other}`);
          stats.external++;
        } else if (r.bad) fail('links', `${entry.path}: ${kind}: ${r.bad}`);
        else {
          const u = new URL(r.url.href);
          u.hash = '';
          if (!assetUses.has(u.href)) assetUses.set(u.href, new Set());
          assetUses.get(u.href).add(`${entry.path} (${kind})`);
        }
      }
      const w = new Set();
      for (const ref of refs.weighed) {
        const r = sameOrigin(ref);
        if (r.url) {
          r.url.hash = '';
          w.add(r.url.href);
        }
      }
      for (const q of requests) {
        if ((q.type === 'stylesheet' || q.type === 'script') && q.url.startsWith(origin + '/')) w.add(q.url.split('#')[0]);
      }
      weighed.set(entry.path, w);
    }

    // third-party
    stats.requests += requests.length + dataFonts.length;
    for (const q of requests) {
      let host = null;
      try {
        const u = new URL(q.url);
        host = u.protocol === 'data:' ? 'data:' : `${u.protocol}//${u.host}`;
      } catch {
        host = q.url;
      }
      if (host !== origin) {
        if (q.url.startsWith('data:') && q.type !== 'font') continue;
        stats.otherHost++;
        fail('third-party', `${entry.path} [${vpName}]: ${q.type} request to ${q.url.slice(0, 120)}`);
      }
    }
    for (const d of dataFonts) {
      stats.otherHost++;
      stats.dataFonts++;
      fail('third-party', `${entry.path} [${vpName}]: data: font ${d}`);
    }

    // console
    for (const c of consoleErrors) {
      stats.consoleErrors++;
      fail('console', `${entry.path} [${vpName}]: ${c}`);
    }
    await page.close();
    return { requests: requests.length };
  }

  // main pass: pages in parallel (opts.jobs at a time), each at 1280 then 320
  let done = 0;
  const queue = [...pages];
  async function worker() {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const t = Date.now();
      try {
        await withTimeout(visit(entry, wideCtx, '1280'), PAGE_TIMEOUT_MS, `${entry.path} at 1280 px`);
        await withTimeout(visit(entry, narrowCtx, '320'), PAGE_TIMEOUT_MS, `${entry.path} at 320 px`);
      } catch (e) {
        fail('console', `${entry.path}: the check itself failed: ${e.message.split('\n')[0]}`);
      }
      done++;
      if (opts.verbose || process.env.CI) console.log(`  [${done}/${pages.length}] ${entry.path} (${Date.now() - t} ms)`);
    }
  }
  await Promise.all(Array.from({ length: Math.min(opts.jobs, pages.length) }, worker));
  await wideCtx.close();
  await narrowCtx.close();

  // links: fetch each unique same-origin URL once
  const knownHtml = new Map(pages.map((p) => [origin + p.path, p.html]));
  for (const [href, users] of anchorUses) {
    const u = new URL(href);
    const frag = u.hash.slice(1);
    u.hash = '';
    const r = await fetchOnce(u.href);
    stats.linksChecked++;
    const from = [...users].slice(0, 3).join(', ') + (users.size > 3 ? ` and ${users.size - 3} more` : '');
    if (r.status !== 200) {
      stats.linksBroken++;
      fail('links', `${href}: ${describeStatus(r)} — linked from ${from}`);
    } else if (frag && /html/.test(r.type)) {
      const html = knownHtml.get(u.href) ?? r.text ?? '';
      if (!hasFragment(html, frag)) {
        stats.linksBroken++;
        fail('links', `${href}: no element with id "${decodeURIComponent(frag)}" on ${u.pathname} — linked from ${from}`);
      }
    }
  }
  for (const [href, users] of assetUses) {
    const r = await fetchOnce(href);
    stats.linksChecked++;
    if (r.status !== 200) {
      stats.linksBroken++;
      const from = [...users].slice(0, 3).join(', ') + (users.size > 3 ? ` and ${users.size - 3} more` : '');
      fail('links', `${href}: ${describeStatus(r)} — used by ${from}`);
    }
  }

  // sitemap: every <loc> must exist in the local copy
  const sitemapFile = path.join(siteDir, 'sitemap.xml');
  if (fs.existsSync(sitemapFile)) {
    const xml = await fsp.readFile(sitemapFile, 'utf8');
    for (const m of xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)) {
      const loc = m[1].replace(/&amp;/g, '&');
      let u;
      if (siteBase && loc.startsWith(siteBase)) u = new URL('/' + loc.slice(siteBase.length), origin);
      else {
        try {
          u = new URL(loc, origin);
        } catch {
          fail('links', `sitemap.xml: unparsable <loc> ${loc}`);
          continue;
        }
        if (u.origin !== origin) {
          fail('links', `sitemap.xml: <loc> ${loc} is not under the site's address ${siteBase || origin}`);
          continue;
        }
      }
      const r = await fetchOnce(u.href);
      stats.linksChecked++;
      if (r.status !== 200) {
        stats.linksBroken++;
        fail('links', `sitemap.xml: <loc> ${loc}: ${describeStatus(r)}`);
      }
    }
  }

  // aliases: 200 for the redirect page, 200 for its (same-origin) target
  let aliasBroken = 0;
  for (const a of aliases) {
    const r = await fetchOnce(origin + a.path);
    if (r.status !== 200) {
      aliasBroken++;
      fail('aliases', `${a.path}: ${describeStatus(r)}`);
      continue;
    }
    if (!a.target) {
      aliasBroken++;
      fail('aliases', `${a.path}: meta refresh has no url=`);
      continue;
    }
    let t = new URL(a.target, origin + a.path);
    if (siteBase && t.href.startsWith(siteBase)) t = new URL('/' + t.href.slice(siteBase.length), origin);
    if (t.origin !== origin) continue; // another host: not checked
    t.hash = '';
    const tr = await fetchOnce(t.href);
    if (tr.status !== 200) {
      aliasBroken++;
      fail('aliases', `${a.path} → ${a.target}: ${describeStatus(tr)}`);
    }
  }

  // weight
  for (const p of pages) {
    let total = p.bytes;
    const parts = [`html ${fmt(p.bytes)}`];
    for (const href of weighed.get(p.path) || []) {
      const r = await fetchOnce(href);
      total += r.bytes;
      parts.push(`${new URL(href).pathname} ${fmt(r.bytes)}`);
    }
    if (!stats.heaviest || total > stats.heaviest.total) stats.heaviest = { path: p.path, total, parts };
    if (total > opts.maxWeight) {
      stats.overWeight++;
      fail('weight', `${p.path}: ${fmt(total)} bytes > ${fmt(opts.maxWeight)} (${parts.join(', ')})`);
    }
  }

  // quick exit
  const qePages = pages.filter((p) => /\sdata-quick-exit\b|\sclass\s*=\s*(?:(["'])(?:[^"']*\s)?quick-exit(?:\s[^"']*)?\1|quick-exit[\s>])/i.test(p.html));
  const qe = await checkQuickExit(browser, origin, qePages, opts);
  await browser.close();
  await close();
  for (const v of cspViolations) fail('csp', `${v.page.replace(origin, '') || '(no page)'}: ${v.what}`);

  // ---------------------------------------------------------------- report
  const summary = {
    axe: `axe: ${pages.length} pages checked at 1280 and 320 px, ${stats.axeViolations} violations (${stats.axeNodes} elements)`,
    'reflow-320': `reflow-320: ${pages.length} pages, ${stats.overflowing} overflowing`,
    'third-party': `third-party: ${fmt(stats.requests)} requests, ${stats.otherHost} to other hosts (${stats.dataFonts} data: fonts)`,
    console: `console: ${stats.consoleErrors} errors`,
    links: `links: ${fmt(stats.linksChecked)} checked, ${stats.linksBroken} broken${failures.links.length > stats.linksBroken ? ` (+${failures.links.length - stats.linksBroken} other link problems)` : ''}; ${fmt(stats.external)} external not fetched, ${stats.ignored} tel:/mailto: ignored`,
    aliases: `aliases: ${aliases.length} redirect pages, ${aliasBroken} broken`,
    weight: stats.heaviest
      ? `weight: heaviest ${stats.heaviest.path} ${fmt(stats.heaviest.total)} bytes (limit ${fmt(opts.maxWeight)}; ${stats.heaviest.parts.join(', ')}), ${stats.overWeight} over`
      : 'weight: no pages',
    'quick-exit': `quick-exit: ${qe.pages} pages, js ${qe.jsOk ? 'ok' : 'FAILED'}, no-js ${qe.noJsOk ? 'ok' : 'FAILED'}`,
    csp: `csp: ${stats.cspPages} pages with the policy${headersFile ? ' (and the _headers headers)' : ''}, ${cspViolations.length} violations`,
  };
  let passed = 0;
  let failed = 0;
  console.log('');
  for (const g of GROUPS) {
    if (failures[g].length) {
      console.log(`FAIL ${g}:`);
      for (const f of failures[g]) console.log(`  - ${f}`);
    }
  }
  console.log('');
  for (const g of GROUPS) {
    const ok = failures[g].length === 0;
    if (ok) passed++;
    else failed++;
    console.log(`${summary[g]}${ok ? '' : '  <-- FAIL'}`);
  }
  console.log(`time: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(summaryLine('browser', passed, failed));
  process.exitCode = failed ? 1 : 0;
}

// ---------------------------------------------------------------- quick exit
async function checkQuickExit(browser, origin, qePages, opts) {
  const out = { pages: qePages.length, jsOk: true, noJsOk: true };
  const bad = (kind, msg) => {
    if (kind === 'js') out.jsOk = false;
    else out.noJsOk = false;
    fail('quick-exit', `[${kind}] ${msg}`);
  };
  if (qePages.length === 0) {
    out.jsOk = out.noJsOk = false;
    fail('quick-exit', `no page carries the quick-exit control (${QUICK_EXIT_SELECTOR})`);
    return out;
  }
  // Requests that leave the local server are answered here with a stub page: they are
  // recorded and never sent.
  const attempts = [];
  const stub = (ctx) => blockOtherHosts(ctx, origin, {
    onBlocked: (url) => attempts.push(url),
    stub: '<!DOCTYPE html><title>exit stub</title><p>exit</p>',
  });
  const jsCtx = await newContext(browser, opts, { viewport: WIDE });
  const noJsCtx = await newContext(browser, opts, { viewport: WIDE, javaScriptEnabled: false });
  await stub(jsCtx);
  await stub(noJsCtx);
  const exitUrls = new Set();

  const findControl = async (page) => page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const link = el.matches('a[href]') ? el : el.querySelector('a[href]') || el.closest('a[href]');
    if (!link) return { tag: el.tagName.toLowerCase(), href: null };
    link.setAttribute('data-haven-test-exit', '');
    return { tag: link.tagName.toLowerCase(), href: link.href, raw: link.getAttribute('href') };
  }, QUICK_EXIT_SELECTOR);

  const norm = (u) => {
    try {
      return new URL(u).href;
    } catch {
      return u;
    }
  };

  for (const entry of qePages) {
    const url = origin + entry.path;
    // ---- with JavaScript
    for (const trigger of ['Escape', 'Shift×3']) {
      const page = await jsCtx.newPage();
      try {
        await page.goto(origin + BLANK_PATH);
        await page.goto(url, { waitUntil: 'load' });
        const ctl = await findControl(page);
        if (!ctl || !ctl.href) {
          bad('js', `${entry.path}: no quick-exit link with an href (found ${ctl ? `<${ctl.tag}>` : 'nothing'})`);
          continue;
        }
        const exitUrl = norm(opts.exitUrl || ctl.href);
        exitUrls.add(exitUrl);
        if (new URL(exitUrl).origin === origin) bad('js', `${entry.path}: exit URL ${exitUrl} is on this site`);
        const histBefore = await page.evaluate(() => history.length);
        const before = attempts.length;
        if (trigger === 'Shift×3') {
          // a single Shift must not leave (people type capitals)
          await page.keyboard.press('Shift');
          await page.waitForTimeout(400);
          if (attempts.length > before || page.url() !== url) {
            bad('js', `${entry.path}: a single Shift already left the page`);
            continue;
          }
          await page.waitForTimeout(1600); // let a 'three within N ms' window expire
          for (let i = 0; i < 3; i++) {
            await page.keyboard.press('Shift');
            await page.waitForTimeout(80);
          }
        } else {
          await page.keyboard.press('Escape');
        }
        const deadline = Date.now() + 3000;
        while (Date.now() < deadline && !(attempts.length > before && page.url() !== url)) await page.waitForTimeout(50);
        const tried = attempts.slice(before);
        if (!tried.length) {
          bad('js', `${entry.path}: ${trigger} did not leave the page`);
          continue;
        }
        if (!tried.some((t) => norm(t) === exitUrl)) bad('js', `${entry.path}: ${trigger} went to ${tried[0]}, not ${exitUrl}`);
        await page.waitForLoadState('load').catch(() => {});
        if (norm(page.url()) !== exitUrl) bad('js', `${entry.path}: after ${trigger} the tab shows ${page.url()}, not ${exitUrl}`);
        const histAfter = await page.evaluate(() => history.length).catch(() => null);
        if (histAfter !== histBefore) bad('js', `${entry.path}: ${trigger}: history.length ${histBefore} → ${histAfter} (use location.replace so Back cannot return)`);
        await page.goBack({ timeout: 5000 }).catch(() => null);
        if (page.url() === url) bad('js', `${entry.path}: ${trigger}: Back returns to the page (use location.replace)`);
      } catch (e) {
        bad('js', `${entry.path}: ${trigger}: ${e.message.split('\n')[0]}`);
      } finally {
        await page.close();
      }
    }
    // ---- without JavaScript
    const page = await noJsCtx.newPage();
    try {
      await page.goto(url, { waitUntil: 'load' });
      const ctl = await findControl(page);
      if (!ctl || !ctl.href) {
        bad('no-js', `${entry.path}: no quick-exit link with an href (found ${ctl ? `<${ctl.tag}>` : 'nothing'})`);
        continue;
      }
      const exitUrl = norm(opts.exitUrl || ctl.href);
      exitUrls.add(exitUrl);
      if (!/^https?:\/\//.test(ctl.raw || '')) bad('no-js', `${entry.path}: href ${JSON.stringify(ctl.raw)} is not an absolute http(s) URL`);
      const link = page.locator('[data-haven-test-exit]').first();
      for (const vp of [WIDE, NARROW]) {
        await page.setViewportSize(vp);
        await page.evaluate(() => window.scrollTo(0, 0));
        if (!(await link.isVisible())) {
          bad('no-js', `${entry.path}: the link is not visible at ${vp.width} px without JavaScript`);
          continue;
        }
        const box = await link.boundingBox();
        if (!box || box.y < 0 || box.y + box.height > vp.height || box.x < 0 || box.x + box.width > vp.width) {
          bad('no-js', `${entry.path}: the link is outside the first screen at ${vp.width}x${vp.height} (box ${box ? `${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}x${Math.round(box.height)}` : 'none'})`);
        }
      }
      await page.setViewportSize(WIDE);
      if (await link.isVisible()) {
        const before = attempts.length;
        await link.click({ timeout: 5000 });
        const deadline = Date.now() + 3000;
        while (Date.now() < deadline && attempts.length === before) await page.waitForTimeout(50);
        const tried = attempts.slice(before);
        if (!tried.some((t) => norm(t) === exitUrl)) bad('no-js', `${entry.path}: clicking the link requested ${tried[0] || 'nothing'}, not ${exitUrl}`);
      }
    } catch (e) {
      bad('no-js', `${entry.path}: ${e.message.split('\n')[0]}`);
    } finally {
      await page.close();
    }
  }
  if (exitUrls.size > 1) fail('quick-exit', `pages disagree on the exit URL: ${[...exitUrls].join(', ')}`);
  await jsCtx.close();
  await noJsCtx.close();
  return out;
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  console.log(summaryLine('browser', 0, 1));
  process.exit(1);
});
