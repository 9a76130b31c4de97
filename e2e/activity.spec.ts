// The audit log in the browser: the story of a session in words, the filters,
// the CSV export (a basic member's refusal is in every-page.spec.ts).
import { expect, test } from "@playwright/test";
import { db, prisma } from "../lib/db";
import { createInvitations } from "../lib/domain/invitations/admin";
import { acceptInvitation } from "../lib/domain/invitations/invitee";
import { changeMemberRole, removeMember } from "../lib/domain/memberships/memberships";
import { createAccount } from "./fixtures/db";
import { newPerson } from "./fixtures/users";
import { atBothWidths, expectAccessible } from "./fixtures/a11y";
import { SignInPage } from "./pages/auth-pages";
import { OrganizationsPage } from "./pages/org-pages";

test("an admin reads the story of the organization, filters it and exports it", async ({ page }) => {
  test.slow();
  const ada = newPerson("ada");
  const ben = newPerson("ben");
  const { id: adaId } = await createAccount(ada, { verified: true });
  const { id: benId } = await createAccount(ben, { verified: true });

  await new SignInPage(page).signInAs(ada);
  const orgs = new OrganizationsPage(page);
  await orgs.goto();
  const name = `Story ${Date.now().toString(36)}`;
  await orgs.create(name);
  await expect(page).toHaveURL(/\/orgs\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  const [invitation] = await createInvitations(db, adaId, slug, { emails: ben.email });
  await acceptInvitation(db, benId, new URL(invitation!.url!).pathname.split("/").pop()!);
  await changeMemberRole(db, adaId, slug, benId, "admin");
  await removeMember(db, adaId, slug, benId);

  await page.getByRole("link", { name: "Activity", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${slug}/settings/activity$`));
  const events = page.getByRole("list", { name: "Events" }).getByRole("listitem");
  await expect(events).toHaveText([
    new RegExp(`^${ada.name} removed ${ben.name}`),
    new RegExp(`^${ada.name} changed ${ben.name}'s role from Member to Admin`),
    new RegExp(`^${ben.name} joined as Member`),
    new RegExp(`^${ben.email.replace(/\./g, "\\.")} accepted the invitation`),
    new RegExp(`^${ada.name} invited ${ben.email.replace(/\./g, "\\.")} as Member`),
    new RegExp(`^${ada.name} joined as Admin`),
    new RegExp(`^${ada.name} created the organization ${name}`),
  ]);
  await atBothWidths(page, () => expectAccessible(page, "activity"));

  await page.getByRole("combobox", { name: "Event" }).selectOption("organizationMembership.updated");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText("changed");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = await (await download).createReadStream();
  let text = "";
  for await (const chunk of csv) text += chunk;
  const lines = text.trim().split("\r\n");
  expect(lines[0]).toBe("time (UTC),event,actor,what happened,event id,client ip");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`${ben.name}'s role from Member to Admin`);

  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${slug}/settings/activity$`));
  await expect(events).toHaveCount(7);
  await page.getByRole("combobox", { name: "Member" }).selectOption({ label: `${ada.name} (${ada.email})` });
  await page.getByRole("button", { name: "Filter" }).click();
  // What Ada did (Ben accepted and joined himself).
  await expect(events).toHaveCount(5);
  expect(await prisma.event.count({ where: { organizationId: { not: null }, actorId: adaId } })).toBeGreaterThan(0);
});
