"use client";

import { setNonce } from "get-nonce";

/**
 * Gives radix-ui's scroll lock (react-remove-scroll, which reads get-nonce)
 * the page's CSP nonce for the <style> it inserts while a dialog is open;
 * without it, production's style-src would block that style.
 */
export function StyleNonce({ nonce }: { nonce?: string }) {
  if (nonce && typeof document !== "undefined") setNonce(nonce);
  return null;
}
