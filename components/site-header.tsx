import Link from "next/link";
import { buttonClasses } from "@/components/ui/button-classes";
import { OrgSwitcher } from "@/components/organizations/org-switcher";
import { UserMenu } from "@/components/user-menu";
import { getMyInvitations, getMyOrganizations } from "@/lib/server/org-context";
import { getCurrentUser } from "@/lib/server/session";

export async function SiteHeader() {
  const [user, organizations, mine] = await Promise.all([getCurrentUser(), getMyOrganizations(), getMyInvitations()]);
  return (
    <header className="border-b border-zinc-200 bg-white">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
        <div className="flex min-w-0 items-center gap-3 sm:gap-4">
          <Link href="/" className="flex items-center gap-2 text-lg font-bold tracking-tight text-zinc-900">
            <span
              aria-hidden="true"
              className="flex size-7 items-center justify-center rounded-md bg-indigo-600 text-sm text-white"
            >
              O
            </span>
            Orgs
          </Link>
          {user && (
            <OrgSwitcher
              organizations={organizations.map(({ slug, name, role, logoUrl }) => ({
                slug,
                name,
                role,
                imageUrl: logoUrl,
              }))}
              invitations={mine.invitations.map((invitation) => ({
                id: invitation.id,
                organizationName: invitation.organization.name,
              }))}
            />
          )}
        </div>
        <nav aria-label="Account" className="flex items-center gap-3">
          {user ? (
            <UserMenu user={user} />
          ) : (
            <>
              <Link href="/sign-in" className="text-sm font-semibold text-zinc-700 hover:text-zinc-900">
                Sign in
              </Link>
              <Link href="/sign-up" className={buttonClasses("primary")}>
                Sign up
              </Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
