// What an invitation proves: signing up from a link that reached nobody but
// the invited mailbox verifies the address; from a link someone else saw (the
// API's `url`, the links the members page shows on request) it does not.
import { expect, test, type Page } from "@playwright/test";
import { clerkClient } from "./fixtures/api";
import { createAccount, createOrganization } from "./fixtures/db";
import { emailsTo, invitationLinkFor, waitForEmail } from "./fixtures/mail";
import { newPerson, type Person } from "./fixtures/users";
import { AccountPage } from "./pages/account-pages";
import { SignInPage } from "./pages/auth-pages";
import { MembersPage } from "./pages/org-pages";

async function signUpFromLink(page: Page, link: string, person: Person, organizationName: string) {
  await page.goto(link);
  await expect(page.getByRole("heading", { name: `Join ${organizationName}` })).toBeVisible();
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: `Create account and join ${organizationName}` }).click();
  await expect(page).toHaveURL(/\/orgs\/[a-z0-9-]+$/);
}

async function verificationBadge(page: Page) {
  const account = new AccountPage(page);
  await account.goto();
  return account.section("Email address").getByText(/^(Verified|Not verified)$/);
}

test("the API's invitation url works, but the account made from it starts unverified and gets a verification email", async ({
  page,
}) => {
  const admin = newPerson("api-admin");
  const { id: adminId } = await createAccount(admin, { verified: true });
  const name = `Api invites ${Date.now()}`;
  const { slug } = await createOrganization(name, admin);
  const invitee = newPerson("api-invitee");

  // The application's server (or whoever holds the key) reads the link from the creation response.
  const clerk = await clerkClient();
  const invitation = await clerk.organizations.createOrganizationInvitation({
    organizationId: slug,
    emailAddress: invitee.email,
    role: "org:member",
    inviterUserId: adminId,
  });
  expect(invitation.url).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);

  await signUpFromLink(page, new URL(invitation.url!).pathname, invitee, name);
  await expect(await verificationBadge(page)).toHaveText("Not verified");
  const verification = await waitForEmail(invitee.email, /verify your email/);
  expect(verification.text).toMatch(/\/verify-email\/[A-Za-z0-9_-]+/);
});

test("a link emailed only to its address verifies it; the members page shows links only when asked", async ({
  page,
  browser,
}) => {
  const admin = newPerson("page-admin");
  await createAccount(admin, { verified: true });
  const name = `Page invites ${Date.now()}`;
  const { slug } = await createOrganization(name, admin);
  await new SignInPage(page).signInAs(admin);

  const members = new MembersPage(page);
  await members.goto(slug);
  const invitee = newPerson("emailed");
  await page.getByLabel("Email addresses").fill(invitee.email);
  await expect(page.getByLabel("Also show me the links, to share them myself")).not.toBeChecked();
  await page.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee.email}.` })).toBeVisible();
  await expect(page.getByText(/Invitation links \(shown once/)).toHaveCount(0);

  // Asked for, the links are shown (and what they prove is said).
  const shared = newPerson("shared");
  await page.getByLabel("Email addresses").fill(shared.email);
  await page.getByLabel("Also show me the links, to share them myself").check();
  await page.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByText(/Invitation links \(shown once/)).toBeVisible();
  await expect(page.getByRole("button", { name: `Copy invitation link for ${shared.email}` })).toBeVisible();

  const guest = await (await browser.newContext()).newPage();
  await signUpFromLink(guest, await invitationLinkFor(invitee.email), invitee, name);
  await expect(await verificationBadge(guest)).toHaveText("Verified");
  expect((await emailsTo(invitee.email)).filter((email) => /verify your email/i.test(email.subject))).toEqual([]);
  await guest.context().close();
});
