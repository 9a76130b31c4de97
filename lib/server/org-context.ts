import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { db } from "../db";
import { listMyInvitations, type MyInvitations } from "../domain/invitations/mine";
import { listMyOrganizations, type MyOrganizationDto } from "../domain/organizations/organizations";
import { getCurrentUser, getSessionClaims, requireUser } from "./session";

/**
 * The signed-in user's organizations, one query per request (header, layout
 * and page share it), sent alongside the session user's read rather than after
 * it; shown only if that read confirms the session.
 */
export const getMyOrganizations = cache(async (): Promise<MyOrganizationDto[]> => {
  const claims = await getSessionClaims();
  if (!claims) return [];
  const [user, organizations] = await Promise.all([getCurrentUser(), listMyOrganizations(db, claims.userId)]);
  return user?.id === claims.userId ? organizations : [];
});

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
 * The signed-in user's pending invitations (none for an unverified address),
 * one query per request: /orgs and the header's switcher share it. Like
 * getMyOrganizations, sent alongside the session user's read and shown only if
 * that read confirms the session.
 */
export const getMyInvitations = cache(async (): Promise<MyInvitations> => {
  const claims = await getSessionClaims();
  if (!claims) return { verified: false, invitations: [] };
  const [user, mine] = await Promise.all([getCurrentUser(), listMyInvitations(db, claims.userId)]);
  return user?.id === claims.userId ? mine : { verified: false, invitations: [] };
});
