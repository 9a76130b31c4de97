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
    [undefined, "/orgs"],
    [["/a", "/b"], "/orgs"],
  ])("%o -> %s", (input, expected) => {
    expect(safeCallbackUrl(input)).toBe(expected);
  });
});

describe("clientAddressFrom", () => {
  it("takes the first forwarded hop, else x-real-ip, else null", () => {
    expect(clientAddressFrom(new Headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.1" }))).toBe("203.0.113.9");
    expect(clientAddressFrom(new Headers({ "x-real-ip": "198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientAddressFrom(new Headers())).toBeNull();
  });
});
