// Inviting needs a verified address (the app must not relay invitations for
// throwaway accounts): an unverified admin is told so where they would invite,
// with the resend button at hand, and invites once the address is verified.
import { expect, test } from "@playwright/test";
import { linkInEmail, waitForEmail } from "./fixtures/mail";
import { newPerson } from "./fixtures/users";
import { SignUpPage } from "./pages/auth-pages";
import { MembersPage, OrganizationsPage } from "./pages/org-pages";

test("an unverified admin sees why they cannot invite and the resend button; after verifying, they invite", async ({
  page,
}) => {
  const person = newPerson("fresh");
  await new SignUpPage(page).signUp(person);
  await expect(page).toHaveURL(/\/orgs$/);
  const orgs = new OrganizationsPage(page);
  await orgs.create(`Fresh ${Date.now()}`);
  await expect(page).toHaveURL(/\/orgs\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  const members = new MembersPage(page);
  await members.goto(slug);
  const inviting = page.getByRole("region", { name: "Invite people" });
  await expect(inviting).toContainText("Verify your email address to invite people.");
  await expect(inviting).toContainText(`We sent a link to ${person.email}`);
  await expect(inviting.getByRole("button", { name: "Send invitations" })).toHaveCount(0);

  const sentAt = Date.now();
  await inviting.getByRole("button", { name: "Resend verification email" }).click();
  await expect(inviting.getByRole("status")).toHaveText(
    `Sent. Check your inbox at ${person.email}; the new link works for 24 hours.`,
  );
  const link = await linkInEmail(person.email, /Verify your email/, "/verify-email", sentAt - 1);
  await page.goto(link);
  await page.getByRole("button", { name: "Verify email address" }).click();
  await expect(page.getByRole("status").filter({ hasText: "is verified" })).toBeVisible();

  await members.goto(slug);
  const invitee = newPerson("invitee");
  await page.getByLabel("Email addresses").fill(invitee.email);
  await page.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${invitee.email}.` })).toBeVisible();
  await waitForEmail(invitee.email, /invited you to join/);
});
