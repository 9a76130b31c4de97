// The client's address, decided once per HTTP request from the TCP peer and
// only the X-Forwarded-For entries of proxies the operator declared
// (TRUSTED_PROXY_HOPS or TRUSTED_PROXIES), then handed to the app in one
// internal header that a client cannot set: any copy the client sent is
// removed first. Loaded into every server process with `node --require`
// (scripts/client-address-preload.cjs) by `npm start` and `npm run dev`.
// Plain CommonJS: it runs before Next.js and before any TypeScript loader.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: loaded by `node --require` before any module loader */
"use strict";
const http = require("node:http");
const https = require("node:https");
const net = require("node:net");

/** Read by lib/server/client-address.ts; never trusted unless this module set it. */
const CLIENT_ADDRESS_HEADER = "x-orgs-client-address";

/**
 * Strips brackets, a port and IPv4-mapped IPv6 from one address; null when it is not an IP address.
 * @param {unknown} raw
 * @returns {string | null}
 */
function normalizeAddress(raw) {
  if (typeof raw !== "string") return null;
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^[0-9.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  value = value.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  if (mapped) value = mapped[1];
  return net.isIP(value) ? value.toLowerCase() : null;
}

/**
 * The operator's proxy settings: { hops } (how many proxies in front append to
 * X-Forwarded-For) or { proxies } (a BlockList of their addresses), never both.
 * Throws a message naming the variable when a value is malformed.
 * @param {Record<string, string | undefined>} env
 * @returns {{ hops: number, proxies: import("node:net").BlockList | null }}
 */
function parseTrustSettings(env) {
  const hopsRaw = (env.TRUSTED_PROXY_HOPS || "").trim();
  const listRaw = (env.TRUSTED_PROXIES || "").trim();
  if (hopsRaw && listRaw) {
    throw new Error("Set TRUSTED_PROXY_HOPS or TRUSTED_PROXIES, not both (see .env.example).");
  }
  if (hopsRaw) {
    const hops = Number(hopsRaw);
    if (!Number.isInteger(hops) || hops < 0 || hops > 16) {
      throw new Error(`TRUSTED_PROXY_HOPS=${hopsRaw} is not a whole number from 0 to 16 (see .env.example).`);
    }
    return { hops, proxies: null };
  }
  if (!listRaw) return { hops: 0, proxies: null };
  const proxies = new net.BlockList();
  for (const entry of listRaw
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [address, prefixRaw, extra] = entry.split("/");
    const normalized = normalizeAddress(address);
    const family = normalized && net.isIP(normalized) === 6 ? "ipv6" : "ipv4";
    const max = family === "ipv6" ? 128 : 32;
    const prefix = prefixRaw === undefined ? max : Number(prefixRaw);
    if (
      !normalized ||
      extra !== undefined ||
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > max ||
      (prefixRaw !== undefined && !/^\d+$/.test(prefixRaw))
    ) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (see .env.example).`);
    }
    proxies.addSubnet(normalized, prefix, family);
  }
  return { hops: 0, proxies };
}

function isTrustedProxy(proxies, address) {
  return proxies.check(address, net.isIP(address) === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address: the TCP peer, unless the peer is a declared proxy, in
 * which case the X-Forwarded-For entry that proxy appended (and so on, right
 * to left, through each declared proxy). Entries left of the last trusted one
 * are whatever the client sent and never count. A malformed entry stops the
 * walk at the proxy that passed it on.
 * @param {string | undefined} peer
 * @param {string | string[] | undefined} forwardedFor
 * @param {{ hops: number, proxies: import("node:net").BlockList | null }} trust
 * @returns {string | null}
 */
function resolveClientAddress(peer, forwardedFor, trust) {
  let address = normalizeAddress(peer);
  if (!address) return null;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor || "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  let steps = 0;
  while (entries.length > 0) {
    const trusted = trust.proxies ? isTrustedProxy(trust.proxies, address) : steps < trust.hops;
    if (!trusted) break;
    const next = normalizeAddress(entries.pop());
    if (!next) break;
    address = next;
    steps += 1;
  }
  return address;
}

function stamp(req, trust) {
  const address = resolveClientAddress(req.socket && req.socket.remoteAddress, req.headers["x-forwarded-for"], trust);
  delete req.headers[CLIENT_ADDRESS_HEADER];
  const raw = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() !== CLIENT_ADDRESS_HEADER) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  if (address) {
    req.headers[CLIENT_ADDRESS_HEADER] = address;
    raw.push(CLIENT_ADDRESS_HEADER, address);
  }
  req.rawHeaders = raw;
}

const installed = Symbol.for("orgs.trustedClientAddress");
let trust = { hops: 0, proxies: null };

/**
 * Stamps every request any HTTP(S) server of this process receives. Installs
 * the hook once; a later call only replaces the settings (tests).
 * @param {Record<string, string | undefined>} [env]
 */
function install(env = process.env) {
  trust = parseTrustSettings(env);
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype;
    if (Object.prototype.hasOwnProperty.call(proto, installed)) continue;
    const emit = proto.emit;
    proto.emit = function emitWithClientAddress(event, req) {
      if (
        (event === "request" || event === "checkContinue" || event === "checkExpectation" || event === "upgrade") &&
        req &&
        req.headers
      ) {
        stamp(req, trust);
      }
      return emit.apply(this, arguments);
    };
    proto[installed] = true;
  }
}

module.exports = { CLIENT_ADDRESS_HEADER, normalizeAddress, parseTrustSettings, resolveClientAddress, install };
