// The page headers the server preload gives each request before Next.js sees
// it (scripts/page-security-headers.cjs), on a real HTTP server: the nonce is
// never the client's to choose, and the REST API is left to next.config.js.
// The browser check of the same headers is e2e/security.spec.ts.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pageSecurityHeaders from "@/scripts/page-security-headers.cjs";

describe("page headers stamped by the preload", () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    pageSecurityHeaders.install({ NODE_ENV: "production", APP_URL: "http://localhost:3000" });
    server = http.createServer((req, res) => {
      res.end(
        JSON.stringify({
          csp: req.headers["content-security-policy"] ?? null,
          marker: req.headers["x-orgs-page-headers"] ?? null,
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  async function get(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    return {
      headers: response.headers,
      seen: (await response.json()) as { csp: string | null; marker: string | null },
    };
  }

  it("gives a page a fresh nonce on the request Next.js renders and on the answer, whatever the client sent", async () => {
    const forged = { "content-security-policy": "script-src 'nonce-chosen'", "x-orgs-page-headers": "forged" };
    const a = await get("/orgs", forged);
    const b = await get("/orgs", forged);
    const nonce = a.headers.get("content-security-policy")!.match(/'nonce-([^']+)'/)![1]!;
    expect(nonce).not.toBe("chosen");
    expect(a.seen.csp).toBe(a.headers.get("content-security-policy"));
    expect(a.seen.marker).toBe("1");
    expect(b.headers.get("content-security-policy")).not.toContain(nonce);
    expect(a.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect((await get("/reset-password/abc")).headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("leaves the REST API and static files to their own headers, and strips a client's policy there too", async () => {
    for (const path of ["/api/v1/users", "/_next/static/chunks/x.js"]) {
      const { headers, seen } = await get(path, {
        "content-security-policy": "script-src 'nonce-chosen'",
        "x-orgs-page-headers": "1",
      });
      expect(headers.get("content-security-policy")).toBeNull();
      expect(seen).toEqual({ csp: null, marker: null });
    }
  });

  it("reads HSTS_MAX_AGE, defaulting to a year on an https site", () => {
    expect(pageSecurityHeaders.hstsHeader({ APP_URL: "http://localhost:3000" })).toBeNull();
    expect(pageSecurityHeaders.hstsHeader({ APP_URL: "https://orgs.example" })).toBe("max-age=31536000");
    expect(pageSecurityHeaders.hstsHeader({ APP_URL: "https://orgs.example", HSTS_MAX_AGE: "0" })).toBeNull();
    expect(pageSecurityHeaders.hstsHeader({ HSTS_MAX_AGE: "600" })).toBe("max-age=600");
    expect(() => pageSecurityHeaders.hstsHeader({ HSTS_MAX_AGE: "a year" })).toThrow(/HSTS_MAX_AGE/);
  });

  it("allows sonner's inserted stylesheet by its hash in production, and any inline style only in development", () => {
    // sonner inserts this text into a <style> when it loads, without a nonce.
    const bundle = readFileSync(createRequire(import.meta.url).resolve("sonner"), "utf8");
    const literal = /__insertCSS\(("(?:[^"\\]|\\.)*")\)/.exec(bundle)?.[1];
    expect(literal, "sonner still inserts its stylesheet with __insertCSS").toBeDefined();
    const hash = `'sha256-${createHash("sha256").update(JSON.parse(literal!)).digest("base64")}'`;
    expect(pageSecurityHeaders.INLINE_STYLE_HASHES, "update INLINE_STYLE_HASHES to the installed sonner").toContain(
      hash,
    );

    const production = pageSecurityHeaders.pageHeaders("/orgs", { https: false, dev: false, hsts: null }).csp;
    const styles = /style-src ([^;]+)/.exec(production)![1]!;
    expect(styles).toContain(hash);
    expect(styles).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(styles).not.toContain("unsafe-inline");
    const development = pageSecurityHeaders.pageHeaders("/orgs", { https: false, dev: true, hsts: null }).csp;
    expect(/style-src ([^;]+)/.exec(development)![1]).toBe("'self' 'unsafe-inline'");
  });
});
