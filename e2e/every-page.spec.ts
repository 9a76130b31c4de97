// A basic member's view of every organization page, at 1280 and 390 px: no
// critical or serious axe violation, nothing wider than the window, one <h1>.
// (chrome.spec.ts walks the signed-out pages and an admin's.)
import { expect, test, type Locator, type Page } from "@playwright/test";
import { addMember, createAccount, createOrganization } from "./fixtures/db";
import { newPerson } from "./fixtures/users";
import { atBothWidths, expectAccessible } from "./fixtures/a11y";
import { SignInPage } from "./pages/auth-pages";
import { organizationPages } from "./pages/org-pages";

async function checkPage(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(500);
  await atBothWidths(page, async (width) => {
    await expect(page.locator("h1"), `one h1 on ${path} at ${width} px`).toHaveCount(1);
    await expectAccessible(page, `${path} at ${width} px`);
  });
}

test("a basic member's pages", async ({ page }) => {
  test.slow();
  const admin = newPerson("tour-admin");
  const member = newPerson("tour-member");
  await createAccount(admin, { verified: true });
  await createAccount(member, { verified: true });
  const { slug } = await createOrganization(`Tour ${Date.now().toString(36)}`, admin);
  await addMember(slug, member, "basic_member");

  await new SignInPage(page).signInAs(member);
  // What a basic member is shown where admins manage.
  const shown: Record<string, Locator> = {
    // The roles page lists the seeded roles, read-only.
    [`/orgs/${slug}/settings/roles`]: page.getByRole("heading", { name: "Admin", exact: true }),
    [`/orgs/${slug}/settings/activity`]: page.getByText("Only admins can see this organization's activity log."),
    [`/orgs/${slug}/settings/domains`]: page.getByText("Only admins can see and manage this organization's domains."),
  };
  const paths = ["/orgs", ...organizationPages(slug)];
  // Each expectation names a page that is visited: a renamed page fails here, not silently.
  expect(paths).toEqual(expect.arrayContaining(Object.keys(shown)));
  for (const path of paths) {
    await checkPage(page, path);
    if (shown[path]) await expect(shown[path]).toBeVisible();
  }
  const csv = await page.request.get(`/orgs/${slug}/settings/activity/export`);
  expect(csv.status()).toBe(403);
});
