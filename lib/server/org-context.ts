import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { db } from "../db";
import { listMyInvitations, type MyInvitations } from "../domain/invitations/mine";
import { listMyOrganizationsAndInvitations } from "../domain/organizations/organizations";
import type { MyOrganizationDto } from "../domain/organizations/sql";
import { getCurrentUser, getSessionClaims, requireUser } from "./session";

/**
 * The signed-in user's organizations and pending invitations, one statement per request (header,
 * layout and page share it), sent alongside the session user's read rather than after it; shown
 * only if that read confirms the session.
 */
const getMine = cache(
  async (): Promise<{ organizations: MyOrganizationDto[]; invitations: MyInvitations | null } | null> => {
    const claims = await getSessionClaims();
    if (!claims) return null;
    const [user, mine] = await Promise.all([getCurrentUser(), listMyOrganizationsAndInvitations(db, claims.userId)]);
    return user?.id === claims.userId ? mine : null;
  },
);

/** The signed-in user's organizations (getMine). */
export const getMyOrganizations = cache(
  async (): Promise<MyOrganizationDto[]> => (await getMine())?.organizations ?? [],
);

/**
 * The organization layout's organization: as requireActiveOrganization, but
 * null when signed out, so the page (which calls requireActiveOrganization
 * with its own address) sends the visitor to sign-in and back to that page,
 * not to the organization's overview.
 */
export async function layoutOrganization(slug: string): Promise<MyOrganizationDto | null> {
  if (!(await getCurrentUser())) return null;
  const organization = (await getMyOrganizations()).find((org) => org.slug === slug);
  if (!organization) notFound();
  return organization;
}

/** The organization in the URL, as the signed-in member sees it; 404 for anyone else. */
export async function requireActiveOrganization(slug: string, returnTo: string) {
  const user = await requireUser(returnTo);
  const organization = (await getMyOrganizations()).find((org) => org.slug === slug);
  if (!organization) notFound();
  return { user, organization };
}

/**
 * The signed-in user's pending invitations (none for an unverified address): read with their
 * organizations (getMine), or alone when they belong to none.
 */
export const getMyInvitations = cache(async (): Promise<MyInvitations> => {
  const mine = await getMine();
  if (!mine) return { verified: false, invitations: [] };
  if (mine.invitations) return mine.invitations;
  const user = await getCurrentUser();
  return user ? listMyInvitations(db, user.id) : { verified: false, invitations: [] };
});
