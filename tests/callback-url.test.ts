import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/server/callback-url";

describe("safeCallbackUrl", () => {
  it.each([
    ["/account", "/account"],
    ["/orgs/acme/settings?tab=members", "/orgs/acme/settings?tab=members"],
    ["https://evil.example/", "/orgs"],
    ["//evil.example/", "/orgs"],
    ["/\\evil.example", "/orgs"],
    ["javascript:alert(1)", "/orgs"],
    ["/\t/evil.example", "/orgs"],
    ["/\n/evil.example", "/orgs"],
    ["/%09/evil.example", "/%09/evil.example"],
    [undefined, "/orgs"],
    [["/a", "/b"], "/orgs"],
    // Dot segments that normalize into "//host" (the reported bypass).
    ["/../..//evil.example/phish", "/orgs"],
    ["/.//evil.example", "/orgs"],
    ["/%2e//evil.example", "/orgs"],
    ["/%2e%2e//evil.example", "/orgs"],
    ["/a/%2E%2E//evil.example", "/orgs"],
    ["/a/../..//evil.example", "/orgs"],
    ["/a/b/../../..//evil.example?x=1#y", "/orgs"],
    // Dot segments that stay on this site are fine, normalized.
    ["/orgs/../account", "/account"],
    ["/./account", "/account"],
  ])("%o -> %s", (input, expected) => {
    expect(safeCallbackUrl(input)).toBe(expected);
  });

  // The usual open-redirect payload lists: whatever they turn into, the answer is a path here.
  const payloads = [
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "/\\evil.example",
    "/%2f/evil.example",
    "/%2F%2Fevil.example",
    "%2f%2fevil.example",
    "/%5c/evil.example",
    "/%5C%5Cevil.example",
    "/.%2f/evil.example",
    "/%2e/%2fevil.example",
    "/%2e%2e/%2e%2e//evil.example",
    "/..;//evil.example",
    "/..%00//evil.example",
    "/\u0000//evil.example",
    "/\u0001//evil.example",
    "/\u007f//evil.example",
    "/\u0085//evil.example",
    "/\u00a0//evil.example",
    "/\t/evil.example",
    "/\r\n/evil.example",
    "/ /evil.example",
    " //evil.example",
    "\t//evil.example",
    "https://evil.example",
    "http:evil.example",
    "https:/evil.example",
    "//evil.example@localhost",
    "/@evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "/javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/\uff0f\uff0fevil.example",
    "/\u2215\u2215evil.example",
    "/\u3002evil.example",
    "/\u200b/evil.example",
    "/\u202e//evil.example",
    "/\ufeff//evil.example",
    "/?next=//evil.example",
    "/#//evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/.././..//evil.example",
    "/./././/evil.example",
    "/a/b/c/../../../..//evil.example/%2e%2e",
  ];

  it.each(payloads)("%j stays on this site", (payload) => {
    const result = safeCallbackUrl(payload);
    const base = "https://app.example";
    expect(result).toMatch(/^\/(?![/\\])/);
    expect(result).not.toMatch(/[\u0000-\u001f\u007f-\u009f\\]/);
    const resolved = new URL(result, base);
    expect(resolved.origin).toBe(base);
    // A browser strips tabs and newlines from a Location and reads "\\" as "/": neither may reveal a host.
    expect(new URL(result.replace(/[\t\n\r]/g, "").replace(/\\/g, "/"), base).origin).toBe(base);
  });
});
