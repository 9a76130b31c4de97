// proxy.ts's settings, read when it starts: HSTS by HSTS_MAX_AGE or an https
// public URL, and the headers each kind of page gets. The browser check of the
// same headers is e2e/security.spec.ts.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

const saved = { ...process.env };

async function loadProxy(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return (await import("@/proxy")).proxy;
}

afterEach(() => {
  process.env = { ...saved };
});

describe("proxy headers", () => {
  it("sends no HSTS on an http site unless told to", async () => {
    const proxy = await loadProxy({ HSTS_MAX_AGE: undefined, APP_URL: "http://localhost:3000", AUTH_URL: undefined });
    const response = await proxy(new NextRequest("http://localhost:3000/orgs"));
    expect(response.headers.get("strict-transport-security")).toBeNull();
    expect(response.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
  });

  it("sends a year of HSTS when the public URL is https, and what HSTS_MAX_AGE says otherwise", async () => {
    let proxy = await loadProxy({ HSTS_MAX_AGE: undefined, APP_URL: "https://orgs.example" });
    expect((await proxy(new NextRequest("https://orgs.example/orgs"))).headers.get("strict-transport-security")).toBe(
      "max-age=31536000",
    );
    proxy = await loadProxy({ HSTS_MAX_AGE: "0", APP_URL: "https://orgs.example" });
    expect(
      (await proxy(new NextRequest("https://orgs.example/orgs"))).headers.get("strict-transport-security"),
    ).toBeNull();
    proxy = await loadProxy({ HSTS_MAX_AGE: "600", APP_URL: "http://localhost:3000" });
    expect((await proxy(new NextRequest("http://localhost:3000/"))).headers.get("strict-transport-security")).toBe(
      "max-age=600",
    );
    await expect(loadProxy({ HSTS_MAX_AGE: "a year" })).rejects.toThrow(/HSTS_MAX_AGE/);
  });

  it("gives each answer its own nonce, on the request Next.js renders and on the response", async () => {
    const proxy = await loadProxy({});
    const [a, b] = [
      await proxy(new NextRequest("http://localhost:3000/")),
      await proxy(new NextRequest("http://localhost:3000/")),
    ];
    const nonce = a.headers.get("content-security-policy")!.match(/'nonce-([^']+)'/)![1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{32,}$/);
    expect(b.headers.get("content-security-policy")).not.toContain(nonce);
    // NextResponse.next passes request headers on as x-middleware-request-* headers.
    expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(
      a.headers.get("content-security-policy"),
    );
  });

  it("leaves pages the server preload already stamped alone", async () => {
    const proxy = await loadProxy({});
    const response = await proxy(
      new NextRequest("http://localhost:3000/orgs", { headers: { "x-orgs-page-headers": "1" } }),
    );
    expect(response.headers.get("content-security-policy")).toBeNull();
  });

  it.each([
    ["/invitations/abc", "no-referrer"],
    ["/verify-email/abc", "no-referrer"],
    ["/reset-password/abc", "no-referrer"],
    ["/confirm-email/abc", "no-referrer"],
    ["/invitations", "strict-origin-when-cross-origin"],
    ["/orgs/invitations-team", "strict-origin-when-cross-origin"],
    ["/sign-in", "strict-origin-when-cross-origin"],
  ])("%s: Referrer-Policy %s", async (path, policy) => {
    const proxy = await loadProxy({});
    expect((await proxy(new NextRequest(`http://localhost:3000${path}`))).headers.get("referrer-policy")).toBe(policy);
  });

  it("refuses a server action with a declared body over 1 MiB, and lets one at the limit through", async () => {
    const proxy = await loadProxy({});
    const over = await proxy(
      new NextRequest("http://localhost:3000/sign-in", {
        method: "POST",
        headers: { "next-action": "x", "content-length": String(1024 * 1024 + 1) },
      }),
    );
    expect(over.status).toBe(413);
    expect(await over.text()).toContain("Too large");
    const at = await proxy(
      new NextRequest("http://localhost:3000/sign-in", {
        method: "POST",
        headers: { "next-action": "x", "content-length": String(1024 * 1024) },
      }),
    );
    expect(at.status).toBe(200);
  });
});
