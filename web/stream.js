// stream.js — the live stream: /events with Last-Event-ID resume, panels rebuilt and hash-checked as
// `g6 tail` does (actors/sse/panel_mirror.cpp). A cycle's changes are applied whole or not at all; on a
// failed check the snapshot is fetched from /resync. Visible states: connecting, live, stale,
// reconnecting, unauthorised.
(function (root) {
  'use strict';
  const J = root.G6J;

  function LiveStream(opts) {
    this.url = opts.url || '/events';
    this.resyncUrl = opts.resyncUrl || '/resync';
    this.onUpdate = opts.onUpdate || function () {};   // (changedNames: string[], panels: {name: plain})
    this.onState = opts.onState || function () {};     // (state, detail)
    this.probeAuth = opts.probeAuth || (() => Promise.resolve(true));
    this.raw = Object.create(null);    // name -> lossless panel
    this.hashes = Object.create(null); // name -> sha256
    this.panels = Object.create(null); // name -> plain panel, for the views
    this.lastId = 0;
    this.heartbeat = 15;
    this.lastEventAt = 0;
    this.state = '';
    this.queue = [];
    this.busy = false;
    this.es = null;
    this.failures = 0;
    this.stats = { events: 0, diffs: 0, fulls: 0, resyncs: 0, mismatches: 0, verifyMs: [] };
    this.staleTimer = setInterval(() => this.checkStale(), 1000);
  }

  LiveStream.prototype.setState = function (s, detail) {
    if (s === this.state && !detail) return;
    this.state = s;
    this.onState(s, detail || '');
  };

  LiveStream.prototype.start = function () {
    this.stop();
    this.setState(this.lastId ? 'reconnecting' : 'connecting');
    const es = new EventSource(this.url, { withCredentials: true });
    this.es = es;
    es.addEventListener('hello', (e) => {
      try {
        const h = JSON.parse(e.data);
        if (h.heartbeat_seconds > 0) this.heartbeat = h.heartbeat_seconds;
      } catch (err) { /* a hello we cannot read changes nothing */ }
      this.failures = 0;
      this.touch();
    });
    for (const type of ['panel_full', 'panel_diff', 'truncated']) {
      es.addEventListener(type, (e) => {
        this.touch();
        this.queue.push({ type, data: e.data, id: Number(e.lastEventId) || 0 });
        this.pump();
      });
    }
    es.onopen = () => { this.touch(); };
    es.onerror = () => {
      if (this.es !== es) return;
      if (es.readyState === EventSource.CONNECTING) {
        // The browser reconnects by itself, sending Last-Event-ID.
        this.setState('reconnecting');
        return;
      }
      // CLOSED: a refusal (401/403/429/503) or a bad answer. Find out whether it is the login.
      es.close();
      this.es = null;
      this.failures++;
      this.probeAuth().then((authorised) => {
        if (!authorised) { this.setState('unauthorised'); return; }
        this.setState('reconnecting');
        const cap = Math.min(30000, 1000 * Math.pow(2, Math.min(this.failures, 5)));
        const delay = cap / 2 + Math.random() * cap / 2;
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.start(), delay);
      });
    };
  };

  LiveStream.prototype.stop = function () {
    clearTimeout(this.retryTimer);
    if (this.es) { this.es.close(); this.es = null; }
  };

  LiveStream.prototype.touch = function () {
    this.lastEventAt = performance.now();
    if (this.state !== 'live') this.setState('live');
  };

  LiveStream.prototype.checkStale = function () {
    if (this.state === 'live' && performance.now() - this.lastEventAt > 2000 * this.heartbeat)
      this.setState('stale', 'no event for ' + Math.round((performance.now() - this.lastEventAt) / 1000) + ' s');
  };

  LiveStream.prototype.pump = async function () {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length) {
        const ev = this.queue.shift();
        if (ev.id && ev.id <= this.lastId && ev.type !== 'panel_full') continue; // already in the copy
        let error = null;
        try {
          error = await this.apply(ev);
        } catch (err) {
          error = String(err && err.message || err);
        }
        if (error) {
          this.stats.mismatches++;
          console.warn('g6 stream: ' + error + '; resyncing');
          await this.resync();
        }
      }
    } finally {
      this.busy = false;
    }
  };

  // Applies one event; returns an error text (then nothing was changed) or null.
  LiveStream.prototype.apply = async function (ev) {
    this.stats.events++;
    if (ev.type === 'truncated') {
      await this.resync();
      return null;
    }
    const body = J.parse(ev.data);
    if (ev.type === 'panel_full') {
      this.stats.fulls++;
      const t0 = performance.now();
      const error = await this.applySnapshot(body);
      if (!this.stats.firstSnapshot) this.stats.firstSnapshot = { at: performance.now(), ms: performance.now() - t0, bytes: ev.data.length };
      return error;
    }
    const t0 = performance.now();
    const changed = body.changed;
    if (!J.isObj(changed)) return 'panel_diff without changed';
    const next = Object.create(null);
    const nextHashes = Object.create(null);
    const names = Object.keys(changed);
    // Every base is checked and every result hashed before anything is replaced.
    const hashJobs = [];
    for (const name of names) {
      const change = changed[name];
      if (!J.isObj(change)) return 'change of ' + name + ' is not an object';
      const base = change.base;
      if (base !== null && base !== undefined && this.hashes[name] !== base)
        return 'panel ' + name + ': base ' + String(base).slice(0, 12) + ' is not the panel held';
      let panel;
      if (change.patch !== undefined) panel = J.mergePatch(this.raw[name], change.patch);
      else if (change.data !== undefined) panel = change.data;
      else return 'change of ' + name + ' has neither patch nor data';
      next[name] = panel;
      hashJobs.push(J.hashPanel(panel).then((h) => { nextHashes[name] = h; }));
    }
    await Promise.all(hashJobs);
    for (const name of names)
      if (nextHashes[name] !== changed[name].hash)
        return 'panel ' + name + ': patched hash ' + nextHashes[name].slice(0, 12) + ' is not the event\'s';
    const removed = Array.isArray(body.removed) ? body.removed.filter((n) => typeof n === 'string') : [];
    this.stats.verifyMs.push(performance.now() - t0);
    if (this.stats.verifyMs.length > 200) this.stats.verifyMs.shift();
    for (const name of names) {
      this.raw[name] = next[name];
      this.hashes[name] = nextHashes[name];
      this.panels[name] = J.plain(next[name]);
    }
    for (const name of removed) { delete this.raw[name]; delete this.hashes[name]; delete this.panels[name]; }
    this.stats.diffs++;
    this.lastId = Number(body.id && body.id.t) || ev.id || this.lastId;
    this.onUpdate(names.concat(removed), this.panels);
    return null;
  };

  LiveStream.prototype.applySnapshot = async function (body) {
    if (!J.isObj(body) || !J.isObj(body.panels)) return 'snapshot without panels';
    const names = Object.keys(body.panels);
    const hashes = Object.create(null);
    await Promise.all(names.map((n) => J.hashPanel(body.panels[n]).then((h) => { hashes[n] = h; })));
    for (const n of names) {
      const claimed = J.isObj(body.hashes) ? body.hashes[n] : undefined;
      if (hashes[n] !== claimed) return 'panel ' + n + ': hash ' + hashes[n].slice(0, 12) + ' does not match the snapshot\'s';
    }
    const old = Object.keys(this.raw);
    this.raw = Object.create(null);
    this.hashes = hashes;
    this.panels = Object.create(null);
    for (const n of names) { this.raw[n] = body.panels[n]; this.panels[n] = J.plain(body.panels[n]); }
    this.lastId = Number(body.id && body.id.t) || this.lastId;
    this.onUpdate(names.concat(old.filter((n) => !(n in this.raw))), this.panels);
    return null;
  };

  LiveStream.prototype.resync = async function () {
    this.stats.resyncs++;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const r = await fetch(this.resyncUrl, { credentials: 'same-origin', cache: 'no-store' });
        if (r.status === 401 || r.status === 403) { this.setState('unauthorised'); return; }
        if (!r.ok) throw new Error('/resync answered ' + r.status);
        const error = await this.applySnapshot(J.parse(await r.text()));
        if (!error) return;
        console.warn('g6 stream: /resync: ' + error);
      } catch (err) {
        console.warn('g6 stream: ' + (err && err.message || err));
      }
      await new Promise((res) => setTimeout(res, 500 * (attempt + 1)));
    }
  };

  root.G6LiveStream = LiveStream;
})(typeof window !== 'undefined' ? window : globalThis);
