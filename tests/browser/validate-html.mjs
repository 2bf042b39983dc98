#!/usr/bin/env node
// HTML validity of a built Haven site, with the Nu Html Checker (vnu.jar, needs Java 17+).
//
//   node tests/browser/validate-html.mjs public
//
// Checks every .html file under the folder (alias redirect pages and 404.html too) in
// one JVM, prints every error as file:line:column: message, then
// `html-validity: N pages checked, E errors`; exits 1 when E > 0. Folder listing from lib.mjs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles, REPO } from './lib.mjs';

const VNU = path.join(REPO, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const BATCH = 400; // files per JVM, to stay far below the argument-length limit

function runVnu(files) {
  return new Promise((resolve, reject) => {
    const java = process.env.JAVA || 'java';
    const args = ['-Xss1024k', '-jar', VNU, '--format', 'json', '--errors-only', '--stdout',
      '--no-langdetect', '--exit-zero-always', ...files];
    const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out));
      } catch {
        reject(new Error(`vnu exited ${code} without JSON output:\n${err || out}`));
      }
    });
  });
}

async function main() {
  const site = process.argv[2];
  if (!site || process.argv.length > 3) {
    console.error('usage: node tests/browser/validate-html.mjs SITE_DIR');
    process.exit(2);
  }
  const root = path.resolve(site);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    console.error(`validate-html: ${root} is not a folder (build the site first)`);
    process.exit(1);
  }
  if (!fs.existsSync(VNU)) {
    console.error(`validate-html: ${VNU} is missing (run npm ci)`);
    process.exit(1);
  }
  const files = (await listFiles(root)).filter((f) => /\.html?$/i.test(path.basename(f)));
  if (files.length === 0) {
    console.error(`validate-html: no HTML files under ${root}`);
    console.log('html-validity: 0 pages checked, 0 errors');
    process.exit(1);
  }
  const t0 = Date.now();
  const messages = [];
  for (let i = 0; i < files.length; i += BATCH) {
    const res = await runVnu(files.slice(i, i + BATCH));
    messages.push(...(res.messages || []));
  }
  const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal');
  const perFile = new Map();
  for (const m of errors) {
    const file = m.url ? path.relative(root, fileURLToPath(m.url)) : '(unknown)';
    const line = m.lastLine ?? m.firstLine ?? '?';
    const col = m.firstColumn ?? m.lastColumn ?? '?';
    const extract = m.extract ? `\n      ${m.extract.replace(/\s+/g, ' ').trim().slice(0, 160)}` : '';
    console.log(`  ${file}:${line}:${col}: ${m.type === 'error' ? '' : `[${m.type}] `}${m.message}${extract}`);
    perFile.set(file, (perFile.get(file) || 0) + 1);
  }
  if (perFile.size) {
    console.log(`files with errors: ${[...perFile].map(([f, n]) => `${f} (${n})`).join(', ')}`);
  }
  console.log(`html-validity: ${files.length} pages checked, ${errors.length} errors (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  process.exitCode = errors.length ? 1 : 0;
}

main().catch((e) => {
  console.error(`validate-html: ${e.stack || e}`);
  console.log('html-validity: could not run the checker');
  process.exit(1);
});
