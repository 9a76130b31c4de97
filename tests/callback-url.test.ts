import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/callback-url";
import { clientAddressFrom } from "@/lib/client-address";

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

describe("clientAddressFrom", () => {
  it("takes x-real-ip, else the last forwarded hop (not the client-supplied first), else null", () => {
    expect(clientAddressFrom(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddressFrom(new Headers({ "x-real-ip": "198.51.100.4", "x-forwarded-for": "6.6.6.6" }))).toBe("198.51.100.4");
    expect(clientAddressFrom(new Headers())).toBeNull();
  });
});
