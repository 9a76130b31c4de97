import type { ReactNode } from "react";

const CARD = "rounded-xl bg-white shadow-sm ring-1 ring-zinc-200";

/**
 * A card of the organization's pages: a section named by its heading, with `aside` (a count)
 * level with the heading when given. `className` is the card's padding and any place in a grid.
 */
export function Card({
  headingId,
  title,
  aside,
  className = "p-6",
  children,
}: {
  headingId: string;
  title: ReactNode;
  aside?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  const heading = (
    <h2 id={headingId} className="text-base font-semibold text-zinc-900">
      {title}
    </h2>
  );
  return (
    <section aria-labelledby={headingId} className={`${CARD} ${className}`}>
      {aside ? (
        <div className="flex items-baseline justify-between gap-3">
          {heading}
          {aside}
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}

/** What a page of the organization shows a member whose role may not see it: its name and why. */
export function NoAccess({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className={`${CARD} p-6`}>
      <h2 className="text-base font-semibold text-zinc-900">{title}</h2>
      <p className="mt-1 text-sm text-zinc-600">{children}</p>
    </section>
  );
}
