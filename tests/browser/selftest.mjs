#!/usr/bin/env node
// Proves the browser checks can fail: runs run.mjs and validate-html.mjs on the
// fixture site (fixture-site.mjs) once with good pages only (everything must pass)
// and once with one broken page per check (every group must fail, for the right reason).
//
//   node tests/browser/selftest.mjs            (about a minute)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFixture } from './fixture-site.mjs';
import { summaryLine } from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-selftest-'));
const good = path.join(tmp, 'good');
const bad = path.join(tmp, 'bad');
writeFixture(good, { bad: false });
writeFixture(bad, { bad: true });

function run(script, dir) {
  const r = spawnSync(process.execPath, [path.join(HERE, script), dir], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: (r.stdout || '') + (r.stderr || '') };
}

let passed = 0;
let failed = 0;
function expect(name, ok, detail) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : `\n${detail}`}`);
}

// Lines of the failure list that belong to one group.
function groupLines(out, group) {
  const lines = out.split('\n');
  const start = lines.indexOf(`FAIL ${group}:`);
  if (start < 0) return [];
  const res = [];
  for (let i = start + 1; i < lines.length && lines[i].startsWith('  '); i++) res.push(lines[i]);
  return res.join('\n');
}

const g = run('run.mjs', good);
expect('good site: run.mjs passes all 9 groups', g.code === 0 && /^browser: 9 passed, 0 failed$/m.test(g.out), g.out);
const gv = run('validate-html.mjs', good);
expect('good site: validate-html passes', gv.code === 0 && /html-validity: \d+ pages checked, 0 errors/.test(gv.out), gv.out);

const b = run('run.mjs', bad);
expect('bad site: run.mjs exits non-zero with 9 failed groups', b.code === 1 && /^browser: 0 passed, 9 failed$/m.test(b.out), b.out);
const want = {
  axe: [/\/bad-axe\/ \[1280\] image-alt/, /\/bad-axe\/ \[320\] color-contrast/],
  'reflow-320': [/\/overflow\/: scrollWidth \d+ > innerWidth 320; widest offending element: .*div\.too-wide/],
  'third-party': [/\/external\/ \[1280\]: image request to https:\/\/images\.example\.com/, /\/data-font\/ \[320\]: data: font/],
  console: [/\/console-error\/ \[1280\]: fixture: deliberate console error/, /\/console-error\/ \[320\]: uncaught:/],
  links: [/no-such-page\/: status 404/, /gone-too\/: status 404/, /broken-links\/: canonical link https:\/\/fixture\.example\/about\/ names another page/, /sitemap\.xml: <loc> https:\/\/fixture\.example\/not-built\/: status 404/, /no element with id "no-such-id"/, /\/about: 301 redirect/, /img\/missing\.png: status 404/],
  aliases: [/\/old-broken\/ → \/gone\/: status 404/],
  weight: [/\/heavy\/: [\d,]+ bytes > 51,200/],
  csp: [/\/csp-violation\/: script-src-elem blocked inline/, /\/csp-violation\/: style-src-attr blocked inline/, /\/data-font\/: 0 Content-Security-Policy <meta> elements/],
  'quick-exit': [/bad-exit\/: Escape: Back returns to the page/, /bad-exit\/: Shift×3 did not leave/, /\[no-js\] \/resources\/bad-exit\/: the link is not visible at 320 px/],
};
for (const [group, patterns] of Object.entries(want)) {
  const lines = groupLines(b.out, group);
  const missing = patterns.filter((re) => !re.test(lines));
  expect(`bad site: ${group} fails for the planted reason`, missing.length === 0, `  missing ${missing.join(', ')} in:\n${lines}`);
  // and only on the planted pages: the good pages must not appear
  const stray = lines.split('\n').filter((l) => /127\.0\.0\.1:\d+\/(about|resources)\/ |\s\/(about|resources)\/(:| \[)/.test(l));
  expect(`bad site: ${group} does not blame the good pages`, stray.length === 0, stray.join('\n'));
}
const bv = run('validate-html.mjs', bad);
expect('bad site: validate-html finds the 4 planted errors', bv.code === 1 && /html-validity: \d+ pages checked, 4 errors/.test(bv.out)
  && /Duplicate ID/.test(bv.out) && /Stray end tag/.test(bv.out), bv.out);

fs.rmSync(tmp, { recursive: true, force: true });
console.log(summaryLine('selftest', passed, failed));
process.exitCode = failed ? 1 : 0;
