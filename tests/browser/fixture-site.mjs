// A hand-made mini site used to prove that every check in run.mjs and
// validate-html.mjs can fail. `writeFixture(dir, { bad })` writes the good
// pages always, and with `bad: true` also one deliberately broken page per check.
//
//   node tests/browser/fixture-site.mjs /tmp/fake-public        # good + bad pages
//   node tests/browser/fixture-site.mjs /tmp/fake-good --good   # good pages only
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const EXIT_URL = 'https://www.google.com/';
const BASE = 'https://fixture.example/'; // the site's public address, as in config base_url

const CSS = `*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}
body{margin:0 auto;max-width:60rem;padding:1rem}
a{color:#0645ad}
.quick-exit{position:sticky;top:0;display:inline-block;padding:.5rem 1rem;background:#8b0000;color:#fff;font-weight:700}
img{max-width:100%;height:auto}
.low-contrast{color:#bbb;background:#fff}
.too-wide{width:600px;background:#eee}
.hidden-exit{display:none}
`;

// The policy Haven's pages carry (src/output/security.rs).
const CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

// Quick exit done right: location.replace, Escape or Shift pressed three times.
const QUICK_EXIT_JS = `(function () {
  var link = document.querySelector('[data-quick-exit]');
  if (!link) return;
  var url = link.getAttribute('href');
  function leave(e) { if (e) e.preventDefault(); window.location.replace(url); }
  link.addEventListener('click', leave);
  var shifts = [];
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { leave(e); return; }
    if (e.key === 'Shift' && !e.repeat) {
      var now = Date.now();
      shifts = shifts.filter(function (t) { return now - t < 1500; });
      shifts.push(now);
      if (shifts.length >= 3) leave(e);
    }
  });
})();
`;

// Quick exit done wrong: pushes a history entry, and Shift is ignored.
const BAD_EXIT_JS = `(function () {
  var link = document.querySelector('[data-quick-exit]');
  link.style.display = 'inline-block';
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') window.location.href = link.getAttribute('href');
  });
})();
`;

function page({ title, body, head = '', lang = 'en', scripts = [], canonical = null, csp = true }) {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
${csp ? `<meta http-equiv="Content-Security-Policy" content="${CSP}">\n<meta name="referrer" content="no-referrer">\n` : ''}<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${canonical ? `<link rel="canonical" href="${BASE}${canonical.replace(/^\//, '')}">\n` : ''}<link rel="stylesheet" href="/css/style.css">
${head}</head>
<body>
<header><a href="/">Fixture home</a></header>
<main id="main">
<h1>${title}</h1>
${body}
</main>
${scripts.map((s) => `<script src="${s}"></script>`).join('\n')}
</body>
</html>
`;
}

function alias(target) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Redirecting</title>
<link rel="canonical" href="${target}">
<meta http-equiv="refresh" content="0; url=${target}">
</head>
<body><p><a href="${target}">Click here</a> if you are not redirected.</p></body>
</html>
`;
}

