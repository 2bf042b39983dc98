#!/usr/bin/env node
// What a reader's first search downloads: `node benches/search-bytes.mjs PUBLIC [QUERY]`
// (run by `cargo bench --bench build`, see benches/search.rs).
//
// Opens /search/ of a built site in Chromium with the network slowed like a 3G phone
// (400 ms round trip, 400 kbit/s each way, through the DevTools protocol), types QUERY
// (default "funeral") and counts the bytes received from the first keystroke until the results
// show, as the browser received them. Twice: from a server that sends files as they are (like
// tests/browser/lib.mjs), and from one that gzips text files, as most static hosts do.
// Prints one JSON object per server on stdout.
import http from 'node:http';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { contentType, launchBrowser } from '../tests/browser/lib.mjs';

const THROTTLE = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml))/;

function serve(dir, gzip) {
  const server = http.createServer(async (req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(dir, p);
    const body = await fsp.readFile(file).catch(() => null);
    if (!body || !file.startsWith(dir)) {
      res.writeHead(404).end();
      return;
    }
    const type = contentType(file);
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-store' };
    const packed = gzip && COMPRESSIBLE.test(type) && /gzip/.test(req.headers['accept-encoding'] || '');
    const out = packed ? zlib.gzipSync(body, { level: 6 }) : body;
    if (packed) headers['Content-Encoding'] = 'gzip';
    res.writeHead(200, { ...headers, 'Content-Length': out.length }).end(out);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function measure(browser, dir, query, gzip) {
  const server = await serve(dir, gzip);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  await context.route((u) => u.origin !== origin, (route) => route.abort());
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  const received = new Map();
  let counting = 'page';
  const urls = new Map();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, [counting, e.request.url]));
  cdp.on('Network.loadingFinished', (e) => {
    const [phase, url] = urls.get(e.requestId) || ['?', '?'];
    received.set(e.requestId, { phase, url, bytes: e.encodedDataLength });
  });
  const t0 = Date.now();
  await page.goto(origin + '/search/', { waitUntil: 'load' });
  const pageLoad = Date.now() - t0;
  await page.waitForTimeout(500);
  counting = 'search';
  const t1 = Date.now();
  await page.locator('#h-search-q').pressSequentially(query, { delay: 30 });
  await page.waitForFunction((q) => (document.querySelector('[data-search-status]')?.textContent ?? '').includes(q), query, { timeout: 120000 });
  const searchMs = Date.now() - t1;
  const count = await page.$$eval('.search-results li', (l) => l.length);
  await page.waitForTimeout(300);
  const sum = (phase) => [...received.values()].filter((r) => r.phase === phase).reduce((n, r) => n + r.bytes, 0);
  const files = [...received.values()].filter((r) => r.phase === 'search')
    .map((r) => `${new URL(r.url).pathname} ${r.bytes}`);
  await context.close();
  server.close();
  return {
    server: gzip ? 'gzip' : 'uncompressed',
    page_bytes: sum('page'),
    page_load_ms: pageLoad,
    first_search_bytes: sum('search'),
    first_search_ms: searchMs,
    results: count,
    files,
  };
}

const [dir, query = 'funeral'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node benches/search-bytes.mjs PUBLIC [QUERY]');
  process.exit(2);
}
const browser = await launchBrowser();
try {
  for (const gzip of [false, true]) {
    console.log(JSON.stringify(await measure(browser, path.resolve(dir), query, gzip)));
  }
} finally {
  await browser.close();
}
