import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { db } from "../db";
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
