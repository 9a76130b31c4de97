import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/callback-url";

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
  ])("%o -> %s", (input, expected) => {
    expect(safeCallbackUrl(input)).toBe(expected);
  });
});
