// browser_test.mjs — the web app in a real browser (Debian's chromium, headless, driven by playwright-core)
// against a real g6 on the synthetic market. Run by CTest (tests/web/CMakeLists.txt) or by hand:
//
//   G6_BIN=build/tools/g6 G6_NPM_DIR=build/npm G6_TEST_OUT=/tmp/web-out node tests/web/browser_test.mjs
//
// G6_UPDATE_DOCS=1 also copies the screenshots to docs/web/. Exit 0 when every check passed, 1 otherwise.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const G6_BIN = path.resolve(process.env.G6_BIN || path.join(repo, 'build/tools/g6'));
const NPM_DIR = path.resolve(process.env.G6_NPM_DIR || path.join(repo, 'build/npm'));
const OUT = path.resolve(process.env.G6_TEST_OUT || path.join(os.tmpdir(), 'g6-web-test-out'));
const CHROMIUM = process.env.G6_CHROMIUM || '/usr/bin/chromium';
const FAKE_KITE_BIN = path.resolve(process.env.G6_FAKE_KITE_BIN || path.join(repo, 'build/tools/fake_kite/g6-fake-kite'));
const started = Date.now();

const require = createRequire(path.join(NPM_DIR, 'node_modules', '.g6-web-test.js'));
const { chromium } = require('playwright-core');

