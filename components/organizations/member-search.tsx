"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";

const DEBOUNCE_MS = 250;

/**
 * Searching members as one types: the URL stays the source of truth (?q=, the
 * server searches and pages), updated with router.replace a moment after the
 * last keystroke. Without JavaScript it is an ordinary GET form.
 */
export function MemberSearch({ initialQuery }: { initialQuery: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [value, setValue] = useState(initialQuery);
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (text: string) => {
    const params = new URLSearchParams(searchParams.toString());
    const query = text.trim();
    if (query === (searchParams.get("q") ?? "").trim()) return;
    if (query) params.set("q", query);
    else params.delete("q");
    // A new search starts on its first page.
    params.delete("page");
    const href = params.size > 0 ? `${pathname}?${params.toString()}` : pathname;
    startTransition(() => router.replace(href, { scroll: false }));
  };

  return (
    <form
      role="search"
      action={pathname}
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        clearTimeout(timer.current);
        search(value);
      }}
    >
      {/* The sort and order in force stay when the form is submitted without JavaScript. */}
      {["sort", "dir"].map((name) =>
        searchParams.get(name) ? <input key={name} type="hidden" name={name} value={searchParams.get(name)!} /> : null,
      )}
      <div className="min-w-0 flex-1">
        <label htmlFor="member-search" className="block text-sm font-medium text-zinc-900">
          Search members
        </label>
        <div className="relative mt-1.5">
          <input
            id="member-search"
            name="q"
            type="search"
            value={value}
            maxLength={100}
            autoComplete="off"
            aria-describedby="member-search-hint"
            onChange={(event) => {
              const text = event.target.value;
              setValue(text);
              clearTimeout(timer.current);
              timer.current = setTimeout(() => search(text), DEBOUNCE_MS);
            }}
            placeholder="Name or email"
            className="block w-full rounded-md border-0 px-3 py-2 pr-9 text-sm ring-1 ring-zinc-300 focus:ring-2 focus:ring-indigo-600"
          />
          {pending && (
            <span
              aria-hidden="true"
              className="absolute top-1/2 right-3 size-4 -translate-y-1/2 animate-spin rounded-full border-2 border-zinc-400 border-r-transparent"
            />
          )}
        </div>
        <p id="member-search-hint" className="sr-only">
          Results update as you type.
        </p>
      </div>
      <button
        type="submit"
        className="rounded-md bg-white px-3.5 py-2 text-sm font-semibold ring-1 ring-zinc-300 hover:bg-zinc-50"
      >
        Search
      </button>
    </form>
  );
}
