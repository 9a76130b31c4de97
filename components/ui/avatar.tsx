"use client";

import { Avatar as RadixAvatar } from "radix-ui";
import { useHydrated } from "./use-hydrated";

/** Up to two initials of a name ("Acme Rockets" -> "AR"), "?" for none. */
export function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]?.toUpperCase())
      .join("") || "?"
  );
}

const SIZES = { sm: "size-6 text-[0.625rem]", md: "size-8 text-xs", lg: "size-12 text-lg" } as const;

/**
 * A picture, or initials until it loads (and when there is none or it fails).
 * Decorative: the name always sits beside it, so it is hidden from assistive technology.
 */
export function Avatar({
  name,
  src,
  shape = "circle",
  size = "md",
}: {
  name: string;
  src?: string | null;
  shape?: "circle" | "square";
  size?: keyof typeof SIZES;
}) {
  const className = `inline-flex shrink-0 items-center justify-center overflow-hidden bg-indigo-100 align-middle font-bold text-indigo-700 select-none ${
    shape === "square" ? "rounded-md" : "rounded-full"
  } ${SIZES[size]}`;
  // The server sends the initials (what Radix's fallback shows first anyway); the picture loads in the browser.
  if (!useHydrated()) {
    return (
      <span aria-hidden="true" className={className}>
        {initials(name)}
      </span>
    );
  }
  return (
    <RadixAvatar.Root aria-hidden="true" className={className}>
      {src && <RadixAvatar.Image src={src} alt="" className="size-full object-cover" />}
      <RadixAvatar.Fallback>{initials(name)}</RadixAvatar.Fallback>
    </RadixAvatar.Root>
  );
}
