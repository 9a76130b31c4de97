// The Chromium that the browser tests and the screenshot script drive, and how they start it.
import fs from "node:fs";

/**
 * PLAYWRIGHT_CHROMIUM_PATH when set ("" for Playwright's own browsers); else Debian's
 * chromium-headless-shell (the same engine as Debian's chromium, without the desktop browser
 * around it, as Playwright's own headless runs use; about half the CPU per test on a 2-core
 * machine); else Debian's chromium.
 */
export function chromiumExecutable(): string | undefined {
  const configured = process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (configured !== undefined) return configured || undefined;
  return ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((candidate) => fs.existsSync(candidate));
}

/** Flags for a machine with no GPU and no internet: nothing reaches for Google's services. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
