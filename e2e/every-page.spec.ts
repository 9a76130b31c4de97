// Every page of the app, signed out, as an admin and as a basic member, at
// 1280 and 390 px: no critical or serious axe violation, nothing wider than
// the window, exactly one <h1>. (Specs of each feature check the states they
// open: menus, dialogs, errors.)
import { expect, test, type Page } from "@playwright/test";
import { addMember, createAccount } from "./fixtures/db";
import { clerkClient } from "./fixtures/api";
import { newPerson } from "./fixtures/users";
import { atBothWidths, expectAccessible } from "./fixtures/a11y";
import { SignInPage } from "./pages/auth-pages";
import { OrganizationsPage } from "./pages/org-pages";

async function checkPage(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(500);
  await atBothWidths(page, async (width) => {
    await expect(page.locator("h1"), `one h1 on ${path} at ${width} px`).toHaveCount(1);
    await expectAccessible(page, `${path} at ${width} px`);
  });
}

test("signed-out pages", async ({ page }) => {
  for (const path of [
    "/sign-in",
    "/sign-up",
    "/forgot-password",
    "/reset-password/not-a-real-token-0000000000000000000000000000",
    "/verify-email/not-a-real-token-00000000000000000000000000000",
    "/confirm-email/not-a-real-token-0000000000000000000000000000",
    "/invitations/not-a-real-token-00000000000000000000000000000000",
    "/account-deleted",
    "/no-such-page",
  ])
    await checkPage(page, path);
});

test("an admin's pages and a basic member's", async ({ page, browser }) => {
  test.slow();
  const admin = newPerson("tour-admin");
  const member = newPerson("tour-member");
  await createAccount(admin, { verified: true });
  await createAccount(member, { verified: true });

  await new SignInPage(page).signInAs(admin);
  await checkPage(page, "/orgs");
  const orgs = new OrganizationsPage(page);
  await orgs.goto();
  await orgs.create(`Tour ${Date.now()}`);
  await expect(page).toHaveURL(/\/orgs\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  await addMember(slug, member, "basic_member");
  // A pending invitation, so the invitations list has a row.
  const clerk = await clerkClient();
  const organization = await clerk.organizations.getOrganization({ slug });
  await clerk.organizations.createOrganizationInvitation({
    organizationId: organization.id,
    emailAddress: newPerson("tour-invitee").email,
    role: "org:member",
  });

  for (const path of [
    "/orgs",
    `/orgs/${slug}`,
    `/orgs/${slug}/settings`,
    `/orgs/${slug}/settings/members`,
    `/orgs/${slug}/settings/activity`,
    "/account",
  ])
    await checkPage(page, path);

  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await new SignInPage(memberPage).signInAs(member);
  for (const path of [
    "/orgs",
    `/orgs/${slug}`,
    `/orgs/${slug}/settings`,
    `/orgs/${slug}/settings/members`,
    `/orgs/${slug}/settings/activity`,
  ])
    await checkPage(memberPage, path);
  await memberContext.close();
});
