// Headers of the REST API and Auth.js routes. Pages get theirs (a per-request
// CSP nonce, Referrer-Policy, HSTS) from proxy.ts, which reads settings at run
// time; these are fixed when the app is built.
const API_HEADERS = [
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The embedded database, the Prisma driver and the mail-provider lists (lib/domain/domains)
  // stay in Node.js, unbundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pg",
    "@node-rs/argon2",
    "mailchecker",
    "email-providers",
  ],
  poweredByHeader: false,
  experimental: {
    // Next.js's default, said explicitly: proxy.ts refuses a larger declared body with a 413
    // page (SERVER_ACTION_MAX_BODY_BYTES there); keep the two equal.
    serverActions: { bodySizeLimit: "1mb" },
    // How much of a page POST's body Next.js streams to proxy.ts (default 10mb). Above the
    // actions' limit by more than a network chunk, so the proxy can count a chunked body
    // past that limit and refuse it; and no page POST is held in memory beyond this.
    proxyClientMaxBodySize: "2mb",
  },
  async headers() {
    return [{ source: "/api/:path*", headers: API_HEADERS }];
  },
};

export default nextConfig;
