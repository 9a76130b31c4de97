// A one-time message for the next page a person lands on, when an action
// ends in a redirect (no form is left to show its answer): the action sets the
// cookie (lib/server/flash.ts), the page's toaster shows it and clears it
// (components/ui/toaster.tsx). Plain text shown as a toast, never as HTML.

export const FLASH_COOKIE = "orgs-flash";

export type Flash = { kind: "success" | "error"; message: string };

/** The flash in a cookie value, or null for anything else. */
export function parseFlash(value: string | undefined): Flash | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== "object" || parsed === null) return null;
    const { kind, message } = parsed as Record<string, unknown>;
    if ((kind !== "success" && kind !== "error") || typeof message !== "string" || !message) return null;
    return { kind, message: message.slice(0, 500) };
  } catch {
    return null;
  }
}
