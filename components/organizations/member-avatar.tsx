"use client";

import { Avatar } from "radix-ui";
import { useHydrated } from "@/components/ui/use-hydrated";

/** "Ada Lovelace" -> "AL", "ada" -> "A"; an address when there is no name. */
export function initialsOf(name: string, email = ""): string {
  const words = (name.trim() || email.split("@")[0] || "?").split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!] : words.slice(0, 1);
  return letters
    .map((word) => Array.from(word)[0]!.toUpperCase())
    .join("")
    .slice(0, 2);
}

/**
 * A person's picture, or their initials until it loads (or when there is
 * none). Decorative: the name is always written next to it.
 */
export function MemberAvatar({
  name,
  email,
  image,
  size = "md",
}: {
  name: string;
  email?: string;
  image: string | null;
  size?: "sm" | "md";
}) {
  const box = size === "sm" ? "size-7 text-[0.65rem]" : "size-9 text-xs";
  // The server sends the initials (what Radix's fallback shows first anyway); the picture loads in the browser.
  if (!useHydrated()) {
    return (
      <span aria-hidden="true" className={`avatar ${box}`}>
        {initialsOf(name, email)}
      </span>
    );
  }
  return (
    <Avatar.Root aria-hidden="true" className={`avatar ${box}`}>
      {image && <Avatar.Image src={image} alt="" className="size-full object-cover" />}
      <Avatar.Fallback>{initialsOf(name, email)}</Avatar.Fallback>
    </Avatar.Root>
  );
}
