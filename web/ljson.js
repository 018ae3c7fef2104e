// ljson.js — lossless JSON for the live stream's hash checks.
//
// The server hashes a panel as sha256 of nlohmann::json::dump() (keys sorted, no spaces). JSON.parse +
// JSON.stringify cannot reproduce that text (nlohmann prints 24700.0, its own exponents), so numbers are
// kept as their literal text (a Num), RFC 7386 merge patches are applied on that form, and canonical()
// prints it back the way nlohmann does. sha256 is crypto.subtle's where it exists (secure contexts) and
// a small synchronous one otherwise (http://<LAN address> is not a secure context).
(function (root) {
  'use strict';

  function Num(text) { this.t = text; }
  Num.prototype.valueOf = function () { return Number(this.t); };
  Num.prototype.toString = function () { return this.t; };

  function isObj(v) { return v !== null && typeof v === 'object' && !(v instanceof Num) && !Array.isArray(v); }

  // ---- parser: objects are null-prototype maps, numbers Num, strings JS strings ----
  function parse(text) {
    let i = 0;
    const n = text.length;
    function ws() {
      for (;;) {
        const c = text.charCodeAt(i);
        if (c === 32 || c === 10 || c === 13 || c === 9) i++; else return;
      }
    }
    function fail(what) { throw new SyntaxError('JSON: ' + what + ' at offset ' + i); }
    function str() {
      // at the opening quote
      let out = '';
      let start = ++i;
      for (;;) {
        if (i >= n) fail('unterminated string');
        const c = text.charCodeAt(i);
        if (c === 34) { out += text.slice(start, i); i++; return out; }
        if (c === 92) {
          out += text.slice(start, i);
          const e = text[i + 1];
          i += 2;
          switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
              const h = text.slice(i, i + 4);
              if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('bad \\u escape');
              out += String.fromCharCode(parseInt(h, 16));
              i += 4;
              break;
            }
            default: fail('bad escape');
          }
          start = i;
        } else if (c < 32) {
          fail('control character in string');
        } else {
          i++;
        }
      }
    }
    const numRe = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    function value() {
      ws();
      const c = text[i];
      if (c === '{') {
        i++;
        const o = Object.create(null);
        ws();
        if (text[i] === '}') { i++; return o; }
        for (;;) {
          ws();
          if (text[i] !== '"') fail('expected a key');
          const k = str();
          ws();
          if (text[i] !== ':') fail('expected :');
          i++;
          o[k] = value();
          ws();
          if (text[i] === ',') { i++; continue; }
          if (text[i] === '}') { i++; return o; }
          fail('expected , or }');
        }
      }
      if (c === '[') {
        i++;
        const a = [];
        ws();
        if (text[i] === ']') { i++; return a; }
        for (;;) {
          a.push(value());
          ws();
          if (text[i] === ',') { i++; continue; }
          if (text[i] === ']') { i++; return a; }
          fail('expected , or ]');
        }
      }
      if (c === '"') return str();
      if (text.startsWith('true', i)) { i += 4; return true; }
      if (text.startsWith('false', i)) { i += 5; return false; }
      if (text.startsWith('null', i)) { i += 4; return null; }
      numRe.lastIndex = i;
      const m = numRe.exec(text);
      if (!m) fail('unexpected character');
      i += m[0].length;
      return new Num(m[0]);
    }
    const v = value();
    ws();
    if (i !== n) fail('trailing characters');
    return v;
  }

  // ---- RFC 7386 merge patch, copy-on-write (the target is never modified) ----
  function mergePatch(target, patch) {
    if (!isObj(patch)) return patch;
    const out = Object.create(null);
    if (isObj(target)) for (const k in target) out[k] = target[k];
    for (const k in patch) {
      const p = patch[k];
      if (p === null) delete out[k];
      else out[k] = mergePatch(out[k], p);
    }
    return out;
  }

  // ---- canonical text, as nlohmann::json::dump() prints it ----
  function escapeString(s) {
    let out = '"';
    let start = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 32 && c !== 34 && c !== 92) continue;
      out += s.slice(start, i);
      start = i + 1;
      switch (c) {
        case 34: out += '\\"'; break;
        case 92: out += '\\\\'; break;
        case 8: out += '\\b'; break;
        case 12: out += '\\f'; break;
        case 10: out += '\\n'; break;
        case 13: out += '\\r'; break;
        case 9: out += '\\t'; break;
        default: out += '\\u00' + (c < 16 ? '0' : '') + c.toString(16);
      }
    }
    return out + s.slice(start) + '"';
  }
  // std::map<std::string> order: bytewise on UTF-8, which is code point order. JS compares UTF-16 code
  // units, which differs only between astral characters and U+E000..U+FFFF, so compare code points.
  function keyCompare(a, b) {
    if (a === b) return 0;
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a.codePointAt(i), y = b.codePointAt(i);
      if (x !== y) return x < y ? -1 : 1;
      if (x > 0xffff) i++;
    }
    return a.length < b.length ? -1 : 1;
  }
  function canonical(v) {
    if (v === null) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (v instanceof Num) return v.t;
    if (typeof v === 'string') return escapeString(v);
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v); // only for plain input
    if (Array.isArray(v)) {
      let out = '[';
      for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + canonical(v[i]);
      return out + ']';
    }
    const keys = Object.keys(v).sort(keyCompare);
    let out = '{';
    for (let i = 0; i < keys.length; i++) out += (i ? ',' : '') + escapeString(keys[i]) + ':' + canonical(v[keys[i]]);
    return out + '}';
  }

  // Plain JS values (numbers as Number) for the views.
  function plain(v) {
    if (v instanceof Num) return Number(v.t);
    if (Array.isArray(v)) return v.map(plain);
    if (isObj(v)) {
      const o = {};
      for (const k in v) o[k] = plain(v[k]);
      return o;
    }
    return v;
  }

  // ---- SHA-256 (FIPS 180-4), synchronous, for when crypto.subtle is missing ----
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);
  function sha256Sync(bytes) {
    const len = bytes.length;
    const total = ((len + 9 + 63) >> 6) << 6;
    const buf = new Uint8Array(total);
    buf.set(bytes);
    buf[len] = 0x80;
    const bits = len * 8;
    const dv = new DataView(buf.buffer);
    dv.setUint32(total - 8, Math.floor(bits / 0x100000000));
    dv.setUint32(total - 4, bits >>> 0);
    const H = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const W = new Uint32Array(64);
    for (let off = 0; off < total; off += 64) {
      for (let t = 0; t < 16; t++) W[t] = dv.getUint32(off + 4 * t);
      for (let t = 16; t < 64; t++) {
        const a = W[t - 15], b = W[t - 2];
        const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
        const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
        W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
      }
      let a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (let t = 0; t < 64; t++) {
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const ch = (e & f) ^ (~e & g);
        const t1 = (h + S1 + ch + K[t] + W[t]) | 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const maj = (a & b) ^ (a & c) ^ (b & c);
        const t2 = (S0 + maj) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
    }
    let hex = '';
    for (let i = 0; i < 8; i++) hex += H[i].toString(16).padStart(8, '0');
    return hex;
  }

  const encoder = new TextEncoder();
  function hexOf(buffer) {
    const b = new Uint8Array(buffer);
    let s = '';
    for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
    return s;
  }
  const subtle = root.crypto && root.crypto.subtle && root.isSecureContext !== false ? root.crypto.subtle : null;
  // sha256 of the UTF-8 bytes of text, as a Promise of lowercase hex.
  function sha256(text) {
    const bytes = encoder.encode(text);
    if (subtle) return subtle.digest('SHA-256', bytes).then(hexOf);
    return Promise.resolve(sha256Sync(bytes));
  }
  function hashPanel(v) { return sha256(canonical(v)); }

  root.G6J = { Num, parse, mergePatch, canonical, plain, sha256, sha256Sync, hashPanel, isObj,
               usesSubtle: !!subtle };
})(typeof window !== 'undefined' ? window : globalThis);
