// What the browser checks in this folder share: the local static server, Debian's Chromium
// through playwright-core, blocking requests to other hosts, axe-core, folder listing and
// the closing `NAME: N passed, M failed` line. Used by run.mjs, sessions.mjs, resources.mjs,
// publication.mjs, validate-html.mjs and selftest.mjs; it checks nothing by itself.
//
//   serveFolder(dir, { extraPages })  serves dir on 127.0.0.1 (a free port) → { origin, close },
//                                     with the headers of dir/_headers as Netlify would send them
//   launchBrowser()                   headless Chromium (HAVEN_CHROMIUM or /usr/bin/chromium),
//                                     a fresh profile, no network of its own
//   blockOtherHosts(context, origin, { onBlocked, stub })
//                                     requests to anything but origin are never sent
//   watchCsp(context)                 every Content-Security-Policy violation in its pages
//                                     (securitypolicyviolation events, CSP console messages)
//   runAxe(page, tags)                axe-core's violations on the page (WCAG A+AA tags);
//                                     axeVersion() the installed axe-core's version
//   parseSiteArgs(argv, spec)         `SITE_DIR [options]`; a bad argument exits 2 with the usage
//   listFiles(dir)                    every file below dir, sorted
//   summaryLine(name, passed, failed) `name: N passed, M failed`
//   REPO                              the repository's root (node_modules is there)
import http from 'node:http';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// ---------------------------------------------------------------- static server
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml; charset=utf-8',
  '.xsl': 'application/xslt+xml',
  '.atom': 'application/atom+xml',
  '.rss': 'application/rss+xml',
  '.ics': 'text/calendar; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.vcf': 'text/vcard; charset=utf-8',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/**
 * Serves `dir` on 127.0.0.1 at a free port, as a static host would: GET and HEAD only,
 * `/x/` → `x/index.html`, a folder without its slash → 301 to it, a missing file →
 * `404.html` (or plain text) with status 404, nothing outside `dir`, `Cache-Control: no-store`.
 * `extraPages` maps URL paths to HTML answered with 200 (test pages that are not in `dir`).
 * When `dir` has a `_headers` file (which Haven writes), every answer carries the headers it
 * gives for the path, as Netlify and Cloudflare Pages would send them, so the pages are
 * checked with the security headers on.
 * Returns `{ origin, close }`: origin is `http://127.0.0.1:PORT` (no slash); close() stops it.
 */
export async function serveFolder(dir, { extraPages = {} } = {}) {
  const rootAbs = path.resolve(dir);
  const notFoundFile = path.join(rootAbs, '404.html');
  const headerRules = parseHeadersFile(await fsp.readFile(path.join(rootAbs, '_headers'), 'utf8').catch(() => ''));
  const send = (req, res, status, headers, body) => {
    const fromFile = headersFor(headerRules, new URL(req.url, 'http://127.0.0.1').pathname);
    res.writeHead(status, { 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body), ...fromFile, ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const notFound = async (req, res) => {
    const body = await fsp.readFile(notFoundFile).catch(() => null);
    if (body) return send(req, res, 404, { 'Content-Type': TYPES['.html'] }, body);
    return send(req, res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'not found');
  };
  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(req, res, 405, { Allow: 'GET, HEAD' }, '');
      const u = new URL(req.url, 'http://127.0.0.1');
      if (Object.hasOwn(extraPages, u.pathname)) {
        return send(req, res, 200, { 'Content-Type': TYPES['.html'] }, extraPages[u.pathname]);
      }
      let p;
      try {
        p = decodeURIComponent(u.pathname);
      } catch {
        return send(req, res, 400, { 'Content-Type': 'text/plain' }, 'bad request');
      }
      if (p.includes('\0')) return send(req, res, 400, { 'Content-Type': 'text/plain' }, 'bad request');
      let file = path.join(rootAbs, p);
      if (file !== rootAbs && !file.startsWith(rootAbs + path.sep)) return notFound(req, res);
      let st = await fsp.stat(file).catch(() => null);
      if (st && st.isDirectory()) {
        if (!p.endsWith('/')) {
          return send(req, res, 301, { Location: u.pathname + '/' + u.search, 'Content-Type': 'text/plain' }, 'moved');
        }
        file = path.join(file, 'index.html');
        st = await fsp.stat(file).catch(() => null);
      }
      if (!st || !st.isFile()) return notFound(req, res);
      const body = await fsp.readFile(file);
      return send(req, res, 200, { 'Content-Type': contentType(file) }, body);
    } catch (e) {
      return send(req, res, 500, { 'Content-Type': 'text/plain' }, String(e));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const close = () => new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return { origin, close };
}

/**
 * The rules of a Netlify / Cloudflare Pages `_headers` file: [{ pattern, headers }], where a
 * rule is a path line (`/*`, `/docs/*`, `/about/`) followed by indented `Name: value` lines.
 */
export function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    if (!/^\s/.test(line)) rules.push({ pattern: line.trim(), headers: {} });
    else if (rules.length) {
      const m = line.trim().match(/^([^:]+):\s*(.*)$/);
      if (m) rules[rules.length - 1].headers[m[1]] = m[2];
    }
  }
  return rules;
}