export function writeFixture(dir, { bad = true } = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  const put = (rel, text) => {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
  };
  put('css/style.css', CSS);
  put('js/quick-exit.js', QUICK_EXIT_JS);
  put('calendar.ics', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//fixture//EN\r\nEND:VCALENDAR\r\n');
  const locs = ['', 'about/', 'resources/', ...(bad ? ['not-built/'] : [])];
  put('sitemap.xml', `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${locs.map((l) => `<url><loc>${BASE}${l}</loc></url>`).join('\n')}
</urlset>
`);
  put('img/dot.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#333"/></svg>\n');

  const goodLinks = ['/about/', '/resources/', '/calendar.ics', '/sitemap.xml', '/about/#team'];
  const badLinks = bad
    ? ['/bad-axe/', '/external/', '/data-font/', '/overflow/', '/console-error/', '/broken-links/', '/heavy/', '/resources/bad-exit/', '/invalid-html/', '/csp-violation/']
    : [];
  put('index.html', page({
    title: 'Fixture home',
    canonical: '/',
    body: `<p>A mini site for the browser checks.</p>
<ul>${[...goodLinks, ...badLinks].map((l) => `<li><a href="${l}">${l}</a></li>`).join('')}
<li><a href="tel:911">Call 911</a></li><li><a href="mailto:ovp@example.org">Email us</a></li>
<li><a href="https://www.example.org/">An external site</a></li>
<li><a href="${BASE}about/">About, by its full address</a></li></ul>
<img src="/img/dot.svg" alt="A small square">`,
  }));
  put('about/index.html', page({ title: 'About', canonical: '/about/', body: '<h2 id="team">Team</h2><p>About this fixture.</p>' }));
  put('resources/index.html', page({
    title: 'Resources',
    body: `<p><a class="quick-exit" data-quick-exit href="${EXIT_URL}">Leave this site</a></p>
<p>Resources with a quick exit. Press Escape, or Shift three times.</p>`,
    scripts: ['/js/quick-exit.js'],
  }));
  put('old-about/index.html', alias('/about/'));
  put('404.html', page({ title: 'Page not found', body: '<p>That page does not exist. <a href="/">Go home</a>.</p>' }));

  if (!bad) return;
  // axe: image without alt text, and text with too little contrast.
  put('bad-axe/index.html', page({
    title: 'Bad axe',
    body: '<img src="/img/dot.svg"><p class="low-contrast">Low contrast text</p>',
  }));
  // third-party: an image from another host (blocked, never sent).
  put('external/index.html', page({
    title: 'External image',
    body: '<img src="https://images.example.com/photo.png" alt="A photo from elsewhere">',
  }));
  // third-party: a data: font (in a <style>, and without the policy, which would block both;
  // csp: so this page has no policy <meta>).
  put('data-font/index.html', page({
    title: 'Data font',
    csp: false,
    head: '<style>@font-face{font-family:Inlined;src:url(data:font/woff2;base64,d09GMgABAAAAAA) format("woff2")}p{font-family:Inlined,sans-serif}</style>\n',
    body: '<p>Text in an inlined font.</p>',
  }));
  // reflow-320: a fixed 600px-wide box.
  put('overflow/index.html', page({
    title: 'Overflow',
    body: '<div class="too-wide">This box is 600 pixels wide.</div>',
  }));
  // console: console.error and an uncaught exception.
  put('js/broken.js', "console.error('fixture: deliberate console error');\nnull.boom();\n");
  put('console-error/index.html', page({ title: 'Console error', body: '<p>Scripts fail here.</p>', scripts: ['/js/broken.js'] }));
  // links: a missing page, a missing image, a missing fragment, a non-canonical link (301).
  put('broken-links/index.html', page({
    title: 'Broken links',
    canonical: '/about/',
    body: `<p><a href="/no-such-page/">Missing page</a> <a href="/about/#no-such-id">Missing fragment</a>
<a href="/about">No trailing slash</a> <a href="${BASE}gone-too/">Full address, missing</a></p><img src="/img/missing.png" alt="Missing image">`,
  }));
  // weight: a 60 KB script.
  put('js/heavy.js', `/* heavy */\nwindow.heavy = "${'x'.repeat(60 * 1024)}";\n`);
  put('heavy/index.html', page({ title: 'Heavy', body: '<p>This page loads a large script.</p>', scripts: ['/js/heavy.js'] }));
  // quick-exit: location.href (Back returns), no triple Shift, hidden without JS.
  put('js/bad-exit.js', BAD_EXIT_JS);
  put('resources/bad-exit/index.html', page({
    title: 'Bad quick exit',
    body: `<p><a class="quick-exit hidden-exit" data-quick-exit href="${EXIT_URL}">Leave this site</a></p><p>A wrong quick exit.</p>`,
    scripts: ['/js/bad-exit.js'],
  }));
  // csp: a script and a style written into the page, which the policy blocks.
  put('csp-violation/index.html', page({
    title: 'Policy violations',
    body: '<p class="low">Inline code.</p><script>document.title = "ran";</script><p style="font-weight:700">Styled</p>',
  }));
  // aliases: a redirect to a page that does not exist.
  put('old-broken/index.html', alias('/gone/'));
  // html-validity: duplicate id, stray end tag, unknown attribute.
  put('invalid-html/index.html', page({
    title: 'Invalid HTML',
    body: '<p id="dup">One</p><p id="dup">Two</p></span><div frobnicate="yes">Unknown attribute</div>',
  }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node tests/browser/fixture-site.mjs DIR [--good]');
    process.exit(2);
  }
  writeFixture(dir, { bad: !process.argv.includes('--good') });
  console.log(`fixture site written to ${dir}`);
}
