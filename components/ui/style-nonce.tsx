"use client";

import { setNonce } from "get-nonce";

// radix-ui's scroll lock (react-remove-scroll, while a dialog is open) inserts
// a <style> with the nonce get-nonce gives it; without one, production's
// style-src blocks it. The nonce is this document's own, read from the
// scripts Next.js stamped with it (the `nonce` property: browsers hide the
// attribute): a later server render carries another request's nonce, which
// this document's policy does not accept.
if (typeof document !== "undefined") {
  const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce;
  if (nonce) setNonce(nonce);
}

/** Mounted once in the root layout, so the lines above run in every page. */
export function StyleNonce() {
  return null;
}
