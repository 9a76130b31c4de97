import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { db } from "./db";
import { listMyOrganizations, type MyOrganizationDto } from "./domain/organizations";
import { getCurrentUser, requireUser } from "./session";

/** The signed-in user's organizations, one query per request (header, layout and page share it). */
export const getMyOrganizations = cache(async (): Promise<MyOrganizationDto[]> => {
  const user = await getCurrentUser();
  return user ? listMyOrganizations(db, user.id) : [];
});

/** The organization in the URL, as the signed-in member sees it; 404 for anyone else. */
export async function requireActiveOrganization(slug: string, returnTo: string) {
  const user = await requireUser(returnTo);
  const organization = (await getMyOrganizations()).find((org) => org.slug === slug);
  if (!organization) notFound();
  return { user, organization };
}
