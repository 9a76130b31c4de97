import { beforeAll, describe, expect, it } from "vitest";
import { DEVICE_COOKIE, deviceCookieValue, readTrustedDevice } from "@/lib/server/device-cookie";

beforeAll(() => {
  process.env.AUTH_SECRET ||= "device-cookie-test-secret-0123456789";
});

describe("the trusted-device cookie", () => {
  it("proves a device only for the account it was made for, in any letter case", () => {
    const value = deviceCookieValue("owner@example.test", null)!;
    expect(value).not.toContain("owner");
    const cookie = `other=1; ${DEVICE_COOKIE}=${value}`;
    const device = readTrustedDevice(cookie, "  Owner@Example.TEST ");
    expect(device).toEqual({ email: "owner@example.test", id: value.split(".")[0] });
    expect(readTrustedDevice(cookie, "someone-else@example.test")).toBeNull();
    // The same browser keeps its id; another account's device gets a new one.
    expect(deviceCookieValue("owner@example.test", device)!.split(".")[0]).toBe(device!.id);
    expect(deviceCookieValue("new@example.test", device)!.split(".")[0]).not.toBe(device!.id);
  });

  it("refuses a forged or altered cookie", () => {
    const value = deviceCookieValue("owner@example.test", null)!;
    const [id, signature] = value.split(".") as [string, string];
    const flipped = signature.slice(0, -1) + (signature.endsWith("A") ? "B" : "A");
    for (const forged of [`${id}.${flipped}`, `${"A".repeat(22)}.${signature}`, `${id}`, `${value}.extra`, ""]) {
      expect(readTrustedDevice(`${DEVICE_COOKIE}=${forged}`, "owner@example.test")).toBeNull();
    }
    expect(readTrustedDevice(null, "owner@example.test")).toBeNull();
  });
});
