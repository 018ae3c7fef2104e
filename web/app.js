// app.js — G6 live web view: overview, option chain, smile, OI by strike, intraday history.
// Live data: the panels of /events (stream.js, hash-checked). Per cycle of the shown index, one
// /api/chain; history incrementally (from = last point + 1) and only for the visible view.
(function () {
  'use strict';

  const T = (window.g6Timings = { firstRender: null, firstChain: null, firstChainData: null, firstSnapshot: null, chainApply: [], chainFrame: [], chainRows: 0, bench: null });
  const $ = (id) => document.getElementById(id);
  const VIEWS = ['overview', 'chain', 'smile', 'oi', 'history'];
  const BUCKETS = ['this_week', 'next_week', 'this_month', 'next_month'];
  const BUCKET_SHORT = { this_week: 'TW', next_week: 'NW', this_month: 'TM', next_month: 'NM' };
  const MINUS = '\u2212';

  // ---------- formatting ----------
  function sign(s) { return s.charCodeAt(0) === 45 ? MINUS + s.slice(1) : s; }
  function fixed(v, d) { return v === null || v === undefined || !isFinite(v) ? '–' : sign(v.toFixed(d)); }
  function signed(v, d) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    const s = Math.abs(v).toFixed(d);
    return (v > 0 && Number(s) !== 0 ? '+' : v < 0 && Number(s) !== 0 ? MINUS : '') + s;
  }
  function group(v) { // Indian digit grouping: 12,34,56,789
    if (v === null || v === undefined || !isFinite(v)) return '–';
    const neg = v < 0;
    let s = String(Math.round(Math.abs(v)));
    if (s.length > 3) {
      const last = s.slice(-3);
      let rest = s.slice(0, -3);
      let out = '';
      while (rest.length > 2) { out = ',' + rest.slice(-2) + out; rest = rest.slice(0, -2); }
      s = rest + out + ',' + last;
    }
    return (neg ? MINUS : '') + s;
  }
  // Lakhs (1 L = 100,000) with 2 decimals: the chain's OI and volume in one unit and a steady width.
  function lakh(v) { return v === null || v === undefined || !isFinite(v) ? '–' : sign((v / 1e5).toFixed(2)); }
  function signedLakh(v) { return v === null || v === undefined || !isFinite(v) ? '–' : signed(v / 1e5, 2); }
  function signedGroup(v) { return v === null || v === undefined || !isFinite(v) ? '–' : (v > 0 ? '+' : '') + group(v); }
  function pct(v, d) { return v === null || v === undefined || !isFinite(v) ? '–' : (v * 100).toFixed(d === undefined ? 2 : d); }
  function arrow(v) { return !isFinite(v) || v === 0 ? '' : v > 0 ? ' ▲' : ' ▼'; }
  function dir(v) { return !isFinite(v) || v === null || v === 0 ? '' : v > 0 ? 'up' : 'dn'; }
  function strikeText(s) { return String(Number(s)); }
  function timeOf(iso) { return typeof iso === 'string' && iso.length >= 19 ? iso.slice(11, 19) : '–'; }
  const IST_MS = 330 * 60000;
  function hhmm(ms) {
    const d = new Date(ms + IST_MS);
    return String(d.getUTCHours()).padStart(2, '0') + ':' + String(d.getUTCMinutes()).padStart(2, '0');
  }
  function hhmmss(ms) { const d = new Date(ms + IST_MS); return hhmm(ms) + ':' + String(d.getUTCSeconds()).padStart(2, '0'); }
  function esc(s) { return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c])); }

  // ---------- state ----------
  const S = {
    view: 'overview', index: null, expiry: null,   // expiry null = nearest
    indices: [],                                    // from /api/indices
    expiries: {},                                   // index -> [{expiry, bucket}]
    chain: null,                                    // last /api/chain answer shown
    chainKey: '',
    extra: {},                                      // index -> {max_pain, pcr_vol, expiry} (overview)
    auth: false,
  };
  let stream = null;

  // ---------- requests: a client-side token bucket under the server's 10/s, burst 20 ----------
  const bucket = { tokens: 8, cap: 8, rate: 6, at: performance.now() };
  function takeToken() {
    const now = performance.now();
    bucket.tokens = Math.min(bucket.cap, bucket.tokens + (now - bucket.at) * bucket.rate / 1000);
    bucket.at = now;
    if (bucket.tokens >= 1) { bucket.tokens -= 1; return 0; }
    return (1 - bucket.tokens) * 1000 / bucket.rate;
  }
  async function api(path) {
    for (let attempt = 0; ; attempt++) {
      let wait;
      while ((wait = takeToken()) > 0) await new Promise((r) => setTimeout(r, wait));
      const r = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
      if (r.status === 401 || r.status === 403) { needLogin(r.status); throw new AuthError(r.status); }
      if (r.status === 429 && attempt < 3) {
        const after = Number(r.headers.get('Retry-After')) || 1;
        await new Promise((res) => setTimeout(res, after * 1000));
        continue;
      }
      let body = null;
      try { body = await r.json(); } catch (e) { /* not JSON */ }
      if (!r.ok) throw new Error(path.split('?')[0] + ': ' + r.status + (body && body.error ? ' ' + body.error : ''));
      return body;
    }
  }
  function AuthError(status) { this.status = status; this.message = 'unauthorised'; }

  function showMsg(text) {
    const m = $('msg');
    m.textContent = text || '';
    m.hidden = !text;
  }
  function report(err) {
    if (err instanceof AuthError) return;
    showMsg(String(err && err.message || err));
  }

  // ---------- login ----------
  function needLogin(status) {
    S.auth = true;
    setConn('unauthorised');
    $('login').hidden = false;
    $('login-err').textContent = status === 403 ? 'The node refused this session; sign in again.' : '';
    setTimeout(() => $('token').focus(), 0);
  }
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = $('token').value;
    $('login-err').textContent = '';
    let r;
    try {
      r = await fetch('/login', { method: 'POST', credentials: 'same-origin', headers: { Authorization: 'Bearer ' + token } });
    } catch (err) {
      $('login-err').textContent = 'The node cannot be reached.';
      return;
    }
    if (r.status === 204 || r.ok) {
      $('token').value = '';
      $('login').hidden = true;
      $('logout').hidden = false;
      boot();
    } else {
      $('login-err').textContent = r.status === 403 ? 'Wrong token.' : r.status === 429 ? 'Too many attempts; wait a moment.' : 'Sign-in failed (' + r.status + ').';
    }
  });
  $('logout').addEventListener('click', async () => {
    await fetch('/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => {});
    if (stream) stream.stop();
    $('logout').hidden = true;
    needLogin(401);
  });
  async function probeAuth() {
    try {
      const r = await fetch('/api/indices', { credentials: 'same-origin', cache: 'no-store' });
      if (r.status === 401 || r.status === 403) { needLogin(r.status); return false; }
    } catch (e) { /* the node is down: not an auth question */ }
    return true;
  }

  // ---------- connection state ----------
  const CONN_TEXT = { connecting: 'connecting', live: 'live', stale: 'stale', reconnecting: 'reconnecting', unauthorised: 'unauthorised' };
  function setConn(state, detail) {
    const c = $('conn');
    c.dataset.state = state;
    c.querySelector('b').textContent = CONN_TEXT[state] || state;
    c.title = detail || '';
  }

  // ---------- routing: #/<view>/<INDEX>/<YYYY-MM-DD> ----------
  function readRoute() {
    const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
    S.view = VIEWS.includes(parts[0]) ? parts[0] : 'overview';
    if (parts[1]) S.index = parts[1].toUpperCase();
    S.expiry = parts[2] && /^\d{4}-\d{2}-\d{2}$/.test(parts[2]) ? parts[2] : null;
  }
  function routeHash() {
    let h = '#/' + S.view;
    if (S.index) h += '/' + encodeURIComponent(S.index);
    if (S.index && S.expiry) h += '/' + S.expiry;
    return h;
  }
  function go(changes, replace) {
    Object.assign(S, changes);
    const h = routeHash();
    if (location.hash !== h) {
      if (replace) history.replaceState(null, '', h);
      else history.pushState(null, '', h);
    }
    applyRoute();
  }
  window.addEventListener('hashchange', () => { readRoute(); applyRoute(); });
  window.addEventListener('popstate', () => { readRoute(); applyRoute(); });

  let shownView = null, shownKey = '';
  function applyRoute() {
    for (const v of VIEWS) $('v-' + v).hidden = v !== S.view;
    for (const a of document.querySelectorAll('#tabs a')) {
      a.setAttribute('aria-current', a.dataset.view === S.view ? 'page' : 'false');
      a.href = '#/' + a.dataset.view + (S.index ? '/' + S.index + (S.expiry ? '/' + S.expiry : '') : '');
    }
    fillSelects();
    document.body.dataset.view = S.view;
    const key = S.view + '|' + S.index + '|' + (S.expiry || '');
    const changed = key !== shownKey;
    shownView = S.view;
    shownKey = key;
    if (!changed) return;
    if (S.view === 'overview') { renderOverview(); refreshExtra(); }
    else if (S.view === 'history') withCharts(() => history_.reset());
    else refreshChain(true);
    updateQuote();
  }

  function fillSelects() {
    const is = $('index-sel');
    const names = S.indices.map((r) => r.index);
    if (is.dataset.names !== names.join(',')) {
      is.innerHTML = names.map((n) => '<option>' + esc(n) + '</option>').join('');
      is.dataset.names = names.join(',');
    }
    if (S.index) is.value = S.index;
    const es = $('expiry-sel');
    const list = S.expiries[S.index] || [];
    const sig = list.map((e) => e.expiry).join(',');
    if (es.dataset.sig !== sig) {
      es.innerHTML = list.map((e) => '<option value="' + e.expiry + '">' + e.expiry + ' · ' + (BUCKET_SHORT[e.bucket] || e.bucket || '') + '</option>').join('');
      es.dataset.sig = sig;
    }
    es.value = S.expiry || (list[0] && list[0].expiry) || '';
  }
  $('index-sel').addEventListener('change', (e) => go({ index: e.target.value, expiry: null }));
  $('expiry-sel').addEventListener('change', (e) => go({ expiry: e.target.value }));

  function currentExpiry() {
    const list = S.expiries[S.index] || [];
    return S.expiry || (list[0] && list[0].expiry) || null;
  }
  function currentBucket() {
    const list = S.expiries[S.index] || [];
    const e = list.find((x) => x.expiry === currentExpiry());
    return (e && e.bucket) || (S.chain && S.chain.bucket) || 'this_week';
  }

  // ---------- keyboard ----------
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
    const k = e.key;
    if (k >= '1' && k <= '5') go({ view: VIEWS[Number(k) - 1] });
    else if (k === '[' || k === ']') {
      const list = S.expiries[S.index] || [];
      if (!list.length) return;
      let i = list.findIndex((x) => x.expiry === currentExpiry());
      i = Math.max(0, Math.min(list.length - 1, i + (k === ']' ? 1 : -1)));
      go({ expiry: list[i].expiry });
    } else if (k === 'i' || k === 'I') {
      const names = S.indices.map((r) => r.index);
      if (!names.length) return;
      let i = names.indexOf(S.index);
      i = (i + (k === 'i' ? 1 : names.length - 1)) % names.length;
      go({ index: names[i], expiry: null });
    } else if (k === 'a') scrollToAtm();
    else if (k === '?') $('help').hidden = !$('help').hidden;
    else if (k === 'Escape') $('help').hidden = true;
    else return;
    e.preventDefault();
  });
  $('help-btn').addEventListener('click', () => { $('help').hidden = !$('help').hidden; });
  $('help').addEventListener('click', () => { $('help').hidden = true; });

  // ---------- header quote ----------
  function indexRow(name) {
    const p = stream && stream.panels.indices;
    return p && Array.isArray(p.indices) ? p.indices.find((r) => r.index === name) : null;
  }
  function updateQuote() {
    const r = indexRow(S.index);
    const q = $('quote');
    if (!r) { q.textContent = S.index || ''; return; }
    const d = dir(r.change);
    q.innerHTML = '<b>' + esc(r.index) + '</b> <span class="num">' + fixed(r.underlying, 2) + '</span> <span class="num ' + d + '">' +
      signed(r.change, 2) + ' (' + signed(r.change_pct, 2) + '%)' + arrow(r.change) + '</span>';
    $('asof').textContent = 'as of ' + timeOf(r.as_of) + ' IST · cycle ' + r.cycle;
  }

  // ---------- overview ----------
  function renderOverview() {
    const p = stream && stream.panels.indices;
    const rows = p && Array.isArray(p.indices) ? p.indices : [];
    const tb = document.querySelector('#ov tbody');
    const html = rows.map((r) => {
      const x = S.extra[r.index] || {};

      const pcr = BUCKETS.map((b) => '<td class="num">' + fixed(r.pcr && r.pcr[b], 2) + '</td>').join('');
      const iv = BUCKETS.map((b) => '<td class="num">' + pct(r.atm_iv && r.atm_iv[b]) + '</td>').join('');
      const o = r.options || {};
      const full = o.collected === o.expected;
      const st = r.stale ? 'stale' : r.status || '–';
      const stCls = r.stale || (r.status && r.status !== 'ok') ? 'bad' : 'ok';
      return '<tr data-index="' + esc(r.index) + '" tabindex="0"><th class="l">' + esc(r.index) + '</th>' +
        '<td class="num">' + fixed(r.underlying, 2) + '</td>' +
        '<td class="num ' + dir(r.change) + '">' + signed(r.change, 2) + arrow(r.change) + '</td>' +
        '<td class="num ' + dir(r.change) + '">' + signed(r.change_pct, 2) + '</td>' + pcr + iv +
        '<td class="num">' + fixed(x.pcr_vol, 2) + '</td><td class="num">' + (x.max_pain == null ? '–' : strikeText(x.max_pain)) + '</td>' +
        '<td class="l">' + esc(x.expiry || '–') + '</td>' +
        '<td class="num ' + (full ? '' : 'warn') + '">' + (o.collected ?? '–') + '/' + (o.expected ?? '–') + (full ? '' : ' !') + '</td>' +
        '<td class="num">' + (r.cycle ?? '–') + '</td><td class="num">' + fixed(r.age_seconds, 0) + ' s</td>' +
        '<td class="l ' + stCls + '">' + (stCls === 'ok' ? '✓ ' : '✗ ') + esc(st) + '</td></tr>';
    }).join('');
    if (tb.dataset.html !== html) { tb.innerHTML = html; tb.dataset.html = html; }
    renderHealth();
    if (rows.length && T.firstRender === null) T.firstRender = performance.now();
  }
  document.querySelector('#ov tbody').addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-index]');
    if (tr) go({ view: 'chain', index: tr.dataset.index, expiry: null });
  });
  document.querySelector('#ov tbody').addEventListener('keydown', (e) => {
    const tr = e.target.closest('tr[data-index]');
    if (tr && e.key === 'Enter') go({ view: 'chain', index: tr.dataset.index, expiry: null });
  });

  function kv(k, v, cls) { return '<div><dt>' + k + '</dt><dd class="' + (cls || '') + '">' + v + '</dd></div>'; }
  function renderHealth() {
    const P = (stream && stream.panels) || {};
    if (!P.summary) {
      const el = $('health');
      if (el.dataset.html !== 'none') { el.innerHTML = '<p class="hint">Node health appears with the first event of the live stream.</p>'; el.dataset.html = 'none'; }
      return;
    }
    const s = P.summary || {}, st = P.storage || {}, pr = (P.providers && P.providers.providers) || [], sys = (P.system && P.system.components) || [];
    const stale = s.stale_indices || [];
    let h = '<section class="card"><h3>Node</h3><dl>' +
      kv('Health', (s.health === 'healthy' ? '✓ ' : '✗ ') + esc(s.health || '–'), s.health === 'healthy' ? 'ok' : 'bad') +
      kv('Cycle', s.cycle ?? '–') + kv('Indices ok', (s.indices_ok ?? '–') + '/' + (s.indices_total ?? '–')) +
      kv('Cycle latency', fixed(s.latency_ms, 1) + ' ms') +
      kv('Stale indices', stale.length ? '✗ ' + esc(stale.join(', ')) : '✓ none', stale.length ? 'bad' : 'ok') +
      kv('Time', esc(timeOf(s.time)) + ' IST') + '</dl></section>';
    h += '<section class="card wide"><h3>Providers</h3><table class="mini"><tr><th class="l">Provider</th><th class="l">Serving</th><th class="l">Breaker</th><th class="l">Auth</th><th>Req/s</th><th>Err %</th></tr>' +
      pr.map((p) => '<tr><td class="l">' + esc(p.provider) + '</td><td class="l ' + (p.serving ? 'ok' : 'bad') + '">' + (p.serving ? '✓ yes' : '✗ no') + '</td>' +
        '<td class="l ' + (p.breaker_state === 'closed' ? 'ok' : 'bad') + '">' + (p.breaker_state === 'closed' ? '● ' : '○ ') + esc(p.breaker_state || '–') + '</td>' +
        '<td class="l">' + esc(p.auth_state || '–') + '</td><td class="num">' + fixed(p.requests_per_second, 0) + '</td><td class="num">' + pct(p.error_ratio, 1) + '</td></tr>').join('') +
      '</table></section>';
    h += '<section class="card"><h3>Storage</h3><dl>' +
      kv('Sink', esc(st.sink || '–')) + kv('Available', st.available ? '✓ yes' : '✗ no', st.available ? 'ok' : 'bad') +
      kv('Commits', group(st.commits)) + kv('Rows written', group(st.rows_written)) +
      kv('Commit last / avg', fixed(st.commit_latency_ms_last, 2) + ' / ' + fixed(st.commit_latency_ms_avg, 2) + ' ms') +
      kv('Database', st.database_bytes == null ? '–' : (st.database_bytes / 1048576).toFixed(1) + ' MiB') + '</dl></section>';
    const down = sys.filter((c) => !c.running), restarts = sys.reduce((a, c) => a + (c.restarts || 0), 0);
    h += '<section class="card"><h3>Components</h3><dl>' +
      kv('Running', (sys.length - down.length) + '/' + sys.length, down.length ? 'bad' : 'ok') +
      kv('Not running', down.length ? '✗ ' + esc(down.map((c) => c.label).join(', ')) : '✓ none', down.length ? 'bad' : 'ok') +
      kv('Restarts', restarts, restarts ? 'warn' : '') + '</dl></section>';
    const el = $('health');
    if (el.dataset.html !== h) { el.innerHTML = h; el.dataset.html = h; }
  }

  // Overview extras (max pain, PCR volume of the nearest expiry): every index missing them at once (the
  // request bucket spaces them), then one /api/chain per cycle, round robin.
  let extraTurn = 0, extraBusy = 0;
  function refreshExtra() {
    if (S.view !== 'overview' || !S.indices.length) return;
    const missing = S.indices.map((x) => x.index).filter((n) => !(n in S.extra));
    const names = missing.length ? missing : [S.indices[extraTurn++ % S.indices.length].index];
    for (const name of names) {
      if (extraBusy >= 5) return;
      extraBusy++;
      S.extra[name] = S.extra[name] || null;
      api('/api/chain?index=' + encodeURIComponent(name)).then((c) => {
        S.extra[name] = chainStats(c);
        renderOverview();
      }).catch((e) => { delete S.extra[name]; report(e); }).finally(() => { extraBusy--; });
    }
  }
  function chainStats(c) {
    let ce = 0, pe = 0;
    for (const s of c.strikes || []) { ce += (s.CE && s.CE.volume) || 0; pe += (s.PE && s.PE.volume) || 0; }
    return { max_pain: c.max_pain, pcr_vol: ce > 0 ? pe / ce : null, expiry: c.expiry };
  }

  // ---------- option chain table: built once per strike set, then updated in place ----------
  const SIDE = [ // call side, left to right; puts mirror it
    { f: 'oi', h: 'OI (L)', fmt: lakh, bar: 1 },
    { f: 'oi_change', h: 'OI chg (L)', fmt: signedLakh, bar: 2, x: 1 },
    { f: 'volume', h: 'Vol (L)', fmt: lakh, x: 1 },
    { f: 'iv', h: 'IV %', fmt: (v) => pct(v) },
    { f: 'delta', h: 'Delta', fmt: (v) => fixed(v, 3), x: 1 },
    { f: 'ltp', h: 'LTP', fmt: (v) => fixed(v, 2) },
    { f: 'change', h: 'Chg', fmt: (v) => signed(v, 2), dir: 1 },
    { f: 'bid', h: 'Bid', fmt: (v) => fixed(v, 2), x: 1 },
    { f: 'ask', h: 'Ask', fmt: (v) => fixed(v, 2), x: 1 },
  ];
  const QUOTE_FLAGS = [[1, 'below intrinsic (no IV)'], [2, 'IV solver failed'], [4, 'one side of the book empty'], [8, 'stale quote']];
  function flagText(f) { return QUOTE_FLAGS.filter(([b]) => f & b).map(([, t]) => t).join(', ') || String(f); }
  const COLS = SIDE.map((c) => Object.assign({ t: 'CE' }, c)).concat([null], SIDE.slice().reverse().map((c) => Object.assign({ t: 'PE' }, c)));

  function ChainTable(table) {
    this.table = table;
    this.tbody = table.tBodies[0];
    this.rows = [];       // [{tr, strike, cells: [{el, bar, col, text, v}]}]
    this.sig = '';
    this.flashed = [];
    this.flashTimer = 0;
  }
  ChainTable.prototype.unflash = function () {
    for (const cell of this.flashed) if (cell.cls !== cell.want) { cell.td.className = cell.want; cell.cls = cell.want; }
    this.flashed = [];
  };
  // Column widths (a colgroup, so the wide layout can be table-layout: fixed: a text change never
  // re-measures the columns of a 400-row table).
  const COL_PX = { oi: 66, oi_change: 70, volume: 66, iv: 48, delta: 54, ltp: 66, change: 64, bid: 60, ask: 60 };
  ChainTable.header = function (tr) {
    const table = tr.closest('table');
    if (table && !table.querySelector('colgroup')) {
      // Widths through the CSSOM, not style attributes: works under a CSP without 'unsafe-inline'.
      const cg = document.createElement('colgroup');
      for (const c of COLS) {
        const col = document.createElement('col');
        col.className = c ? (c.x ? 'x ' : '') + (c.f === 'change' ? 'chg' : '') : 'strike';
        col.style.width = (c ? COL_PX[c.f] : 76) + 'px';
        cg.appendChild(col);
      }
      table.insertBefore(cg, table.firstChild);
    }
    tr.innerHTML = COLS.map((c) => c ? '<th data-type="' + c.t + '" class="' + (c.x ? 'x ' : '') + (c.f === 'change' ? 'chg ' : '') + (c.t === 'CE' ? 'calls' : 'puts') + '">' + c.h + '</th>' : '<th class="strike"></th>').join('');
  };
  ChainTable.prototype.reset = function () {
    if (this.io) this.io.disconnect();
    this.rows = [];
    this.sig = '';
    this.flashed = [];
    clearTimeout(this.flashTimer);
    this.tbody.replaceChildren();
  };
  ChainTable.prototype.makeRow = function (s) {
    const tr = document.createElement('tr');
    const key = strikeText(s.strike);
    tr.dataset.strike = key;
    const row = { tr, key, cells: [], cls: '', mark: '', vis: true, pending: null };
    for (const c of COLS) {
      if (!c) {
        const th = document.createElement('th');
        th.className = 'strike';
        th.scope = 'row';
        tr.appendChild(th);
        row.strikeEl = th;
        continue;
      }
      const td = document.createElement('td');
      td.dataset.type = c.t;
      td.dataset.f = c.f;
      td.className = 'num' + (c.x ? ' x' : '') + (c.bar ? ' hb' : '');
      let bar = null;
      if (c.bar) {
        bar = document.createElement('i');
        bar.className = 'cb ' + (c.bar === 1 ? 'b-oi' : 'b-oic');
        td.appendChild(bar);
      }
      const txt = document.createTextNode('');
      td.appendChild(txt);
      tr.appendChild(td);
      row.cells.push({ td, txt, bar, col: c, text: '', v: undefined, base: td.className, cls: td.className, want: td.className, tf: '', bc: '' });
    }
    this.observe(row);
    return row;
  };
  // Rows are keyed by strike: when the strike window moves, kept strikes keep their row (and their
  // values, so changes still show); new strikes get a row, gone ones lose theirs.
  ChainTable.prototype.sync = function (strikes) {
    const old = new Map(this.rows.map((r) => [r.key, r]));
    this.rows = strikes.map((s) => old.get(strikeText(s.strike)) || this.makeRow(s));
    if (this.io) for (const [key, r] of old) if (!this.rows.includes(r)) { this.io.unobserve(r.tr); void key; }
    const cur = this.tbody.children;
    let same = cur.length === this.rows.length;
    for (let i = 0; same && i < cur.length; i++) same = cur[i] === this.rows[i].tr;
    if (!same) this.tbody.replaceChildren(...this.rows.map((r) => r.tr));
  };
  // Applies a whole chain answer. Only what changed is written; nothing reads layout.
  // Applies a whole chain answer. Only what changed is written; nothing reads layout. Rows scrolled out
  // of sight (IntersectionObserver, 300 px margin) keep the data and are written when they come back.
  ChainTable.prototype.update = function (c, opts) {
    const t0 = performance.now();
    const strikes = c.strikes || [];
    const sig = strikes.map((s) => s.strike).join(',');
    const fresh = this.rows.length === 0;
    if (sig !== this.sig) { this.sync(strikes); this.sig = sig; }
    let maxOi = 0, maxOic = 0;
    for (const s of strikes) for (const side of [s.CE, s.PE]) if (side) {
      if (side.oi > maxOi) maxOi = side.oi;
      const a = Math.abs(side.oi_change || 0);
      if (a > maxOic) maxOic = a;
    }
    const ctx = { maxOi, maxOic, flash: true };
    this.ctx = ctx;
    const under = c.underlying, atm = c.atm_strike;
    // The previous update's marks end now (or by their timer): one batch of class writes.
    this.unflash();
    let written = 0;
    for (let i = 0; i < strikes.length; i++) {
      const s = strikes[i], row = this.rows[i];
      const k = Number(s.strike);
      let cls = '';
      if (atm != null && k === Number(atm)) cls += ' atm';
      if (under != null && k < under) cls += ' ce-itm';
      if (under != null && k > under) cls += ' pe-itm';
      if (under != null && i > 0 && Number(strikes[i - 1].strike) < under && k >= under) cls += ' spot';
      cls = cls.trim();
      if (cls !== row.cls) { row.tr.className = cls; row.cls = cls; }
      const mark = (atm != null && k === Number(atm) ? '\u25c6 ' : '') + strikeText(s.strike);
      if (row.mark !== mark) { row.strikeEl.textContent = mark; row.mark = mark; }
      if (row.vis || this.all) { this.applyRow(row, s, ctx); row.pending = null; written++; } else row.pending = s;
    }
    clearTimeout(this.flashTimer);
    if (this.flashed.length) this.flashTimer = setTimeout(() => this.unflash(), 1500);
    const ms = performance.now() - t0;
    this.written = written;
    if (!opts || !opts.quiet) {
      if (!fresh) { T.chainApply.push(ms); if (T.chainApply.length > 500) T.chainApply.shift(); }
      T.chainRows = strikes.length;
      const f0 = t0;
      requestAnimationFrame(() => setTimeout(() => { if (!fresh) { T.chainFrame.push(performance.now() - f0); if (T.chainFrame.length > 500) T.chainFrame.shift(); } }, 0));
    }
    return { ms, fresh, written };
  };
  ChainTable.prototype.applyRow = function (row, s, ctx) {
    const flashed = this.flashed;
    for (const cell of row.cells) {
      const side = cell.col.t === 'CE' ? s.CE : s.PE;
      const v = side ? side[cell.col.f] : null;
      const num = v === null || v === undefined ? null : Number(v);
      if (cell.bar) {
        const w = num == null ? 0 : cell.col.bar === 1 ? (ctx.maxOi > 0 ? num / ctx.maxOi : 0) : (ctx.maxOic > 0 ? Math.abs(num) / ctx.maxOic : 0);
        const tf = 'scaleX(' + w.toFixed(3) + ')';
        if (tf !== cell.tf) { cell.bar.style.transform = tf; cell.tf = tf; }
        if (cell.col.bar === 2) { const bc = 'cb b-oic ' + (num < 0 ? 'neg' : 'pos'); if (cell.bc !== bc) { cell.bar.className = bc; cell.bc = bc; } }
      }
      if (cell.col.f === 'ltp') {
        const fl = (side && side.flags) || 0;
        if (fl !== cell.qf) {
          cell.qf = fl;
          cell.td.title = fl ? 'Quote flags: ' + flagText(fl) : '';
          cell.base = fl ? cell.base.replace(/( qf)?$/, ' qf') : cell.base.replace(/ qf$/, '');
          cell.v = undefined; // rewrite the class below
        }
      }
      if (num === cell.v) continue;
      const text = cell.col.fmt(num);
      if (text !== cell.text) { cell.txt.nodeValue = text; cell.text = text; }
      let want = cell.base;
      if (cell.col.dir) want += num > 0 ? ' up' : num < 0 ? ' dn' : '';
      cell.want = want;
      if (ctx.flash && cell.v !== undefined && cell.v !== null && num !== null) {
        want += num > cell.v ? ' fu' : ' fd';
        flashed.push(cell);
      }
      cell.v = num;
      if (cell.cls !== want) { cell.td.className = want; cell.cls = want; }
    }
  };
  ChainTable.prototype.observe = function (row) {
    if (!this.io) {
      if (typeof IntersectionObserver !== 'function') { this.all = true; return; }
      this.io = new IntersectionObserver((entries) => {
        for (const e of entries) {
          const r = e.target.__g6row;
          if (!r) continue;
          r.vis = e.isIntersecting;
          if (r.vis && r.pending && this.ctx) { this.applyRow(r, r.pending, { maxOi: this.ctx.maxOi, maxOic: this.ctx.maxOic, flash: false }); r.pending = null; }
        }
      }, { rootMargin: '300px 0px' });
    }
    row.tr.__g6row = row;
    this.io.observe(row.tr);
  };

  const chainTable = new ChainTable($('chain'));
  ChainTable.header($('chain-cols'));

  function chainInfo(c) {
    const x = chainStats(c);
    let ceOi = 0, peOi = 0;
    for (const s of c.strikes || []) { ceOi += (s.CE && s.CE.oi) || 0; peOi += (s.PE && s.PE.oi) || 0; }
    return '<span><b>' + esc(c.index) + '</b> ' + esc(c.expiry) + ' · ' + esc(c.bucket || '') + '</span>' +
      '<span>Spot <b class="num">' + fixed(c.underlying, 2) + '</b></span>' +
      '<span>Fwd <b class="num">' + fixed(c.forward, 2) + '</b></span>' +
      '<span>ATM <b class="num">' + (c.atm_strike == null ? '–' : strikeText(c.atm_strike)) + '</b></span>' +
      '<span>Max pain <b class="num">' + (c.max_pain == null ? '–' : strikeText(c.max_pain)) + '</b></span>' +
      '<span>PCR OI <b class="num">' + (ceOi > 0 ? (peOi / ceOi).toFixed(2) : '–') + '</b></span>' +
      '<span>PCR vol <b class="num">' + fixed(x.pcr_vol, 2) + '</b></span>' +
      '<span>Strikes <b class="num">' + (c.strikes || []).length + '</b></span>' +
      '<span>As of <b>' + esc(timeOf(c.as_of)) + '</b> IST' + (c.open_ts_ms ? ' · change vs ' + hhmmss(c.open_ts_ms) : '') + '</span>' +
      (c.live ? '<span id="chain-live" title="Strikes near ATM re-priced from streamed ticks since the cycle">Live <b>' + esc(timeOf(c.live.as_of)) + '</b> IST · <b class="num">' + c.live.updates + '</b> updates</span>' : '');
  }

  // The selected expiry's SVI fit: what the curve is and whether it passed its no-arbitrage checks.
  function fitInfo(f) {
    if (!f) return '<span>SVI fit <b>–</b></span>';
    if (f.status !== 'fitted') return '<span>SVI fit <b>none</b> (' + esc(f.status.replace(/_/g, ' ')) + ')</span>';
    const check = (name, ok) => '<span data-check="' + name + '">' + name + ' <b class="' + (ok ? 'ok' : 'bad') + '">' + (ok ? '✓' : '✗') + '</b></span>';
    const pct = (x, d) => (x == null ? '–' : (x * 100).toFixed(d));
    return '<span>SVI fit <b class="num">' + fixed(f.rmse_vol_pts, 3) + '</b> vol pts RMSE (max ' + fixed(f.max_err_vol_pts, 3) + ')</span>' +
      '<span>Points <b class="num">' + f.points_used + '</b>' + (f.excluded ? ' (' + f.excluded + ' left out)' : '') + '</span>' +
      '<span>ATM IV <b class="num">' + pct(f.atm_iv, 2) + '</b> %</span>' +
      '<span>RR25 <b class="num">' + pct(f.rr25, 2) + '</b></span>' +
      '<span>BF25 <b class="num">' + pct(f.bf25, 2) + '</b></span>' +
      check('butterfly', f.butterfly_ok) + check('wings', f.wing_ok) + check('calendar', f.calendar_ok);
  }

  function scrollToAtm() {
    if (S.view !== 'chain') return;
    const tr = chainTable.tbody.querySelector('tr.atm');
    if (tr) tr.scrollIntoView({ block: 'center' });
  }

  // Fetch the chain of the shown index/expiry (views chain, smile, oi). One request in flight; a
  // cycle arriving meanwhile asks again once it is done.
  let chainBusy = false, chainAgain = false, chainSeq = 0;
  function refreshChain(reset) {
    if (!S.index || S.view === 'overview' || S.view === 'history') return;
    if (reset) { chainSeq++; smile.reset(); }
    if (chainBusy) { chainAgain = true; return; }
    chainBusy = true;
    const seq = chainSeq;
    const exp = S.expiry;
    const key = S.index + '|' + (exp || '');
    api('/api/chain?index=' + encodeURIComponent(S.index) + (exp ? '&expiry=' + exp : '')).then((c) => {
      if (T.firstChainData === null) T.firstChainData = performance.now();
      if (seq !== chainSeq || key !== S.index + '|' + (S.expiry || '')) { chainAgain = true; return; }
      showMsg('');
      if (Array.isArray(c.expiries) && c.expiries.length) { S.expiries[c.index] = c.expiries; fillSelects(); }
      const sameSnap = S.chain && S.chainKey === key && S.chain.ts_ms === c.ts_ms;
      S.chain = c;
      S.chainKey = key;
      if (!sameSnap || S.view !== lastChainView) renderChainViews(c, key);
    }).catch(report).finally(() => {
      chainBusy = false;
      if (chainAgain) { chainAgain = false; refreshChain(false); }
    });
  }
  let lastChainView = '', lastTableKey = '';
  function renderChainViews(c, key) {
    lastChainView = S.view;
    if (S.view === 'chain') {
      const fresh = key !== lastTableKey;
      if (fresh) chainTable.reset();
      $('chain-info').innerHTML = chainInfo(c);
      chainTable.update(c);
      const tb = chainTable.table;
      tb.dataset.index = c.index; tb.dataset.expiry = c.expiry; tb.dataset.ts = c.ts_ms;
      if (T.firstChain === null && (c.strikes || []).length) {
        T.firstChain = performance.now();
        if (T.firstRender === null) T.firstRender = T.firstChain;
      }
      if (fresh) { lastTableKey = key; requestAnimationFrame(scrollToAtm); }
    } else if (S.view === 'smile') withCharts(() => smile.update(c));
    else if (S.view === 'oi') withCharts(() => oi.update(c));
  }

  // ---------- charts ----------
  function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }
  const charts = [];
  function themeCharts() {
    Chart.defaults.color = css('--muted');
    Chart.defaults.borderColor = css('--grid');
    Chart.defaults.font.family = css('--font');
    Chart.defaults.font.size = 11;
    for (const ch of charts) ch.update('none');
  }
  const markerPlugin = {
    id: 'g6markers',
    afterDatasetsDraw(chart) {
      const lines = chart.$g6markers || [];
      const { ctx, chartArea } = chart;
      ctx.save();
      for (const m of lines) {
        const x = m.px(chart);
        if (!isFinite(x) || x < chartArea.left || x > chartArea.right) continue;
        ctx.strokeStyle = m.color;
        ctx.fillStyle = m.color;
        ctx.lineWidth = 1.25;
        ctx.setLineDash(m.dash || [5, 4]);
        ctx.beginPath(); ctx.moveTo(x, chartArea.top); ctx.lineTo(x, chartArea.bottom); ctx.stroke();
        ctx.setLineDash([]);
        ctx.font = '11px ' + Chart.defaults.font.family;
        ctx.textAlign = m.align || 'left';
        ctx.fillText(m.label, x + (m.align === 'right' ? -4 : 4), chartArea.top + 11 + (m.row || 0) * 13);
      }
      ctx.restore();
    },
  };
  function palette() {
    return { ce: css('--ce'), pe: css('--pe'), ceL: css('--ce-soft'), peL: css('--pe-soft'), acc: css('--accent'), warn: css('--warn'), fg: css('--fg'), muted: css('--muted'),
      series: [css('--s1'), css('--s2'), css('--s3'), css('--s4')] };
  }
  function baseOptions(xTitle, yTitle, xTime) {
    return {
      animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      plugins: { legend: { position: 'top', align: 'end', labels: { boxWidth: 14, boxHeight: 8, usePointStyle: true } },
        title: { display: !!yTitle, text: yTitle, align: 'start', padding: { top: 2, bottom: 2 }, font: { weight: '600', size: 12 } },
        tooltip: { animation: false } },
      scales: {
        x: xTime ? { type: 'linear', ticks: { callback: (v) => hhmm(v), maxRotation: 0 }, afterBuildTicks: timeTicks }
          : { type: 'linear', title: { display: !!xTitle, text: xTitle }, ticks: { maxRotation: 0, autoSkipPadding: 8 } },
        y: { type: 'linear', ticks: { maxTicksLimit: 8 } },
      },
    };
  }
  // Time ticks on round IST minutes (1, 2, 5 ... 120 min apart, at most ~7).
  function timeTicks(scale) {
    const min = scale.min, max = scale.max;
    if (!(max > min)) return;
    const span = (max - min) / 60000;
    const step = [1, 2, 5, 10, 15, 30, 60, 120, 240].find((m) => span / m <= 7) || 480;
    const ms = step * 60000;
    const ticks = [];
    for (let t = Math.ceil((min + IST_MS) / ms) * ms - IST_MS; t <= max; t += ms) ticks.push({ value: t });
    scale.ticks = ticks;
  }
  // Chart.js (Debian's chart.min.js, 200 KB) is loaded when a view first needs a chart: the overview and
  // the chain render without it. Its address comes from index.html, where the server puts the hashed name.
  let chartsOn = false, chartWaiters = null;
  function withCharts(fn) {
    if (window.Chart) {
      if (!chartsOn) { chartsOn = true; themeCharts(); Chart.register(markerPlugin); }
      fn();
      return;
    }
    if (chartWaiters) { chartWaiters.push(fn); return; }
    chartWaiters = [fn];
    const meta = document.querySelector('meta[name="g6-chartjs"]');
    const el = document.createElement('script');
    el.src = (meta && meta.content) || '/assets/chart.min.js';
    el.onload = () => { const w = chartWaiters; chartWaiters = null; for (const f of w) withCharts(f); };
    el.onerror = () => { chartWaiters = null; showMsg('The chart library could not be loaded.'); };
    document.head.appendChild(el);
  }
  function makeChart(canvas, config) {
    const ch = new Chart(canvas, config);
    charts.push(ch);
    return ch;
  }

  // Smile: IV against strike per expiry (OTM line), the selected expiry's CE and PE points, ATM and forward.
  const smile = {
    chart: null, other: {}, turn: 0,
    reset() { this.other = {}; },
    ensure() {
      if (this.chart) return;
      const o = baseOptions('Strike', 'Implied volatility, % (selected expiry: ● calls, ▲ puts; lines: OTM side per expiry)');
      o.scales.y.ticks.callback = (v) => v.toFixed(1);
      o.plugins.tooltip.callbacks = { label: (c) => c.dataset.label + ': ' + strikeText(c.parsed.x) + ' → ' + c.parsed.y.toFixed(2) + ' %' };
      this.chart = makeChart($('smile-chart'), { type: 'scatter', data: { datasets: [] }, options: o });
    },
    // noFetch: redraw with the curves held (after another expiry's chain arrived).
    update(c, noFetch) {
      this.ensure();
      const P = palette();
      const pts = (side) => (c.strikes || []).filter((s) => s[side] && s[side].iv != null).map((s) => ({ x: Number(s.strike), y: s[side].iv * 100 }));
      this.other[c.expiry] = otm(c);
      const list = S.expiries[c.index] || [];
      const sets = [];
      list.forEach((e, i) => {
        const d = this.other[e.expiry];
        if (!d) return;
        const sel = e.expiry === c.expiry;
        sets.push({ label: e.expiry + ' ' + (BUCKET_SHORT[e.bucket] || '') + ' OTM', data: d, showLine: true, pointRadius: 0, borderWidth: sel ? 2 : 1.25,
          borderColor: P.series[i % 4], backgroundColor: P.series[i % 4], borderDash: sel ? [] : [[], [6, 3], [2, 2], [8, 3, 2, 3]][i % 4] });
      });
      const fit = c.surface && c.surface.status === 'fitted' ? c.surface.curve : [];
      if (fit.length) sets.push({ label: c.expiry + ' SVI fit', data: fit.map((p) => ({ x: p[1], y: p[2] * 100 })), showLine: true, pointRadius: 0,
        borderWidth: 2, borderColor: P.fg, backgroundColor: P.fg, borderDash: [7, 4] });
      sets.push({ label: c.expiry + ' CE', data: pts('CE'), pointStyle: 'circle', pointRadius: 3, borderColor: P.ce, backgroundColor: P.ce });
      sets.push({ label: c.expiry + ' PE', data: pts('PE'), pointStyle: 'triangle', pointRadius: 4, borderColor: P.pe, backgroundColor: P.pe });
      this.chart.data.datasets = sets;
      this.chart.$g6markers = [
        { px: (ch) => ch.scales.x.getPixelForValue(Number(c.atm_strike)), label: 'ATM ' + strikeText(c.atm_strike), color: P.acc },
        { px: (ch) => ch.scales.x.getPixelForValue(c.forward), label: 'Fwd ' + fixed(c.forward, 1), color: P.warn, row: 1, dash: [2, 3] },
      ];
      this.chart.update('none');
      $('smile-info').innerHTML = chainInfo(c) + fitInfo(c.surface);
      if (noFetch) return;
      // The other expiries' curves: one more /api/chain per cycle, in turn.
      const others = list.filter((e) => e.expiry !== c.expiry);
      if (!others.length) return;
      const e = others[this.turn++ % others.length];
      const idx = c.index;
      api('/api/chain?index=' + encodeURIComponent(idx) + '&expiry=' + e.expiry).then((o) => {
        if (S.index !== idx || S.view !== 'smile') return;
        this.other[o.expiry] = otm(o);
        if (S.chain && S.chain.index === idx) this.update(S.chain, true);
      }).catch(report);
    },
  };
  function otm(c) {
    const f = c.forward != null ? c.forward : c.underlying;
    return (c.strikes || []).map((s) => {
      const side = Number(s.strike) < f ? s.PE : s.CE;
      return side && side.iv != null ? { x: Number(s.strike), y: side.iv * 100 } : null;
    }).filter(Boolean);
  }

  // OI by strike: OI and OI change bars, calls vs puts; max pain and spot marked.
  const oi = {
    a: null, b: null,
    ensure() {
      if (this.a) return;
      const mk = (id, title) => {
        const o = baseOptions('', title);
        o.scales.x = { type: 'category', ticks: { maxRotation: 0, autoSkipPadding: 6 }, grid: { display: false } };
        o.scales.y.ticks.callback = (v) => compact(v);
        o.parsing = true;
        o.normalized = false;
        o.interaction = { mode: 'index', intersect: false };
        o.plugins.tooltip.callbacks = { label: (c) => c.dataset.label + ': ' + group(c.parsed.y) + ' (' + lakh(c.parsed.y) + ' L)' };
        return makeChart($(id), { type: 'bar', data: { labels: [], datasets: [] }, options: o });
      };
      this.a = mk('oi-chart', 'Open interest by strike');
      this.b = mk('oic-chart', 'Change in open interest since the open');
    },
    update(c) {
      this.ensure();
      const P = palette();
      const strikes = c.strikes || [];
      const labels = strikes.map((s) => strikeText(s.strike));
      const val = (side, f) => strikes.map((s) => (s[side] && s[side][f] != null ? s[side][f] : null));
      const markers = (ch) => [
        { px: () => catPixel(ch, strikes, Number(c.max_pain)), label: 'Max pain ' + (c.max_pain == null ? '–' : strikeText(c.max_pain)), color: P.warn },
        { px: () => catPixel(ch, strikes, c.underlying), label: 'Spot ' + fixed(c.underlying, 2), color: P.acc, row: 1, dash: [2, 3] },
      ];
      this.a.data.labels = labels;
      this.a.data.datasets = [
        { label: 'Call OI', data: val('CE', 'oi'), backgroundColor: P.ce, borderWidth: 0, barPercentage: 0.9, categoryPercentage: 0.85 },
        { label: 'Put OI', data: val('PE', 'oi'), backgroundColor: P.pe, borderWidth: 0, barPercentage: 0.9, categoryPercentage: 0.85 },
      ];
      this.a.$g6markers = markers(this.a);
      this.b.data.labels = labels;
      this.b.data.datasets = [
        { label: 'Call OI chg', data: val('CE', 'oi_change'), backgroundColor: P.ce, borderWidth: 0, barPercentage: 0.9, categoryPercentage: 0.85 },
        { label: 'Put OI chg', data: val('PE', 'oi_change'), backgroundColor: P.pe, borderWidth: 0, barPercentage: 0.9, categoryPercentage: 0.85 },
      ];
      this.b.$g6markers = markers(this.b);
      this.a.update('none');
      this.b.update('none');
      $('oi-info').innerHTML = chainInfo(c);
    },
  };
  // Pixel of a strike value on a category axis of strikes (interpolated between neighbours).
  function catPixel(ch, strikes, v) {
    if (v == null || !isFinite(v) || !strikes.length) return NaN;
    const x = ch.scales.x;
    const ks = strikes.map((s) => Number(s.strike));
    if (v <= ks[0]) return x.getPixelForValue(0);
    for (let i = 0; i < ks.length - 1; i++)
      if (v >= ks[i] && v <= ks[i + 1]) {
        const p0 = x.getPixelForValue(i), p1 = x.getPixelForValue(i + 1);
        return p0 + (p1 - p0) * (v - ks[i]) / (ks[i + 1] - ks[i]);
      }
    return x.getPixelForValue(ks.length - 1);
  }
  function compact(v) {
    const a = Math.abs(v);
    if (a >= 1e7) return sign((v / 1e7).toFixed(1)) + 'Cr';
    if (a >= 1e5) return sign((v / 1e5).toFixed(1)) + 'L';
    if (a >= 1e3) return sign((v / 1e3).toFixed(0)) + 'k';
    return sign(String(v));
  }

  // Intraday history: from /api/history, extended incrementally each cycle while visible.
  const history_ = {
    key: '', data: {}, last: {}, busy: false, again: false, charts: null, gen: 0,
    series() {
      const b = currentBucket();
      const buckets = (S.expiries[S.index] || []).map((e) => e.bucket).filter((x, i, a) => x && a.indexOf(x) === i);
      const list = [{ s: 'underlying', b: '' }, { s: 'max_pain', b }, { s: 'pcr_oi', b }, { s: 'pcr_volume', b }, { s: 'straddle', b }];
      for (const bb of (buckets.length ? buckets : [b])) list.push({ s: 'atm_iv', b: bb });
      return list;
    },
    reset() {
      if (!S.index) return;
      this.gen++;
      this.key = S.index + '|' + currentBucket();
      this.data = {};
      this.last = {};
      this.ensure();
      this.draw();
      this.refresh();
    },
    ensure() {
      if (this.charts) return;
      const mk = (id, title, yfmt) => {
        const o = baseOptions('', title, true);
        if (yfmt) o.scales.y.ticks.callback = yfmt;
        o.elements = { point: { radius: 0 }, line: { borderWidth: 1.5, tension: 0 } };
        o.plugins.tooltip.callbacks = { title: (items) => items.length ? hhmmss(items[0].parsed.x) + ' IST' : '' };
        return makeChart($(id), { type: 'line', data: { datasets: [] }, options: o });
      };
      this.charts = {
        under: mk('h-under', 'Underlying and max pain'),
        iv: mk('h-iv', 'ATM IV % by bucket'),
        pcr: mk('h-pcr', 'PCR (OI, volume)'),
        straddle: mk('h-straddle', 'ATM straddle premium'),
      };
    },
    id(x) { return x.s + '|' + x.b; },
    async refresh() {
      if (S.view !== 'history' || !S.index) return;
      if (this.busy) { this.again = true; return; }
      this.busy = true;
      const gen = this.gen;
      try {
        await Promise.all(this.series().map(async (x) => {
          const id = this.id(x);
          let from = this.last[id] != null ? this.last[id] + 1 : null;
          for (let page = 0; page < 20; page++) {
            const q = '/api/history?index=' + encodeURIComponent(S.index) + '&series=' + x.s + (x.b ? '&bucket=' + x.b : '') + (from != null ? '&from=' + from : '');
            const r = await api(q);
            if (gen !== this.gen) return;
            const pts = (r.points || []).filter((p) => p && p[1] != null);
            const arr = this.data[id] || (this.data[id] = []);
            for (const p of pts) if (!arr.length || p[0] > arr[arr.length - 1][0]) arr.push(p);
            if (r.points && r.points.length) this.last[id] = r.points[r.points.length - 1][0];
            if (r.next_from == null) break;
            from = r.next_from;
          }
        }));
        if (gen === this.gen) { showMsg(''); this.draw(); }
      } catch (err) { report(err); }
      this.busy = false;
      if (this.again) { this.again = false; this.refresh(); }
    },
    pts(id, scale) { return (this.data[id] || []).map((p) => ({ x: p[0], y: scale ? p[1] * scale : p[1] })); },
    draw() {
      if (!this.charts) return;
      const P = palette(), b = currentBucket(), C = this.charts;
      C.under.data.datasets = [
        { label: 'Underlying', data: this.pts('underlying|'), borderColor: P.acc, backgroundColor: P.acc },
        { label: 'Max pain (' + (BUCKET_SHORT[b] || b) + ')', data: this.pts('max_pain|' + b), borderColor: P.warn, backgroundColor: P.warn, stepped: true, borderDash: [5, 3] },
      ];
      const buckets = Object.keys(this.data).filter((k) => k.startsWith('atm_iv|')).map((k) => k.slice(7));
      C.iv.data.datasets = BUCKETS.filter((x) => buckets.includes(x)).map((bb, i) => ({
        label: BUCKET_SHORT[bb] + ' ' + bb.replace('_', ' '), data: this.pts('atm_iv|' + bb, 100), borderColor: P.series[i], backgroundColor: P.series[i], borderDash: [[], [6, 3], [2, 2], [8, 3, 2, 3]][i] }));
      C.pcr.data.datasets = [
        { label: 'PCR OI (' + BUCKET_SHORT[b] + ')', data: this.pts('pcr_oi|' + b), borderColor: P.pe, backgroundColor: P.pe },
        { label: 'PCR volume (' + BUCKET_SHORT[b] + ')', data: this.pts('pcr_volume|' + b), borderColor: P.ce, backgroundColor: P.ce, borderDash: [6, 3] },
      ];
      C.straddle.data.datasets = [{ label: 'ATM straddle (' + BUCKET_SHORT[b] + ')', data: this.pts('straddle|' + b), borderColor: P.series[2], backgroundColor: P.series[2] }];
      // One time axis for the four charts.
      let lo = Infinity, hi = -Infinity;
      for (const k in this.data) { const a = this.data[k]; if (a.length) { lo = Math.min(lo, a[0][0]); hi = Math.max(hi, a[a.length - 1][0]); } }
      for (const k in C) {
        C[k].options.scales.x.min = isFinite(lo) ? lo : undefined;
        C[k].options.scales.x.max = isFinite(hi) ? hi : undefined;
        C[k].update('none');
      }
      let n = 0;
      for (const k in this.data) n += this.data[k].length;
      T.historyPoints = n;
      const u = this.data['underlying|'] || [];
      $('hist-info').innerHTML = '<span><b>' + esc(S.index) + '</b> since the open · bucket ' + esc(b) + '</span><span>Points <b class="num" id="hist-points">' + n + '</b></span>' +
        (u.length ? '<span>From ' + hhmmss(u[0][0]) + ' to <b>' + hhmmss(u[u.length - 1][0]) + '</b> IST</span>' : '');
    },
  };

  // ---------- between cycles ----------
  // With streamed quotes the node re-prices its chain_<INDEX> panel (ATM ± 5 strikes of the nearest expiry)
  // from ticks between cycles. The shown chain takes those legs when it is that expiry of that cycle; the
  // next cycle's /api/chain answer replaces them all.
  const LIVE_FIELDS = ['ltp', 'bid', 'ask', 'volume', 'oi', 'oi_change', 'iv', 'delta', 'flags'];
  function applyLiveChain() {
    const c = S.chain;
    const p = stream && stream.panels['chain_' + S.index];
    if (!c || !p || !p.live || S.view !== 'chain' || p.expiry !== c.expiry || p.as_of !== c.as_of) return;
    if (c.live && c.live.updates === p.live.updates) return;
    const byStrike = new Map((c.strikes || []).map((s) => [Number(s.strike), s]));
    for (const row of p.strikes || []) {
      const s = byStrike.get(Number(row.strike));
      if (!s) continue;
      for (const [side, leg] of [['CE', row.ce], ['PE', row.pe]]) {
        const shown = s[side];
        if (!leg || !shown) continue;
        if (shown.change != null && shown.ltp != null && leg.ltp != null) shown.change += leg.ltp - shown.ltp;
        for (const f of LIVE_FIELDS) if (leg[f] !== undefined) shown[f] = leg[f];
      }
    }
    if (p.underlying != null) c.underlying = p.underlying;
    c.live = p.live;
    T.liveUpdates = (T.liveUpdates || 0) + 1;
    $('chain-info').innerHTML = chainInfo(c);
    chainTable.update(c);
  }

  // ---------- live updates ----------
  let lastCycleAsOf = {};
  function onUpdate(names) {
    const has = (n) => names.includes(n);
    if (S.index && has('chain_' + S.index)) applyLiveChain();
    if (has('indices') || has('summary') || has('providers') || has('storage') || has('system')) {
      if (S.view === 'overview') renderOverview();
      updateQuote();
      foot();
    }
    if (has('indices')) {
      const p = stream.panels.indices;
      const rows = (p && p.indices) || [];
      // New indices appear in the selector, in the panel's order (the node's configuration order).
      for (const r of rows) if (!S.indices.find((x) => x.index === r.index)) S.indices.push({ index: r.index });
      const order = rows.map((r) => r.index);
      const rank = (n) => { const i = order.indexOf(n); return i < 0 ? order.length : i; };
      S.indices.sort((a, b) => rank(a.index) - rank(b.index));
      fillSelects();
      if (!S.index && rows.length) go({ index: rows[0].index }, true);
      const r = rows.find((x) => x.index === S.index);
      const newCycle = r && lastCycleAsOf[S.index] !== r.as_of;
      const anyNew = rows.some((x) => lastCycleAsOf[x.index] !== x.as_of);
      for (const x of rows) lastCycleAsOf[x.index] = x.as_of;
      if (newCycle) {
        if (S.view === 'chain' || S.view === 'smile' || S.view === 'oi') refreshChain(false);
        if (S.view === 'history') history_.refresh();
      }
      if (anyNew && S.view === 'overview') refreshExtra();
    }
  }
  function foot() {
    const st = stream ? stream.stats : null;
    if (!st) return;
    $('foot-stat').textContent = 'event ' + stream.lastId + ' · ' + st.diffs + ' diffs, ' + st.fulls + ' snapshots, ' + st.resyncs + ' resyncs · hashes ' +
      (st.mismatches ? st.mismatches + ' mismatched' : 'verified') + (G6J.usesSubtle ? '' : ' (js sha256)');
  }

  // ---------- start ----------
  async function boot() {
    showMsg('');
    try {
      const r = await api('/api/indices');
      S.indices = r.indices || [];
      for (const x of S.indices) if (Array.isArray(x.expiries)) S.expiries[x.index] = x.expiries;
    } catch (err) {
      if (err instanceof AuthError) return;
      report(err);
    }
    if (!S.index && S.indices.length) S.index = (S.indices.find((x) => x.index === 'NIFTY') || S.indices[0]).index;
    if (S.index && !S.indices.find((x) => x.index === S.index) && S.indices.length) {
      showMsg('No data for index ' + S.index + '; showing ' + S.indices[0].index + '.');
      S.index = S.indices[0].index;
    }
    if (!stream) {
      stream = new G6LiveStream({ onUpdate, onState: (s, d) => { setConn(s, d); foot(); }, probeAuth });
      window.g6Stream = stream;
    }
    stream.start();
    // The chain of an index named in the URL was asked for before /api/indices (first render); the
    // route is applied again only where /api/indices changed something (index, buckets).
    history.replaceState(null, '', routeHash());
    applyRoute();
    if (S.view === 'history') withCharts(() => { if (history_.key !== S.index + '|' + currentBucket()) history_.reset(); });
  }

  if (window.matchMedia) {
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const onScheme = () => {
      if (!chartsOn) return;
      themeCharts();
      if (S.chain && (S.view === 'smile' || S.view === 'oi')) renderChainViews(S.chain, S.chainKey);
      if (S.view === 'history') history_.draw();
    };
    if (mq.addEventListener) mq.addEventListener('change', onScheme);
  }

  // ---------- the 400-row benchmark (used by the browser test) ----------
  // all = true writes every row (no deferral of rows out of sight): the worst case.
  window.g6BenchChain = async function (rows, updates, all) {
    rows = rows || 400; updates = updates || 20;
    const table = document.createElement('table');
    table.className = 'grid chain';
    table.innerHTML = '<thead><tr></tr></thead><tbody></tbody>';
    ChainTable.header(table.tHead.rows[0]);
    const wrap = document.createElement('div');
    wrap.className = 'scroll-x chain-wrap';
    wrap.appendChild(table);
    document.querySelector('main').prepend(wrap);
    const t = new ChainTable(table);
    t.all = !!all;
    const side = (k, sgn) => ({ ltp: 100 + k, change: sgn, bid: 99 + k, ask: 101 + k, volume: 1e6 + k, oi: 5e6 + k * 100, oi_change: sgn * 1000 + k, iv: 0.14 + k * 1e-5, delta: 0.5 * sgn, gamma: 0.001, theta: -5, vega: 10, flags: null });
    const make = (u) => ({ underlying: 20000 + u, atm_strike: 20000, strikes: Array.from({ length: rows }, (_, i) => {
      const j = (i * 7 + u * 13) % 97;
      return { strike: 10000 + i * 50, CE: side(j + u * 0.05, 1), PE: side(j - u * 0.05, -1) };
    }) });
    t.update(make(0), { quiet: true });
    const ms = [], frame = [];
    let written = 0;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
    for (let u = 1; u <= updates; u++) {
      await new Promise((r) => requestAnimationFrame(r));
      const t0 = performance.now();
      const res = t.update(make(u), { quiet: true });
      ms.push(res.ms);
      written = Math.max(written, res.written);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      frame.push(performance.now() - t0);
    }
    if (t.io) t.io.disconnect();
    wrap.remove();
    const q = (a, p) => { const s = a.slice().sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
    const out = { rows, updates, all: !!all, rowsWritten: written, applyP50: q(ms, 0.5), applyMax: Math.max.apply(null, ms), frameP50: q(frame, 0.5), frameMax: Math.max.apply(null, frame) };
    (T.bench || (T.bench = {}))[all ? 'all' : 'visible'] = out;
    return out;
  };

  readRoute();
  applyRoute();
  boot();
})();
