import { expect, test, type Browser, type Page } from "@playwright/test";
import { prisma, db } from "../lib/db";
import { createInvitations } from "../lib/domain/invitations/admin";
import { createAccount, expireInvitationsTo, roleOf } from "./fixtures/db";
import { invitationLinkFor } from "./fixtures/mail";
import { newPerson, type Person } from "./fixtures/users";
import { SignInPage } from "./pages/auth-pages";
import { MembersPage, OrganizationsPage } from "./pages/org-pages";

async function adminWithOrganization(page: Page) {
  const admin = newPerson("admin");
  await createAccount(admin, { verified: true });
  await new SignInPage(page).signInAs(admin);
  const name = `Invites ${Date.now()}`;
  const orgs = new OrganizationsPage(page);
  await orgs.goto();
  await orgs.create(name);
  await expect(page).toHaveURL(/\/orgs\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  return { admin, name, slug };
}

async function invite(page: Page, slug: string, email: string, role: "Admin" | "Member" = "Member") {
  await new MembersPage(page).goto(slug);
  await page.getByLabel("Email addresses").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await page.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${email}.` })).toBeVisible();
}

/**
 * An admin's new organization and an invitation from its members page to a new person
 * (`withAccount`: one who already has an account); `link` is the emailed one.
 */
async function invitedPerson(
  page: Page,
  label: string,
  { withAccount = false, role = "Member" }: { withAccount?: boolean; role?: "Admin" | "Member" } = {},
) {
  const organization = await adminWithOrganization(page);
  const person = newPerson(label);
  if (withAccount) await createAccount(person);
  await invite(page, organization.slug, person.email, role);
  return { ...organization, person, link: await invitationLinkFor(person.email) };
}

async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test("a new person signs up from the emailed link and lands in the organization as a member", async ({
  page,
  browser,
}) => {
  const { slug, name, person, link } = await invitedPerson(page, "newbie");
  await expect(page.getByRole("row").filter({ hasText: person.email })).toBeVisible();

  const guest = await freshPage(browser);
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: `Join ${name}` })).toBeVisible();
  await expect(guest.getByLabel("Email")).toHaveValue(person.email);
  await expect(guest.getByLabel("Email")).toHaveAttribute("readonly", "");
  await guest.getByLabel("Name").fill(person.name);
  await guest.getByLabel("Password").fill(person.password);
  await guest.getByRole("button", { name: `Create account and join ${name}` }).click();
  await expect(guest).toHaveURL(new RegExp(`/orgs/${slug}$`));
  await expect(guest.getByText(/You are a member/)).toBeVisible();
  expect(await roleOf(slug, person.email)).toBe("org:member");

  // The link is single use.
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: "This invitation has already been used" })).toBeVisible();
  await guest.context().close();
});

test("an existing user signs in from the link and accepts", async ({ page, browser }) => {
  const invited = await invitedPerson(page, "existing", { withAccount: true, role: "Admin" });
  const { slug, name, person: existing, link } = invited;

  const guest = await freshPage(browser);
  await guest.goto(link);
  await guest.getByRole("link", { name: "Sign in to accept" }).click();
  await expect(guest.getByLabel("Email")).toHaveValue(existing.email);
  await new SignInPage(guest).signIn(existing.email, existing.password);
  await expect(guest).toHaveURL(new RegExp(`${link}$`));
  await guest.getByRole("button", { name: `Accept and join ${name}` }).click();
  await expect(guest).toHaveURL(new RegExp(`/orgs/${slug}$`));
  await expect(guest.getByText(`You joined ${name}`)).toBeVisible();
  expect(await roleOf(slug, existing.email)).toBe("org:admin");
  await guest.context().close();
});

test("a revoked invitation's link is dead", async ({ page, browser }) => {
  const { person, link } = await invitedPerson(page, "revoked");

  const row = page.getByRole("row").filter({ hasText: person.email });
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke invitation" }).click();
  // The answer, not the dialog hiding the rows behind it: only then is the link dead.
  await expect(page.getByText(`The invitation to ${person.email} was revoked.`)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: person.email })).toHaveCount(0);

  const guest = await freshPage(browser);
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: "This invitation was revoked" })).toBeVisible();
  await expect(guest.getByRole("button", { name: /Create account/ })).toHaveCount(0);
  await guest.context().close();
});

test("after a resend only the new link works", async ({ page, browser }) => {
  const { name, person, link: oldLink } = await invitedPerson(page, "resent");
  const sentAt = Date.now();

  await page.getByRole("row").filter({ hasText: person.email }).getByRole("button", { name: "Resend" }).click();
  await expect(page.getByText(/the previous link no longer works/)).toBeVisible();
  const newLink = await invitationLinkFor(person.email, sentAt);
  expect(newLink).not.toBe(oldLink);

  const guest = await freshPage(browser);
  await guest.goto(oldLink);
  await expect(guest.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
  await guest.goto(newLink);
  await expect(guest.getByRole("heading", { name: `Join ${name}` })).toBeVisible();
  await guest.context().close();
});

test("signed in as someone else: told plainly, offered to switch", async ({ page, browser }) => {
  const { slug, name, person: invitee, link } = await invitedPerson(page, "invitee");

  const other: Person = newPerson("other");
  await createAccount(other);
  const guest = await freshPage(browser);
  await new SignInPage(guest).signInAs(other);
  await guest.goto(link);
  await expect(
    guest.getByText(`You are signed in as ${other.email}, but this invitation is for ${invitee.email}.`),
  ).toBeVisible();
  await expect(guest.getByRole("button", { name: /Accept/ })).toHaveCount(0);
  await guest.getByRole("button", { name: `Sign out and continue as ${invitee.email}` }).click();
  await expect(guest.getByRole("heading", { name: `Join ${name}` })).toBeVisible();
  await expect(guest.getByLabel("Email")).toHaveValue(invitee.email);
  expect(await roleOf(slug, other.email)).toBeNull();
  await guest.context().close();
});

test("an expired link says so", async ({ page, browser }) => {
  const { person, link } = await invitedPerson(page, "expired");
  await expireInvitationsTo(person.email);

  const guest = await freshPage(browser);
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: "This invitation has expired" })).toBeVisible();
  await guest.goto("/invitations/garbage-token-that-matches-nothing");
  await expect(guest.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
  await guest.context().close();
});

test("a basic member sees no invitation controls", async ({ page, browser }) => {
  const { slug, person: member, link } = await invitedPerson(page, "member", { withAccount: true });

  const guest = await freshPage(browser);
  await new SignInPage(guest).signInAs(member);
  await guest.goto(link);
  await guest.getByRole("button", { name: /Accept and join/ }).click();
  await expect(guest).toHaveURL(new RegExp(`/orgs/${slug}$`));
  await new MembersPage(guest).goto(slug);
  await expect(guest.getByRole("heading", { name: "Members" })).toBeVisible();
  await expect(guest.getByLabel("Email addresses")).toHaveCount(0);
  await expect(guest.getByRole("button", { name: "Send invitations" })).toHaveCount(0);
  await expect(guest.getByText("Pending invitations")).toHaveCount(0);
  await guest.context().close();
});

test("pending invitations are paged, newest first", async ({ page }) => {
  const { admin, slug } = await adminWithOrganization(page);
  const adminRow = await prisma.user.findUniqueOrThrow({ where: { email: admin.email }, select: { id: true } });
  const stamp = Date.now();
  const older = Array.from({ length: 2 }, (_, i) => `older-${i}-${stamp}@example.test`);
  const newer = Array.from({ length: 10 }, (_, i) => `newer-${i}-${stamp}@example.test`);
  await createInvitations(db, adminRow.id, slug, { emails: older });
  await createInvitations(db, adminRow.id, slug, { emails: newer });

  const members = new MembersPage(page);
  await members.goto(slug);
  const pager = page.getByRole("navigation", { name: "Pending invitations pages" });
  await expect(pager).toContainText("1–10 of 12, newest first");
  // Exact: the row's actions cell is named after the address too ("Revoke the invitation to ...").
  await expect(page.getByRole("cell", { name: newer[0]!, exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: older[0]! })).toHaveCount(0);
  await pager.getByRole("link", { name: "Older" }).click();
  await expect(pager).toContainText("11–12 of 12, newest first");
  await expect(page.getByRole("cell", { name: older[1]!, exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: newer[0]! })).toHaveCount(0);
  await pager.getByRole("link", { name: "Newer" }).click();
  await expect(pager).toContainText("1–10 of 12");
});
