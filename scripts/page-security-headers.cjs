// The security headers of every page: a Content-Security-Policy with a fresh
// nonce per answer (Next.js reads the nonce from the request's
// Content-Security-Policy header and puts it on its own scripts and styles),
// nosniff, X-Frame-Options, Referrer-Policy (no-referrer where the URL carries
// a secret) and HSTS by setting.
//
// Two callers share it. The server preload (client-address-preload.cjs, loaded
// by `npm start` and `npm run dev`) stamps each page request before Next.js
// sees it, which costs microseconds; proxy.ts does the same for a server
// started without the preload (`next start` by hand), which costs Next.js's
// proxy round trip on every page. The preload marks the requests it stamped
// (PAGE_HEADERS_MARKER, removed first if a client sent it), and proxy.ts's
// matcher skips marked requests.
// Plain CommonJS: it runs before Next.js and before any TypeScript loader.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: loaded by `node --require` before any module loader */
"use strict";
const http = require("node:http");
const https = require("node:https");
const { randomUUID } = require("node:crypto");

/** Set on a request whose page headers the preload already decided. */
const PAGE_HEADERS_MARKER = "x-orgs-page-headers";

// Pages whose URL carries a secret: the token must not leave in a Referer.
const TOKEN_PAGE = /^\/(?:invitations|verify-email|reset-password|confirm-email)\/[^/]/;
// Not pages: the REST API and Auth.js (their headers come from next.config.js) and static files.
const NOT_A_PAGE = /^\/(?:api\/|_next\/static\/|_next\/image|favicon\.ico)/;

/**
 * HSTS from HSTS_MAX_AGE seconds (0 = off). Unset or empty, it is on (one
 * year) when the public URL (APP_URL, else AUTH_URL) is https, off otherwise.
 * @param {Record<string, string | undefined>} env
 * @returns {string | null} the header's value, or null for none
 */
function hstsHeader(env) {
  const raw = (env.HSTS_MAX_AGE || "").trim();
  const publicUrl = env.APP_URL || env.AUTH_URL || "";
  if (!raw) return publicUrl.startsWith("https://") ? "max-age=31536000" : null;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(`HSTS_MAX_AGE=${raw} is not a number of at least 0. Fix it in the environment (see .env.example).`);
  }
  return seconds > 0 ? `max-age=${Math.floor(seconds)}` : null;
}

/**
 * Inline styles that libraries insert without a nonce, allowed by their hash
 * (a hash, unlike 'unsafe-inline', allows that exact text and nothing else).
 * sonner (the toasts) inserts its stylesheet into <head> when it loads; the
 * empty one is the moment its <style> is in the page before its text is.
 * tests/page-security-headers.test.ts recomputes the hash from the installed
 * sonner, so an upgrade that changes its CSS fails there, not in a browser.
 */
const INLINE_STYLE_HASHES = [
  "'sha256-StEaX+se6YS7pqjzrzMIA0KaX9zF/8zAhvQXZAe5epY='", // sonner 2.0.8 styles
  "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='", // an empty <style>
];

/**
 * @param {string} nonce
 * @param {{ https: boolean, dev: boolean }} options
 */
function contentSecurityPolicy(nonce, { https: secure, dev }) {
  return [
    "default-src 'self'",
    // 'strict-dynamic' lets Next.js's nonce'd scripts load the page's chunks.
    // React's development tooling needs eval; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Development allows any inline style (a nonce or hash would turn 'unsafe-inline' off). In production,
    // styles carry the nonce (Next.js's own; radix-ui's scroll lock gets it from components/ui/style-nonce.tsx)
    // or are known by their hash.
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}' ${INLINE_STYLE_HASHES.join(" ")}`}`,
    // Organization logos are https URLs on any host.
    "img-src 'self' https: data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(secure ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * The headers of one page answer, with a new nonce.
 * @param {string} pathname
 * @param {{ https: boolean, dev: boolean, hsts: string | null }} options
 * @returns {{ nonce: string, csp: string, headers: Record<string, string> }}
 */
function pageHeaders(pathname, options) {
  const nonce = Buffer.from(randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, options);
  /** @type {Record<string, string>} */
  const headers = {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": TOKEN_PAGE.test(pathname) ? "no-referrer" : "strict-origin-when-cross-origin",
  };
  if (options.hsts) headers["strict-transport-security"] = options.hsts;
  return { nonce, csp, headers };
}

/** @param {string} pathname */
function isPage(pathname) {
  return !NOT_A_PAGE.test(pathname);
}

const REQUEST_ONLY = new Set(["content-security-policy", "content-security-policy-report-only", PAGE_HEADERS_MARKER]);

/**
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {{ https: boolean, dev: boolean, hsts: string | null }} options
 */
function stamp(req, res, options) {
  // What Next.js takes the nonce from is never the client's to choose.
  for (const name of REQUEST_ONLY) delete req.headers[name];
  const raw = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (!REQUEST_ONLY.has(req.rawHeaders[i].toLowerCase())) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  const pathname = (req.url || "/").split("?")[0];
  if (isPage(pathname) && res && typeof res.setHeader === "function") {
    const { csp, headers } = pageHeaders(pathname, {
      ...options,
      https: options.https || Boolean(req.socket && req.socket.encrypted),
    });
    req.headers["content-security-policy"] = csp;
    req.headers[PAGE_HEADERS_MARKER] = "1";
    raw.push("content-security-policy", csp, PAGE_HEADERS_MARKER, "1");
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  }
  req.rawHeaders = raw;
}

const installed = Symbol.for("orgs.pageSecurityHeaders");

/**
 * Stamps every page request any HTTP(S) server of this process receives.
 * @param {Record<string, string | undefined>} [env]
 */
function install(env = process.env) {
  const options = {
    https: (env.APP_URL || env.AUTH_URL || "").startsWith("https://"),
    dev: env.NODE_ENV === "development",
    hsts: hstsHeader(env),
  };
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype;
    if (Object.prototype.hasOwnProperty.call(proto, installed)) continue;
    const emit = proto.emit;
    proto.emit = function emitWithPageHeaders(event, req, res) {
      if (event === "request" && req && req.headers) stamp(req, res, options);
      return emit.apply(this, arguments);
    };
    proto[installed] = true;
  }
}

module.exports = { PAGE_HEADERS_MARKER, INLINE_STYLE_HASHES, hstsHeader, pageHeaders, isPage, install };