/** The headers the rules give `pathname` (`*` matches anything, later rules add to earlier ones). */
export function headersFor(rules, pathname) {
  const out = {};
  for (const { pattern, headers } of rules) {
    const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
    if (re.test(pathname)) Object.assign(out, headers);
  }
  return out;
}

// ---------------------------------------------------------------- browser
const CHROMIUM = process.env.HAVEN_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
];

/** Debian's Chromium (or $HAVEN_CHROMIUM), headless, with a fresh profile of its own. */
export async function launchBrowser() {
  // imported here, so that the scripts that start no browser do not load playwright-core
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Requests from `context` to anything but `origin` are never sent: aborted
 * ('blockedbyclient'), or with `stub` (HTML) answered 200 with that page, as a stand-in
 * for an exit URL. `onBlocked(url)` is called for each.
 */
export function blockOtherHosts(context, origin, { onBlocked = null, stub = null } = {}) {
  return context.route((u) => u.origin !== origin, (route) => {
    if (onBlocked) onBlocked(route.request().url());
    if (stub === null) return route.abort('blockedbyclient');
    return route.fulfill({ status: 200, contentType: 'text/html', body: stub });
  });
}

/**
 * Records every Content-Security-Policy violation in the pages of `context`: the
 * `securitypolicyviolation` events (listened for before any script of a page runs) and the
 * console's CSP messages. Returns the list of { page, what }, which grows as pages run; call
 * it before the context opens its first page.
 */
export async function watchCsp(context) {
  const seen = [];
  await context.exposeBinding('__havenCspViolation', ({ page }, what) => {
    seen.push({ page: page ? page.url() : '', what });
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const where = e.sourceFile ? ` (${e.sourceFile}:${e.lineNumber})` : '';
      window.__havenCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline code'}${where}${e.sample ? `: ${e.sample}` : ''}`);
    }, true);
  });
  context.on('console', (m) => {
    if (/content.security.policy/i.test(m.text())) seen.push({ page: m.page() ? m.page().url() : '', what: m.text() });
  });
  return seen;
}

// ---------------------------------------------------------------- axe-core
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_DIR = path.join(REPO, 'node_modules', 'axe-core');
let axeSource = null;

/** axe-core's version, from node_modules (the one `npm ci` installed). */
export async function axeVersion() {
  return JSON.parse(await fsp.readFile(path.join(AXE_DIR, 'package.json'), 'utf8')).version;
}

/** Injects axe-core into the page (read once) and returns its violations for `tags`. */
export async function runAxe(page, tags = AXE_TAGS) {
  axeSource ??= fsp.readFile(path.join(AXE_DIR, 'axe.min.js'), 'utf8');
  await page.evaluate(await axeSource);
  const result = await page.evaluate((values) => window.axe.run(document, {
    runOnly: { type: 'tag', values },
    resultTypes: ['violations'],
  }), tags);
  return result.violations;
}

// ---------------------------------------------------------------- arguments, files, results
/**
 * Parses `SITE_DIR [options]`. `values` maps an option that takes a value to
 * `[key, convert]` (convert(text, fail) returns what is stored; fail(msg) is the usage exit),
 * `flags` maps a switch to the key set to true, `defaults` gives the other keys. --help or a
 * bad argument prints `SCRIPT: message` and `usage` to stderr and exits 2.
 */
export function parseSiteArgs(argv, { script, usage, values = {}, flags = {}, defaults = {} }) {
  const fail = (msg) => {
    if (msg) console.error(`${script}: ${msg}`);
    console.error(usage);
    process.exit(2);
  };
  const opts = { site: null, ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (Object.hasOwn(values, a)) {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      const [key, convert = (v) => v] = values[a];
      opts[key] = convert(argv[++i], fail);
    } else if (Object.hasOwn(flags, a)) opts[flags[a]] = true;
    else if (a === '--help' || a === '-h') fail();
    else if (a.startsWith('-')) fail(`unknown option ${a}`);
    else if (!opts.site) opts.site = a;
    else fail(`unexpected argument ${a}`);
  }
  if (!opts.site) fail('missing the site folder');
  return opts;
}

/** Every file (not folder) below `dir`, as absolute paths, sorted. */
export async function listFiles(dir) {
  const out = [];
  const walk = async (d) => {
    for (const ent of await fsp.readdir(d, { withFileTypes: true })) {
      const full = path.join(d, ent.name);
      if (ent.isDirectory()) await walk(full);
      else if (ent.isFile()) out.push(full);
    }
  };
  await walk(path.resolve(dir));
  return out.sort();
}

/** The closing line every script prints: `name: N passed, M failed`. */
export function summaryLine(name, passed, failed) {
  return `${name}: ${passed} passed, ${failed} failed`;
}
