// The one-time toast an action leaves across a redirect: only a well-formed
// flash is shown, as text, whatever else the cookie holds.
import { describe, expect, it } from "vitest";
import { parseFlash } from "@/lib/flash";

describe("flash cookie", () => {
  it("reads a success or an error message", () => {
    expect(parseFlash(JSON.stringify({ kind: "success", message: "Acme was deleted." }))).toEqual({
      kind: "success",
      message: "Acme was deleted.",
    });
    expect(parseFlash(JSON.stringify({ kind: "error", message: "No." }))).toEqual({ kind: "error", message: "No." });
  });

  it("ignores anything else, and caps the length", () => {
    for (const value of [
      undefined,
      "",
      "not json",
      "null",
      "[]",
      '{"kind":"info","message":"x"}',
      '{"kind":"success"}',
    ])
      expect(parseFlash(value)).toBeNull();
    expect(parseFlash(JSON.stringify({ kind: "success", message: "x".repeat(2000) }))!.message).toHaveLength(500);
  });
});