// ---------- bookkeeping ----------
const children = new Set();
const tmpDirs = [];
let failures = 0;
function log(msg) { console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${msg}`); }
function check(cond, msg) {
  if (cond) { log('ok   ' + msg); return true; }
  failures++;
  log('FAIL ' + msg);
  return false;
}
class Fatal extends Error {}
function must(cond, msg) { if (!check(cond, msg)) throw new Fatal(msg); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, fn, timeoutMs = 15000, everyMs = 200) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    await sleep(everyMs);
  }
  throw new Fatal(`timed out after ${timeoutMs} ms waiting for ${what}` + (last instanceof Error ? ` (${last.message})` : ''));
}
function killAll() {
  for (const c of children) { try { c.kill('SIGKILL'); } catch (e) { /* gone */ } }
}
process.on('exit', () => {
  killAll();
  for (const d of tmpDirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch (e) { /* best effort */ } }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { killAll(); process.exit(2); });

// ---------- g6 ----------
const SIM_START = '2026-11-26T09:15:00+05:30';
const G6_ARGS = (start) => ['run', '--provider', 'synthetic', '--clock', `sim:${start}@60x`, '--force-open'];
// IST wall time of an epoch ms, as the --clock option takes it.
function istText(ms) { return new Date(ms + 330 * 60000).toISOString().slice(0, 19) + '+05:30'; }
let g6Starts = 0;
// Starts g6 and resolves once its ready file (written when the node is up) names the live stream's URL.
function startG6(dataDir, port, extraEnv = {}, simStart = SIM_START, extraArgs = [], args = G6_ARGS(simStart)) {
  const env = { ...process.env, G6_SSE_PORT: String(port), ...extraEnv };
  delete env.G6_SSE_TOKEN;
  Object.assign(env, extraEnv);
  const readyFile = path.join(OUT, `g6-ready-${++g6Starts}.json`);
  fs.rmSync(readyFile, { force: true });
  const child = spawn(G6_BIN, [...args, '--data-dir', dataDir, '--ready-file', readyFile, ...extraArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const logFile = fs.createWriteStream(path.join(OUT, `g6-${path.basename(dataDir)}-${child.pid}.log`));
  let text = '';
  const found = new Promise((resolve, reject) => {
    const onData = (d) => {
      logFile.write(d);
      if (text.length < 100000) text += d.toString();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const poll = setInterval(() => {
      let ready = null;
      try { ready = JSON.parse(fs.readFileSync(readyFile, 'utf8')); } catch (e) { return; } // not written yet
      clearInterval(poll);
      if (typeof ready.sse !== 'string') reject(new Fatal(`g6 is up without a live stream: ${JSON.stringify(ready)}`));
      else resolve(Number(new URL(ready.sse).port));
    }, 50);
    child.on('error', (e) => { clearInterval(poll); children.delete(child); reject(new Fatal(`cannot start ${G6_BIN}: ${e.message}`)); });
    child.on('exit', (code, sig) => { clearInterval(poll); children.delete(child); reject(new Fatal(`g6 exited (${code ?? sig}) before it was up:\n${text.slice(-2000)}`)); });
    setTimeout(() => { clearInterval(poll); reject(new Fatal('g6 wrote no ready file within 20 s:\n' + text.slice(-2000))); }, 20000);
  });
  return found.then((p) => ({ child, port: p, base: `http://127.0.0.1:${p}` }));
}
async function stopG6(g) {
  if (!children.has(g.child)) return;
  const gone = new Promise((r) => g.child.once('exit', r));
  g.child.kill('SIGTERM');
  const t = setTimeout(() => g.child.kill('SIGKILL'), 8000);
  await gone;
  clearTimeout(t);
}
// g6-fake-kite (Kite's REST and WebSocket ticker on one port): resolves with its port.
function startFakeKite(clock, logName) {
  const child = spawn(FAKE_KITE_BIN, ['--port', '0', '--clock', clock, '--api-key', 'kite_web_key', '--api-secret', 'kite_web_secret',
    '--access-token', 'kite_web_token', '--quote-rate', '10'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const logFile = fs.createWriteStream(path.join(OUT, logName));
  let text = '';
  return new Promise((resolve, reject) => {
    const onData = (d) => {
      logFile.write(d);
      if (text.length < 100000) text += d.toString();
      const m = /listening on (\d+)/.exec(text);
      if (m) resolve({ child, port: Number(m[1]) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, sig) => { children.delete(child); reject(new Fatal(`g6-fake-kite exited (${code ?? sig}):\n${text.slice(-2000)}`)); });
    setTimeout(() => reject(new Fatal('g6-fake-kite did not report its port within 10 s:\n' + text.slice(-2000))), 10000);
  });
}
async function getJson(url, headers = {}) {
  const r = await fetch(url, { headers });
  let body = null;
  try { body = await r.json(); } catch (e) { /* not JSON */ }
  return { status: r.status, body, headers: r.headers };
}
function quantile(a, p) {
  if (!a.length) return NaN;
  const s = a.slice().sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}
const ms = (v) => (v == null || !isFinite(v) ? 'n/a' : v.toFixed(2) + ' ms');

// ---------- the canonical serializer and sha256 against real panels (node side) ----------
function unitTestLjson(panelsDir) {
  const ctx = { TextEncoder, crypto: globalThis.crypto, isSecureContext: true };
  ctx.globalThis = ctx;
  vm.createContext(ctx);
  vm.runInContext(fs.readFileSync(path.join(repo, 'web/ljson.js'), 'utf8'), ctx);
  const J = ctx.G6J;
  const manifest = JSON.parse(fs.readFileSync(path.join(panelsDir, 'manifest.json'), 'utf8'));
  let good = 0, total = 0;
  for (const [file, hash] of Object.entries(manifest.hashes)) {
    total++;
    const env = J.parse(fs.readFileSync(path.join(panelsDir, file), 'utf8'));
    const text = J.canonical(env.data);
    const mine = J.sha256Sync(new TextEncoder().encode(text));
    const ref = crypto.createHash('sha256').update(text, 'utf8').digest('hex');
    if (mine === hash && ref === hash) good++;
    else log(`     ${file}: canonical sha256 ${mine.slice(0, 12)} (node ${ref.slice(0, 12)}) != manifest ${hash.slice(0, 12)}`);
  }
  check(total >= 5 && good === total, `canonical JSON + sha256 reproduce manifest.json for ${good}/${total} real panels`);
  // nlohmann's escapes and number texts, and an RFC 7386 patch.
  const src = '{"b":[1,2.50,-0.0,1e+20],"a":"q\\"\\\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\\u00e9\\ud834\\udd1e x","c":{"x":1,"y":{"z":true}}}';
  const v = J.parse(src);
  const expected = '{"a":"q\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001fé𝄞 x","b":[1,2.50,-0.0,1e+20],"c":{"x":1,"y":{"z":true}}}';
  check(J.canonical(v) === expected, 'canonical JSON: sorted keys, literal numbers, nlohmann string escapes');
  const patched = J.mergePatch(v, J.parse('{"c":{"x":null,"y":{"w":2.0}},"d":[]}'));
  check(J.canonical(patched) === '{"a":"q\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001fé𝄞 x","b":[1,2.50,-0.0,1e+20],"c":{"y":{"w":2.0,"z":true}},"d":[]}'
    && J.canonical(v) === expected, 'merge patch (RFC 7386) applies copy-on-write');
  for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'é€𝄞'.repeat(700)]) {
    const bytes = new TextEncoder().encode(s);
    if (J.sha256Sync(bytes) !== crypto.createHash('sha256').update(bytes).digest('hex')) { check(false, `sha256Sync of ${s.length} chars`); return; }
  }
  check(true, 'the fallback sha256 matches node:crypto on the padding edge cases');
}

// ---------- page helpers ----------
function watchConsole(page, name, bag) {
  page.on('console', (m) => {
    if (m.type() === 'error') bag.push(`${name}: console.error: ${m.text()}`);
    if (process.env.G6_TEST_VERBOSE) log(`     ${name} console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => bag.push(`${name}: page error: ${e.message}`));
}
const connState = (page) => page.evaluate(() => document.getElementById('conn').dataset.state);
async function chainSnapshot(page) {
  return page.evaluate(() => {
    const t = document.getElementById('chain');
    const rows = [...t.tBodies[0].rows].map((tr) => ({
      strike: tr.dataset.strike,
      ce: tr.querySelectorAll('td[data-type="CE"]').length,
      pe: tr.querySelectorAll('td[data-type="PE"]').length,
      cells: [...tr.querySelectorAll('td')].map((td) => td.dataset.type + ':' + td.dataset.f + '=' + td.textContent),
    }));
    return { ts: Number(t.dataset.ts || 0), index: t.dataset.index, expiry: t.dataset.expiry, rows };
  });
}
async function shot(page, name) {
  const file = path.join(OUT, name + '.png');
  await page.screenshot({ path: file });
  shots.push(file);
  return file;
}
const shots = [];
const fmt2 = (v) => (v == null ? '–' : v.toFixed(2).replace('-', '\u2212'));

// ---------- between cycles: streamed quotes move the chain ----------
// g6 in stream mode against g6-fake-kite, a cycle every 10 s of real time (30 s at 3x): between two
// cycles the ATM strikes of the shown chain change from ticks, the page says so, and no /api/chain
// request was needed for it.
async function betweenCycles(browser, consoleErrors) {
  if (!fs.existsSync(FAKE_KITE_BIN)) { check(false, `g6-fake-kite at ${FAKE_KITE_BIN}`); return; }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'g6-web-stream-'));
  tmpDirs.push(dir);
  const clock = 'sim:2026-11-26T10:00:00+05:30@3x';
  const kite = await startFakeKite(clock, 'g6-fake-kite.log');
  const config = JSON.parse(execFileSync(G6_BIN, ['config', 'show'], { encoding: 'utf8', env: { ...process.env, G6_SSE_TOKEN: '', G6_SSE_PORT: '0' } }));
  config.providers.primary = 'kite';
  config.providers.kite = { token_file: path.join(dir, 'token.json'), quotes: 'stream', ticker_url: `ws://127.0.0.1:${kite.port}/ws` };
  config.sse.tick_rate_hz = 4;
  const configFile = path.join(dir, 'g6.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const env = { G6_KITE_BASE_URL: `http://127.0.0.1:${kite.port}`, KITE_API_KEY: 'kite_web_key', KITE_ACCESS_TOKEN: 'kite_web_token' };
  const g = await startG6(path.join(dir, 'data'), 0, env, SIM_START, [], ['run', '--config', configFile, '--clock', clock, '--force-open']);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  try {
    const page = await ctx.newPage();
    watchConsole(page, 'stream page', consoleErrors);
    let chainRequests = 0;
    page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/chain') chainRequests++; });
    await page.goto(g.base + '/#/chain/NIFTY');
    await until('the NIFTY chain of a stream-mode node', async () => (await chainSnapshot(page)).rows.length > 0, 30000);
    await until('a live update of the shown chain', () => page.evaluate(() => !!document.getElementById('chain-live')), 20000);
    // A window of 2.5 s between two cycles (a cycle comes every 20 s; a window a cycle cut is tried again).
    let measured = false;
    for (let attempt = 0; attempt < 4 && !measured; attempt++) {
      const before = await chainSnapshot(page);
      const requestsBefore = chainRequests;
      const updatesBefore = await page.evaluate(() => window.g6Timings.liveUpdates || 0);
      await sleep(2500);
      const after = await chainSnapshot(page);
      if (after.ts !== before.ts || chainRequests !== requestsBefore) continue;
      measured = true;
      const updates = (await page.evaluate(() => window.g6Timings.liveUpdates || 0)) - updatesBefore;
      const liveText = await page.evaluate(() => document.getElementById('chain-live').textContent);
      let changed = 0;
      for (let i = 0; i < Math.min(before.rows.length, after.rows.length); i++)
        for (let j = 0; j < before.rows[i].cells.length; j++) if (before.rows[i].cells[j] !== after.rows[i].cells[j]) changed++;
      check(updates > 0 && changed > 0,
        `between cycles the chain moves with ticks: ${updates} live updates, ${changed} cells changed in 2.5 s without an /api/chain request (${liveText.trim()})`);
    }
    check(measured, 'a 2.5 s window between cycles was found');
    await shot(page, 'chain-live');
  } finally {
    await ctx.close();
    await stopG6(g);
    kite.child.kill('SIGTERM');
  }
}

// ---------- the run ----------
async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (/^g6-.*\.log$|\.png$/.test(f)) fs.rmSync(path.join(OUT, f));
  must(fs.existsSync(G6_BIN), `g6 binary at ${G6_BIN}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'g6-web-'));
  const tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'g6-web-token-'));
  tmpDirs.push(dataDir, tokenDir);

  let g = await startG6(dataDir, 0);
  log(`g6 serving ${g.base} (data ${dataDir})`);
  // The token node also beats every second (sse.heartbeat_seconds = 1), so "stale" shows within 2 s.
  const config = JSON.parse(execFileSync(G6_BIN, ['config', 'show'], { encoding: 'utf8', env: { ...process.env, G6_SSE_TOKEN: '', G6_SSE_PORT: '0' } }));
  config.sse.heartbeat_seconds = 1;
  const configFile = path.join(tokenDir, 'g6-web-test.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const tokenG6P = startG6(tokenDir, 0, { G6_SSE_TOKEN: 'web-test-token-7f3a' }, SIM_START, ['--config', configFile]); // starts meanwhile

  // Wait for data: /api/indices lists every enabled index (the indices panel of /resync names them).
  const resync = await until('a first snapshot on /resync', async () => {
    const r = await getJson(g.base + '/resync');
    return r.status === 200 && r.body.panels && r.body.panels.indices && r.body.panels.indices.indices.length ? r.body : null;
  });
  const enabled = resync.panels.indices.indices.map((r) => r.index);
  const apiIndices = await until('/api/indices with every enabled index', async () => {
    const r = await getJson(g.base + '/api/indices');
    return r.status === 200 && enabled.every((i) => r.body.indices.some((x) => x.index === i)) ? r.body.indices : null;
  });
  log(`enabled indices: ${enabled.join(', ')}`);
  unitTestLjson(path.join(dataDir, 'panels'));

  const launchArgs = process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: launchArgs });
  try {
    const consoleErrors = [];
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    const page = await ctx.newPage();
    watchConsole(page, 'page', consoleErrors);
    // Page weight: every answer the page loads, chart.min.js apart.
    const weights = new Map();
    page.on('response', async (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/' || u.pathname.startsWith('/assets/')) {
        try { weights.set(u.pathname, { bytes: (await r.body()).length, wire: Number(r.headers()['content-length'] || 0), enc: r.headers()['content-encoding'] || '' }); } catch (e) { /* navigated away */ }
      }
    });

    // 1. The chain first (first render is measured on it), NIFTY, nearest expiry.
    const base = g.base;
    await page.goto(base + '/#/chain/NIFTY');
    await until('the NIFTY chain rendered', async () => (await chainSnapshot(page)).rows.length > 0);
    await page.evaluate(() => { window.__g6NoReload = 'marker'; });
    const nearest = apiIndices.find((x) => x.index === 'NIFTY').expiries[0].expiry;
    // Compare with /api/chain for the same snapshot (the page may be a cycle ahead or behind).
    let matched = false, snap, api;
    for (let attempt = 0; attempt < 15 && !matched; attempt++) {
      snap = await chainSnapshot(page);
      api = (await getJson(g.base + '/api/chain?index=NIFTY')).body;
      if (api && api.ts_ms === snap.ts) matched = true; else await sleep(300);
    }
    must(matched, 'page and /api/chain show the same NIFTY snapshot');
    check(snap.expiry === nearest && api.expiry === nearest, `the chain is the nearest expiry (${nearest})`);
    const apiStrikes = api.strikes.map((s) => String(Number(s.strike)));
    const pageStrikes = snap.rows.map((r) => r.strike);
    check(JSON.stringify(apiStrikes) === JSON.stringify(pageStrikes),
      `one data-strike row per /api/chain strike (${pageStrikes.length} rows: ${pageStrikes[0]} … ${pageStrikes[pageStrikes.length - 1]})`);
    const collected = api.strikes.filter((s) => s.CE || s.PE).map((s) => String(Number(s.strike)));
    check(collected.every((k) => pageStrikes.includes(k)) && collected.length > 0, `every collected strike (${collected.length}) has its row`);
    check(snap.rows.every((r) => r.ce === 9 && r.pe === 9), 'each row has 9 data-type="CE" and 9 data-type="PE" cells');
    // The live panel's chain (ATM ± N strikes of the nearest expiry) is a subset of the rows.
    const livePanel = (await getJson(g.base + '/resync')).body.panels.chain_NIFTY;
    if (livePanel && livePanel.expiry === snap.expiry) {
      const live = livePanel.strikes.map((s) => String(Number(s.strike)));
      const shown = (await chainSnapshot(page)).rows.map((r) => r.strike);
      check(live.every((k) => shown.includes(k)), `every strike of the live chain_NIFTY panel (${live.length}) has its row`);
    }
    let ltpOk = 0;
    for (const s of api.strikes) {
      const row = snap.rows.find((r) => r.strike === String(Number(s.strike)));
      const ce = row && row.cells.find((c) => c.startsWith('CE:ltp='));
      const pe = row && row.cells.find((c) => c.startsWith('PE:ltp='));
      if (ce === 'CE:ltp=' + fmt2(s.CE && s.CE.ltp) && pe === 'PE:ltp=' + fmt2(s.PE && s.PE.ltp)) ltpOk++;
    }
    check(ltpOk === api.strikes.length, `LTP cells equal /api/chain's values (${ltpOk}/${api.strikes.length} strikes)`);
    const atmRow = await page.evaluate(() => { const tr = document.querySelector('#chain tr.atm'); return tr && tr.dataset.strike; });
    check(atmRow === String(Number(api.atm_strike)), `the ATM row (${atmRow}) is /api/chain's atm_strike`);

    // 2. Values change after the next cycle, applied in place (the row elements survive).
    await page.evaluate(() => { document.querySelector('#chain tbody tr').__kept = 1; });
    const before = await chainSnapshot(page);
    const after = await until('the next cycle on the chain', async () => { const s = await chainSnapshot(page); return s.ts > before.ts ? s : null; }, 10000);
    const changedCells = after.rows.reduce((n, r, i) => n + r.cells.filter((c, j) => !before.rows[i] || before.rows[i].cells[j] !== c).length, 0);
    check(changedCells > 0, `values change after the next cycle (${changedCells} cells differ, ts ${before.ts} → ${after.ts})`);
    const kept = await page.evaluate(() => document.querySelector('#chain tbody tr').__kept === 1);
    check(kept || JSON.stringify(after.rows.map((r) => r.strike)) !== JSON.stringify(before.rows.map((r) => r.strike)),
      'an update with the same strikes changes cells in place (rows kept)');
    const flashed = await page.evaluate(() => document.querySelectorAll('#chain td.fu, #chain td.fd').length);
    check(flashed > 0, `changed cells are marked (${flashed} flashing)`);
    await until('a few more cycles for the timings', async () => (await page.evaluate(() => window.g6Timings.chainApply.length)) >= 5, 12000);
    await shot(page, 'chain');
    check(await connState(page) === 'live', 'connection state shows live');

    // 3. Overview: every enabled index.
    await page.evaluate(() => { location.hash = '#/overview/NIFTY'; });
    const ovRows = await until('overview rows', async () => {
      const names = await page.$$eval('#ov tbody tr', (trs) => trs.map((tr) => tr.dataset.index));
      return enabled.every((i) => names.includes(i)) ? names : null;
    });
    check(true, `every enabled index appears in the overview (${ovRows.join(', ')})`);
    await until('overview extras (max pain) for an index', async () => page.evaluate(() =>
      [...document.querySelectorAll('#ov tbody tr')].some((tr) => /\d/.test(tr.cells[14].textContent))), 10000).catch(() => check(false, 'max pain shown in the overview'));
    const health = await page.$eval('#health', (e) => e.textContent);
    check(/Breaker/.test(health) && /Storage/i.test(health) && /Stale indices/.test(health), 'overview shows provider/breaker, storage and stale indices');
    await shot(page, 'overview');

    // Keyboard and URL state: 2 → chain, ] → next expiry (in the URL), 1 → overview.
    const expiries = apiIndices.find((x) => x.index === 'NIFTY').expiries.map((e) => e.expiry);
    await page.keyboard.press('2');
    await until('the chain view from key 2', async () => (await page.evaluate(() => location.hash)).startsWith('#/chain/NIFTY'), 5000);
    if (expiries.length > 1) {
      await page.keyboard.press(']');
      await until('the next expiry from key ]', async () => (await page.evaluate(() => location.hash)) === `#/chain/NIFTY/${expiries[1]}`, 5000);
      await until('the chain of the next expiry', async () => (await chainSnapshot(page)).expiry === expiries[1], 10000);
      check(true, `keys: 2 opens the chain, ] the next expiry (${expiries[1]}), in the URL`);
    }
    await page.keyboard.press('1');
    await until('the overview from key 1', async () => (await page.evaluate(() => location.hash)).startsWith('#/overview/NIFTY'), 5000);

    // 4. Smile and OI: charts drawn from the chain.
    await page.evaluate(() => { location.hash = '#/smile/NIFTY'; });
    const smileSets = await until('the smile chart', () => page.evaluate(() => {
      const c = Chart.getChart(document.getElementById('smile-chart'));
      return c && c.data.datasets.filter((d) => d.data.length).length >= 3 ? c.data.datasets.length : 0;
    }));
    await sleep(2500); // the other expiries' curves arrive one per cycle
    check(smileSets >= 3, `smile chart has OTM line, CE and PE points (${smileSets} datasets)`);
    // The fitted SVI curve of the selected expiry runs through the market points.
    const fit = await until('the fitted smile', () => page.evaluate(() => {
      const c = Chart.getChart(document.getElementById('smile-chart'));
      const curve = c && c.data.datasets.find((d) => / SVI fit$/.test(d.label));
      const ce = c && c.data.datasets.find((d) => / CE$/.test(d.label));
      if (!curve || !curve.data.length || !ce || !ce.data.length) return null;
      const info = document.getElementById('smile-info').textContent;
      return { points: curve.data.length, lo: curve.data[0].x, hi: curve.data[curve.data.length - 1].x,
               ivs: curve.data.map((p) => p.y), info };
    }));
    check(fit.points >= 20 && fit.hi > fit.lo, `fitted curve of ${fit.points} points over strikes ${fit.lo.toFixed(0)}–${fit.hi.toFixed(0)}`);
    check(fit.ivs.every((v) => v > 1 && v < 200), 'fitted IVs are percentages in a sane range');
    check(/SVI fit [0-9.]+ vol pts RMSE/.test(fit.info) && /butterfly/.test(fit.info), `smile info states the fit: ${fit.info.slice(fit.info.indexOf('SVI'), fit.info.indexOf('SVI') + 60)}`);
    await shot(page, 'smile');
    await page.evaluate(() => { location.hash = '#/oi/NIFTY'; });
    const oiBars = await until('the OI chart', () => page.evaluate(() => {
      const c = Chart.getChart(document.getElementById('oi-chart'));
      return c && c.data.labels.length ? c.data.labels.length : 0;
    }));
    check(oiBars === apiStrikes.length || oiBars > 0, `OI chart has a bar group per strike (${oiBars})`);
    await shot(page, 'oi');

    // 5. History: the chart gains points live.
    await page.evaluate(() => { location.hash = '#/history/NIFTY'; });
    const p0 = await until('history points', () => page.evaluate(() => window.g6Timings.historyPoints || 0));
    const p1 = await until('more history points after the next cycles', async () => {
      const n = await page.evaluate(() => window.g6Timings.historyPoints || 0);
      return n > p0 ? n : 0;
    }, 12000);
    const under = await page.evaluate(() => Chart.getChart(document.getElementById('h-under')).data.datasets[0].data.length);
    check(p1 > p0 && under > 0, `the history charts gain points (${p0} → ${p1}; underlying ${under})`);
    await shot(page, 'history');

    // 6. The 400-row update benchmark in this page.
    const bench = await page.evaluate(() => window.g6BenchChain(400, 20));
    const benchAll = await page.evaluate(() => window.g6BenchChain(400, 6, true));
    check(bench.applyP50 < 50, `400-row chain update: apply p50 ${ms(bench.applyP50)}, max ${ms(bench.applyMax)} (${bench.rowsWritten} rows in sight written; target < 16 ms: ${bench.applyP50 < 16 ? 'met' : 'NOT met'}); to next frame p50 ${ms(bench.frameP50)}`);
    log(`     every row written: apply p50 ${ms(benchAll.applyP50)}, max ${ms(benchAll.applyMax)}; to next frame p50 ${ms(benchAll.frameP50)}`);

    // Console errors so far (a healthy run has none).
    check(consoleErrors.length === 0, 'no console errors' + (consoleErrors.length ? ':\n  ' + consoleErrors.join('\n  ') : ''));

    // 7. Phone width and dark scheme.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => { location.hash = '#/chain/NIFTY'; });
    await until('the chain at phone width', async () => (await chainSnapshot(page)).rows.length > 0);
    await sleep(600);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `the page fits 390 px (horizontal overflow ${overflow} px)`);
    await shot(page, 'chain-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await sleep(1200);
    await shot(page, 'chain-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // 8. g6 restarts (same data dir and port): the page resumes without a reload.
    const tsBefore = (await chainSnapshot(page)).ts;
    // The simulated clock starts where it is told: the restarted node carries on a minute after the
    // last stored cycle, as a real restart would (a sim clock from 09:15 again would go back in time).
    const lastStored = (await getJson(g.base + '/api/chain?index=NIFTY')).body.ts_ms;
    await stopG6(g);
    await until('the page notices the restart', async () => ['reconnecting', 'stale'].includes(await connState(page)), 10000);
    check(true, `page shows "${await connState(page)}" while g6 is down`);
    g = await startG6(dataDir, g.port, {}, istText(Math.ceil(lastStored / 60000) * 60000 + 60000));
    log(`g6 restarted on ${g.base}`);
    await until('live again after the restart', async () => (await connState(page)) === 'live', 20000);
    const resumed = await until('a new cycle on the chain after the restart', async () => {
      const s = await chainSnapshot(page);
      return s.ts > tsBefore ? s : null;
    }, 20000);
    const noReload = await page.evaluate(() => window.__g6NoReload === 'marker');
    check(noReload && resumed.rows.length > 0, `after the restart the page is live and shows new cycles without a reload (ts ${tsBefore} → ${resumed.ts})`);
    const stats = await page.evaluate(() => ({ ...window.g6Stream.stats, verifyMs: undefined, lastId: window.g6Stream.lastId }));
    check(stats.diffs > 0 && stats.mismatches === 0, `stream: ${stats.diffs} diffs and ${stats.fulls} snapshots applied, every hash verified (${stats.mismatches} mismatches, ${stats.resyncs} resyncs)`);
    const fallback = await page.evaluate(async () => {
      const t = JSON.stringify(window.g6Stream.panels).slice(0, 5000);
      return G6J.sha256Sync(new TextEncoder().encode(t)) === await G6J.sha256(t) && G6J.usesSubtle;
    });
    check(fallback, 'in the page, the fallback sha256 equals crypto.subtle\'s');

    // Timings.
    const T = await page.evaluate(() => window.g6Timings);
    const nav = await page.evaluate(() => performance.getEntriesByType('navigation')[0].duration);
    const waterfall = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      const seen = new Set();
      const parts = [`html ${n.responseEnd.toFixed(0)}`, `DOMContentLoaded ${n.domContentLoadedEventEnd.toFixed(0)}`];
      for (const r of performance.getEntriesByType('resource')) {
        const name = new URL(r.name).pathname.replace(/\.[0-9a-f]{12}\./, '.');
        if (seen.has(name) || name === '/events') continue;
        seen.add(name);
        parts.push(`${name} ${r.startTime.toFixed(0)}–${r.responseEnd.toFixed(0)}`);
      }
      return parts.slice(0, 9).join(', ');
    });
    const weightRows = [...weights.entries()].filter(([p]) => !/chart\.min(\.[0-9a-f]+)?\.js$/.test(p));
    const weight = weightRows.reduce((a, [, w]) => a + w.bytes, 0);
    const wire = weightRows.reduce((a, [, w]) => a + (w.wire || w.bytes), 0);
    check(weight > 0 && weight < 200 * 1024, `page weight without chart.min.js: ${(weight / 1024).toFixed(1)} KiB (${(wire / 1024).toFixed(1)} KiB on the wire)`);
    // The target is 1 s on loopback; the check fails only on a gross regression (shared CI machines).
    check(T.firstChain != null && T.firstChain < 3000, `first render (navigation start → first chain rendered): ${ms(T.firstChain)} (target < 1000 ms: ${T.firstChain < 1000 ? 'met' : 'NOT met'})`);
    log(`TIMINGS first chain ${ms(T.firstChain)} · navigation ${ms(nav)} · live chain apply (${T.chainRows} rows, ${T.chainApply.length} cycles) p50 ${ms(quantile(T.chainApply, 0.5))} max ${ms(Math.max(...T.chainApply))} · to next frame p50 ${ms(quantile(T.chainFrame, 0.5))} · 400-row apply p50 ${ms(bench.applyP50)} max ${ms(bench.applyMax)}, frame p50 ${ms(bench.frameP50)} max ${ms(bench.frameMax)} (all rows written: apply p50 ${ms(benchAll.applyP50)} max ${ms(benchAll.applyMax)}, frame p50 ${ms(benchAll.frameP50)}) · hash check per diff p50 ${ms(quantile(await page.evaluate(() => window.g6Stream.stats.verifyMs), 0.5))}`);
    const snap0 = await page.evaluate(() => window.g6Stream.stats.firstSnapshot);
    log('WATERFALL (ms from navigation start) ' + waterfall + ` · /api/chain parsed ${ms(T.firstChainData)}, chain rendered ${ms(T.firstChain)}` +
      (snap0 ? ` · first panel_full (${(snap0.bytes / 1024).toFixed(0)} KiB) checked and applied by ${ms(snap0.at)} in ${ms(snap0.ms)}` : ''));
    log('WEIGHT ' + weightRows.map(([p, w]) => `${p} ${w.bytes} B${w.enc ? ' (' + w.enc + ' ' + w.wire + ' B)' : ''}`).join(', '));
    await ctx.close();

    // 9. With a token: 401 before login, works after.
    const tg = await tokenG6P;
    log(`token g6 serving ${tg.base}`);
    const unauth = await getJson(tg.base + '/api/indices');
    check(unauth.status === 401, `/api/indices without a session answers 401 (${unauth.status}, reason ${unauth.body && unauth.body.reason})`);
    const ev401 = await fetch(tg.base + '/events'); ev401.body && ev401.body.cancel();
    check(ev401.status === 401, `/events without a session answers 401 (${ev401.status})`);
    const tctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const tpage = await tctx.newPage();
    const tErrors = [];
    watchConsole(tpage, 'token page', tErrors);
    await tpage.goto(tg.base + '/#/overview');
    await until('the login form', () => tpage.isVisible('#login-form'));
    check(await connState(tpage) === 'unauthorised', 'before login the page shows the login form and "unauthorised"');
    await shot(tpage, 'login');
    await tpage.fill('#token', 'wrong-token');
    await tpage.click('#login-form button');
    await until('the wrong-token message', async () => /wrong/i.test(await tpage.textContent('#login-err')), 5000);
    check(await tpage.isVisible('#login-form'), 'a wrong token is refused and the form stays');
    await tpage.fill('#token', 'web-test-token-7f3a');
    await tpage.click('#login-form button');
    await until('the overview after login', async () => (await tpage.$$('#ov tbody tr')).length >= enabled.length, 15000);
    await until('live after login', async () => (await connState(tpage)) === 'live', 10000);
    const cookies = await tctx.cookies();
    const session = cookies.find((c) => c.name === 'g6_session');
    check(session && session.httpOnly && session.sameSite === 'Strict', 'after login: HttpOnly SameSite=Strict session cookie, overview filled, live');
    // Stale: the node stops (SIGSTOP) with the stream open → no event for 2 heartbeats → "stale"; it
    // resumes (SIGCONT) → "live".
    tg.child.kill('SIGSTOP');
    await until('"stale" while the node is stopped', async () => (await connState(tpage)) === 'stale', 8000);
    tg.child.kill('SIGCONT');
    await until('"live" once the node resumes', async () => (await connState(tpage)) === 'live', 8000);
    check(true, 'a stopped node shows "stale" after two heartbeats, "live" again when it resumes');
    const unexpected = tErrors.filter((e) => !/\b401\b|\b403\b|Unauthorized|Forbidden/i.test(e));
    check(unexpected.length === 0, 'no console errors on the token page besides the expected 401/403' + (unexpected.length ? ':\n  ' + unexpected.join('\n  ') : ''));
    await tctx.close();
    await stopG6(tg);

    await betweenCycles(browser, consoleErrors);
  } finally {
    await browser.close();
  }
  await stopG6(g);

  if (process.env.G6_UPDATE_DOCS === '1') {
    const docs = path.join(repo, 'docs', 'web');
    fs.mkdirSync(docs, { recursive: true });
    for (const f of shots) fs.copyFileSync(f, path.join(docs, path.basename(f)));
    log(`screenshots copied to ${docs}`);
  }
  log('screenshots: ' + shots.join(' '));
}

main().catch((e) => {
  failures++;
  log('FAIL ' + (e instanceof Fatal ? e.message : (e && e.stack) || e));
}).finally(() => {
  killAll();
  log(failures ? `${failures} check(s) failed` : 'all checks passed');
  process.exit(failures ? 1 : 0);
});
