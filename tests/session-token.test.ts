import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeSessionToken } from "@/lib/server/session-token";

const SECRET = "session-token-test-secret-0123456789abcdef";
const SALT = "authjs.session-token";

function token(claims: Record<string, unknown>, maxAge = 3600, secret = SECRET, salt = SALT) {
  return encode({ token: claims, secret, salt, maxAge });
}

describe("decodeSessionToken (the pages' session cookie, decrypted once per process)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reads the user, session version and session id, the same on a second read", async () => {
    const value = await token({ sub: "user_a", sv: 3, sid: "sess_a" });
    expect(await decodeSessionToken(value, SECRET, SALT)).toEqual({
      userId: "user_a",
      sessionVersion: 3,
      sessionId: "sess_a",
    });
    expect(await decodeSessionToken(value, SECRET, SALT)).toEqual({
      userId: "user_a",
      sessionVersion: 3,
      sessionId: "sess_a",
    });
    // No version in the token (older cookies) reads as 0; no session id as null (getSessionUser signs those out).
    expect(await decodeSessionToken(await token({ sub: "user_b" }), SECRET, SALT)).toEqual({
      userId: "user_b",
      sessionVersion: 0,
      sessionId: null,
    });
  });

  it("a token read once is refused after it expires", async () => {
    const value = await token({ sub: "user_c", sv: 0 }, 60);
    expect(await decodeSessionToken(value, SECRET, SALT)).toEqual({
      userId: "user_c",
      sessionVersion: 0,
      sessionId: null,
    });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 120_000);
    expect(await decodeSessionToken(value, SECRET, SALT)).toBeNull();
  });

  it("a token read once is refused under another secret or another cookie name", async () => {
    const value = await token({ sub: "user_d", sv: 1 });
    expect(await decodeSessionToken(value, SECRET, SALT)).not.toBeNull();
    expect(await decodeSessionToken(value, `${SECRET}-rotated`, SALT)).toBeNull();
    expect(await decodeSessionToken(value, SECRET, `__Secure-${SALT}`)).toBeNull();
    // ...and the original pair still reads it.
    expect(await decodeSessionToken(value, SECRET, SALT)).toEqual({
      userId: "user_d",
      sessionVersion: 1,
      sessionId: null,
    });
  });

  it("tampered, foreign and subject-less tokens read as signed out", async () => {
    const value = await token({ sub: "user_e" });
    const parts = value.split(".");
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith("AA") ? "BB" : "AA");
    expect(await decodeSessionToken(parts.join("."), SECRET, SALT)).toBeNull();
    expect(
      await decodeSessionToken(
        await token({ sub: "user_e" }, 3600, "another-secret-0123456789abcdef0123"),
        SECRET,
        SALT,
      ),
    ).toBeNull();
    expect(await decodeSessionToken(await token({ name: "no subject" }), SECRET, SALT)).toBeNull();
    expect(await decodeSessionToken("not a token", SECRET, SALT)).toBeNull();
  });
});
