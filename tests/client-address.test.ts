// The client's address: decided from the TCP peer and the declared proxies by
// the server preload, read by the app from its internal header only.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddressFrom } from "@/lib/server/client-address";
import trusted from "@/scripts/trusted-client-address.cjs";

const { install, parseTrustSettings, resolveClientAddress } = trusted;

describe("resolveClientAddress", () => {
  const none = parseTrustSettings({});
  const oneHop = parseTrustSettings({ TRUSTED_PROXY_HOPS: "1" });
  const twoHops = parseTrustSettings({ TRUSTED_PROXY_HOPS: "2" });
  const listed = parseTrustSettings({ TRUSTED_PROXIES: "10.0.0.0/8, 192.0.2.10, fd00::/8" });

  it("without declared proxies takes the TCP peer, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("203.0.113.7", "6.6.6.6", none)).toBe("203.0.113.7");
    expect(resolveClientAddress("::ffff:203.0.113.7", "6.6.6.6, 7.7.7.7", none)).toBe("203.0.113.7");
    expect(resolveClientAddress("2001:DB8::1", undefined, none)).toBe("2001:db8::1");
    expect(resolveClientAddress(undefined, "6.6.6.6", none)).toBeNull();
  });

  it("with N trusted hops takes the entry the outermost trusted proxy appended", () => {
    // The client sent "6.6.6.6"; the one proxy appended the address it saw.
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 198.51.100.4", oneHop)).toBe("198.51.100.4");
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 198.51.100.4, 10.0.0.3", twoHops)).toBe("198.51.100.4");
    // Fewer entries than hops: the leftmost one there is (the proxy chain was shorter).
    expect(resolveClientAddress("10.0.0.2", "198.51.100.4", twoHops)).toBe("198.51.100.4");
    expect(resolveClientAddress("10.0.0.2", undefined, oneHop)).toBe("10.0.0.2");
    // Ports and brackets are stripped; a malformed entry stops at the proxy that passed it on.
    expect(resolveClientAddress("10.0.0.2", "198.51.100.4:5123", oneHop)).toBe("198.51.100.4");
    expect(resolveClientAddress("10.0.0.2", "[2001:db8::5]:443", oneHop)).toBe("2001:db8::5");
    expect(resolveClientAddress("10.0.0.2", "unknown", oneHop)).toBe("10.0.0.2");
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, <script>", oneHop)).toBe("10.0.0.2");
  });

  it("with a list of proxies walks back through listed addresses only", () => {
    expect(resolveClientAddress("10.1.2.3", "6.6.6.6, 198.51.100.4, 192.0.2.10", listed)).toBe("198.51.100.4");
    // A client that is not a listed proxy is the client, whatever it forwards.
    expect(resolveClientAddress("198.51.100.9", "6.6.6.6", listed)).toBe("198.51.100.9");
    // A client cannot slip a proxy's address in to be skipped past: walking stops at the first unlisted one.
    expect(resolveClientAddress("10.1.2.3", "10.9.9.9, 198.51.100.4", listed)).toBe("198.51.100.4");
    expect(resolveClientAddress("fd00::1", "2001:db8::7", listed)).toBe("2001:db8::7");
  });

  it("refuses malformed settings with the variable named", () => {
    expect(() => parseTrustSettings({ TRUSTED_PROXY_HOPS: "1", TRUSTED_PROXIES: "10.0.0.1" })).toThrow(/not both/);
    expect(() => parseTrustSettings({ TRUSTED_PROXY_HOPS: "-1" })).toThrow(/TRUSTED_PROXY_HOPS=-1/);
    expect(() => parseTrustSettings({ TRUSTED_PROXY_HOPS: "one" })).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(() => parseTrustSettings({ TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/TRUSTED_PROXIES/);
    expect(() => parseTrustSettings({ TRUSTED_PROXIES: "proxy.internal" })).toThrow(/TRUSTED_PROXIES/);
    expect(parseTrustSettings({ TRUSTED_PROXY_HOPS: " ", TRUSTED_PROXIES: "" })).toEqual({ hops: 0, proxies: null });
  });
});

describe("the preload, on a real HTTP server", () => {
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.end(JSON.stringify({ header: req.headers[CLIENT_ADDRESS_HEADER] ?? null, raw: req.rawHeaders }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    install({});
    await new Promise((resolve) => server.close(resolve));
  });

  async function seen(headers: Record<string, string>): Promise<{ header: string | null; raw: string[] }> {
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers });
    return (await response.json()) as { header: string | null; raw: string[] };
  }
  const forged = { "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7", [CLIENT_ADDRESS_HEADER]: "8.8.8.8" };

  it("replaces whatever the client sent with the TCP peer", async () => {
    install({});
    const answer = await seen(forged);
    expect(answer.header).toBe("127.0.0.1");
    expect(answer.raw.filter((name) => name.toLowerCase() === CLIENT_ADDRESS_HEADER)).toHaveLength(1);
  });

  it("counts the entry a declared proxy appended, and only that one", async () => {
    install({ TRUSTED_PROXY_HOPS: "1" });
    expect((await seen({ ...forged, "x-forwarded-for": "6.6.6.6, 198.51.100.4" })).header).toBe("198.51.100.4");
    install({ TRUSTED_PROXIES: "127.0.0.1" });
    expect((await seen({ ...forged, "x-forwarded-for": "6.6.6.6, 198.51.100.4" })).header).toBe("198.51.100.4");
    install({ TRUSTED_PROXIES: "10.0.0.0/8" });
    expect((await seen({ ...forged, "x-forwarded-for": "6.6.6.6, 198.51.100.4" })).header).toBe("127.0.0.1");
  });
});

describe("clientAddressFrom", () => {
  it("reads only the preload's header, never the client's forwarding headers", () => {
    expect(clientAddressFrom(new Headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.9" }))).toBe("203.0.113.9");
    expect(
      clientAddressFrom(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9", "x-real-ip": "198.51.100.4" })),
    ).toBeNull();
  });

  it("counts an IPv6 client per /64", () => {
    expect(clientAddressFrom(new Headers({ [CLIENT_ADDRESS_HEADER]: "2001:db8:1:2:3:4:5:6" }))).toBe(
      "2001:db8:1:2::/64",
    );
    expect(clientAddressFrom(new Headers({ [CLIENT_ADDRESS_HEADER]: "2001:db8::1" }))).toBe("2001:db8:0:0::/64");
    expect(clientAddressFrom(new Headers({ [CLIENT_ADDRESS_HEADER]: "2001:db8:0:2::9" }))).toBe("2001:db8:0:2::/64");
    expect(clientAddressFrom(new Headers({ [CLIENT_ADDRESS_HEADER]: "::1" }))).toBe("0:0:0:0::/64");
  });
});
