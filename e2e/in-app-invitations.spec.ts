// A signed-in person's pending invitations on /orgs (for a verified address
// only), accepted or declined there without the emailed link, as Clerk's
// switcher and organization list offer.
import { expect, test, type Page } from "@playwright/test";
import { db } from "../lib/db";
import { createInvitations, revokeInvitation } from "../lib/domain/invitations/admin";
import { atBothWidths, expectAccessible } from "./fixtures/a11y";
import { createAccount, createOrganization, roleOf } from "./fixtures/db";
import { newPerson, type Person } from "./fixtures/users";
import { SignInPage } from "./pages/auth-pages";
import { MembersPage, OrganizationsPage } from "./pages/org-pages";

/** An organization whose admin invited `invitee` (an account made here, verified unless asked), through the domain as the members page does. */
async function invitedTo(label: string, invitee: Person, { verified = true } = {}) {
  const admin = newPerson("admin");
  const { id: adminId } = await createAccount(admin, { verified: true });
  const name = `${label} ${Date.now().toString(36)}`;
  const { slug } = await createOrganization(name, admin);
  await createAccount(invitee, { verified });
  const [invitation] = await createInvitations(db, adminId, slug, { emails: invitee.email, role: "basic_member" });
  return { admin, adminId, name, slug, invitationId: invitation!.id };
}

async function signIn(page: Page, person: Person) {
  await new SignInPage(page).signInAs(person);
}

test("a verified person accepts an invitation on /orgs and lands in the organization with a toast", async ({
  page,
}) => {
  // Several pages, each checked with axe at two widths.
  test.slow();
  const invitee = newPerson("joiner");
  const { name, slug } = await invitedTo("Acme Rockets", invitee);
  await signIn(page, invitee);
  const orgs = new OrganizationsPage(page);
  await expect(orgs.invitations).toBeVisible();
  await expect(orgs.invitations.getByRole("heading", { name: "Invitations (1)" })).toBeVisible();
  await expect(orgs.invitation(name)).toContainText(`invited you as member`);
  await expect(orgs.invitation(name)).toContainText(/expires \w{3} \d{1,2}, \d{4}/);
  await expect(page.getByText("Accept an invitation above, or create one for your team.")).toBeVisible();
  await atBothWidths(page, (width) => expectAccessible(page, `/orgs with an invitation at ${width}`));

  await orgs.accept(name);
  await expect(page).toHaveURL(new RegExp(`/orgs/${slug}$`));
  await expect(page.getByText(`You joined ${name}`)).toBeVisible();
  await expect(page.getByText(/You are a member/)).toBeVisible();
  await atBothWidths(page, (width) => expectAccessible(page, `the organization with the joined toast at ${width}`));
  expect(await roleOf(slug, invitee.email)).toBe("org:member");

  // Said once: a reload shows no toast, and /orgs lists the organization, not the invitation.
  await page.reload();
  await expect(page.getByText(/You are a member/)).toBeVisible();
  await expect(page.getByText(`You joined ${name}`)).toHaveCount(0);
  await orgs.goto();
  await expect(orgs.invitations).toHaveCount(0);
  await expect(page.getByRole("link", { name: new RegExp(name) })).toBeVisible();
});

test("declining on /orgs removes the invitation; the inviter sees it is no longer pending", async ({
  page,
  browser,
}) => {
  // Several pages, each checked with axe at two widths.
  test.slow();
  const invitee = newPerson("decliner");
  const { admin, name, slug } = await invitedTo("Decline Co", invitee);
  const inviter = await (await browser.newContext()).newPage();
  await signIn(inviter, admin);
  const members = new MembersPage(inviter);
  await members.goto(slug);
  await expect(inviter.getByText(admin.email).filter({ visible: true }).first()).toBeVisible();
  await expect(inviter.getByText(invitee.email).filter({ visible: true }).first()).toBeVisible();

  await signIn(page, invitee);
  const orgs = new OrganizationsPage(page);
  await expect(orgs.invitation(name)).toBeVisible();
  await orgs.decline(name);
  await expect(page.getByText(`You declined the invitation to ${name}.`)).toBeVisible();
  await expect(orgs.invitations).toHaveCount(0);
  await expect(page.getByText("No organizations yet")).toBeVisible();
  await atBothWidths(page, (width) => expectAccessible(page, `/orgs after declining at ${width}`));
  expect(await roleOf(slug, invitee.email)).toBeNull();

  // The inviter's pending invitations list the address no more.
  await members.goto(slug);
  await expect(inviter.getByText(admin.email).filter({ visible: true }).first()).toBeVisible();
  await expect(inviter.getByText(invitee.email)).toHaveCount(0);
  await inviter.context().close();
});

test("an invitation revoked meanwhile is refused with the reason, and nothing is joined", async ({ page }) => {
  // Several pages, each checked with axe at two widths.
  test.slow();
  const invitee = newPerson("late");
  const { adminId, name, slug, invitationId } = await invitedTo("Revoked Ltd", invitee);
  await signIn(page, invitee);
  const orgs = new OrganizationsPage(page);
  await expect(orgs.invitation(name)).toBeVisible();
  await revokeInvitation(db, adminId, slug, invitationId);
  await orgs.accept(name);
  const reason = "This invitation was revoked. Ask an admin of the organization for a new one.";
  await expect(orgs.invitation(name).getByRole("alert").filter({ hasText: reason })).toBeVisible();
  await atBothWidths(page, (width) => expectAccessible(page, `/orgs with a refused invitation at ${width}`));
  expect(await roleOf(slug, invitee.email)).toBeNull();
  await page.reload();
  await expect(orgs.invitations).toHaveCount(0);
});

test("an unverified address sees no invitations, only how to see them", async ({ page }) => {
  // Several pages, each checked with axe at two widths.
  test.slow();
  const invitee = newPerson("unverified");
  const { name } = await invitedTo("Hidden Inc", invitee, { verified: false });
  await signIn(page, invitee);
  const orgs = new OrganizationsPage(page);
  await expect(
    page.getByText(`Invitations sent to ${invitee.email} show here once you verify the address`),
  ).toBeVisible();
  await expect(orgs.invitations).toHaveCount(0);
  await expect(page.getByText(name)).toHaveCount(0);
  await atBothWidths(page, (width) => expectAccessible(page, `/orgs unverified at ${width}`));
});
