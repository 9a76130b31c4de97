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

const BOX = { sm: "size-7 text-[0.65rem]", md: "size-9 text-xs" } as const;

/**
 * The initials as the server sends them (what Radix's fallback shows first anyway): a plain
 * function, not a component, for lists that render it on every row of every request.
 */
export function initialsAvatar(name: string, email = "", size: keyof typeof BOX = "md") {
  return (
    <span aria-hidden="true" className={`avatar ${BOX[size]}`}>
      {initialsOf(name, email)}
    </span>
  );
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
  size?: keyof typeof BOX;
}) {
  // The picture loads in the browser.
  if (!useHydrated()) return initialsAvatar(name, email, size);
  return (
    <Avatar.Root aria-hidden="true" className={`avatar ${BOX[size]}`}>
      {image && <Avatar.Image src={image} alt="" className="size-full object-cover" />}
      <Avatar.Fallback>{initialsOf(name, email)}</Avatar.Fallback>
    </Avatar.Root>
  );
}
