import { requireActiveOrganization } from "@/lib/server/org-context";

/** What Next.js passes a page under /orgs/[slug]. */
export type OrgPageProps = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[]>>;
};

/**
 * The signed-in member and the organization in the URL, for the page at `path` below the
 * organization's address ("" for the overview): a visitor who is signed out signs in and comes
 * back to that page; anyone who is not a member gets a 404.
 */
export async function orgPage(params: OrgPageProps["params"], path: string) {
  const { slug } = await params;
  return requireActiveOrganization(slug, `/orgs/${slug}${path}`);
}
