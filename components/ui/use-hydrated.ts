"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False while the server renders and while the browser hydrates, true from the
 * render right after. Long lists use it to send plain look-alike markup (a
 * button with the same name and classes) and mount the Radix trees of their
 * per-row controls in the browser only: a closed menu, tooltip or dialog is a
 * dozen context providers and hooks that the server would otherwise render for
 * every row of every request (on the members page, most of its rendering time).
 * Before hydration neither version reacts to a click, so nothing is lost.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
