import { signOutAction } from "@/app/(auth)/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import type { UserDto } from "@/lib/domain/users";

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join("");
}

/** The signed-in user's menu: a native disclosure, so it works with keyboard and screen readers without script. */
export function UserMenu({ user }: { user: Pick<UserDto, "name" | "email"> }) {
  return (
    <details className="group relative">
      <summary
        className="flex cursor-pointer list-none items-center gap-2 rounded-full p-1 pr-3 text-sm font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600 [&::-webkit-details-marker]:hidden"
        aria-label={`Account menu for ${user.name}`}
      >
        <span
          aria-hidden="true"
          className="flex size-8 items-center justify-center rounded-full bg-indigo-100 text-xs font-bold text-indigo-700"
        >
          {initials(user.name) || "?"}
        </span>
        <span className="hidden sm:inline">{user.name}</span>
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-64 rounded-lg bg-white p-2 shadow-lg ring-1 ring-zinc-200">
        <div className="border-b border-zinc-100 px-3 py-2">
          <p className="truncate text-sm font-semibold text-zinc-900">{user.name}</p>
          <p className="truncate text-sm text-zinc-500">{user.email}</p>
        </div>
        <a href="/account" className="mt-1 block rounded-md px-3 py-2 text-sm text-zinc-700 hover:bg-zinc-100">
          Your account
        </a>
        <form action={signOutAction}>
          <SubmitButton variant="secondary" pendingLabel="Signing out…" className="mt-1 w-full">
            Sign out
          </SubmitButton>
        </form>
      </div>
    </details>
  );
}
