// The members page and the organization overview as issue #14 wants them:
// a list on a phone, a role select that applies at once (toast, Undo), row
// actions in a "⋯" menu, the only admin's controls disabled with the reason,
// search as you type, sorting by the column headers, the invite form naming
// the bad address, and an overview worth opening. Every state visited is
// checked with axe and for sideways scrolling, at 1280 and 390 px.
import { expect, test, type Page } from "@playwright/test";
import { db, prisma } from "../lib/db";
import { createInvitations } from "../lib/domain/invitations/admin";
import { atBothWidths, expectAccessible, PHONE } from "./fixtures/a11y";
import { addMember, createAccount, createOrganization, roleOf } from "./fixtures/db";
import { newPerson, type Person } from "./fixtures/users";
import { SignInPage } from "./pages/auth-pages";
import { MembersPage } from "./pages/org-pages";

const ONLY_ADMIN = "The only admin: make another member an admin first.";
// A 1x1 PNG: a picture the avatar shows instead of initials (img-src allows data: URLs).
const PICTURE =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

// Each test visits many states at two widths, with axe on each: slow on a shared 2-core machine.
test.beforeEach(() => test.slow());

/** An admin (verified, so they may invite) signed in, with an organization and `others` as basic members. */
async function adminWithTeam(page: Page, others: Person[] = [], label = "Team") {
  const admin = newPerson("admin");
  await createAccount(admin, { verified: true });
  const name = `${label} ${Date.now()}`;
  const { slug } = await createOrganization(name, admin);
  for (const person of others) {
    await createAccount(person);
    await addMember(slug, person, "basic_member");
  }
  await new SignInPage(page).signInAs(admin);
  return { admin, name, slug };
}

test("on a phone the roster is a list with a working ⋯ menu, and nothing scrolls sideways", async ({ page }) => {
  const cy = { ...newPerson("cy"), name: `Cyrielle ${Date.now()} Maximiliana Longname-Beauregard` };
  const dee = newPerson("dee");
  const { name, slug } = await adminWithTeam(page, [cy, dee], "Phones");
  await prisma.user.update({ where: { email: dee.email }, data: { image: PICTURE } });
  const members = new MembersPage(page);
  await members.goto(slug);

  await atBothWidths(page, async (width) => {
    await expectAccessible(page, `members page at ${width} px`);
    // Avatars: the picture when there is one, initials otherwise.
    await expect(members.row(dee.email).locator("img")).toHaveAttribute("src", PICTURE);
    await expect(members.row(cy.email)).toContainText("CB");
    // The long name is on one line, cut short, with the whole of it at hand.
    const nameCell = members.row(cy.email).getByTestId("member-name");
    await expect(nameCell).toHaveAttribute("title", cy.name);
    const box = await nameCell.boundingBox();
    expect(box!.height).toBeLessThan(30);

    // By keyboard: Enter opens the menu on its first item, Escape closes it and gives the focus back.
    await members.menu(cy.name).focus();
    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu");
    await expect(menu.getByRole("menuitem", { name: "Remove" })).toBeFocused();
    await expectAccessible(page, `row menu open at ${width} px`);
    await page.keyboard.press("Escape");
    await expect(menu).toHaveCount(0);
    await expect(members.menu(cy.name)).toBeFocused();
  });

  await page.setViewportSize(PHONE);
  // The list item: avatar, name, email and role are all on screen; the join date is left out.
  const row = members.row(dee.email);
  await expect(row.getByText(dee.email).filter({ visible: true })).toBeVisible();
  await expect(members.roleSelect(dee.name)).toBeInViewport();
  await expect(members.menu(dee.name)).toBeInViewport();
  await expect(page.getByRole("columnheader", { name: "Joined" })).toBeHidden();

  // The ⋯ menu works by touch size too, and the dialog fits the screen.
  await members.menu(dee.name).click();
  await page.getByRole("menuitem", { name: "Remove" }).click();
  const dialog = page.getByRole("dialog", { name: `Remove ${dee.name}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`will lose access to ${name}`);
  const dialogBox = await dialog.boundingBox();
  expect(dialogBox!.x).toBeGreaterThanOrEqual(0);
  expect(dialogBox!.x + dialogBox!.width).toBeLessThanOrEqual(PHONE.width);
  await expectAccessible(page, "remove dialog at 390 px");
  await dialog.getByRole("button", { name: `Remove ${dee.name}` }).click();
  await expect(members.toast(`${dee.name} was removed from ${name}.`)).toBeVisible();
  await expect(members.row(dee.email)).toHaveCount(0);
  expect(await roleOf(slug, dee.email)).toBeNull();
  await expectAccessible(page, "after a removal at 390 px, toast shown");
});

test("a role applies as soon as it is picked, with a toast whose Undo puts it back", async ({ page }) => {
  const cy = newPerson("cy");
  const { slug } = await adminWithTeam(page, [cy], "Roles");
  const members = new MembersPage(page);
  await members.goto(slug);

  await atBothWidths(page, async (width) => {
    await members.roleSelect(cy.name).click();
    await expect(page.getByRole("menu")).toBeVisible();
    await expectAccessible(page, `role menu open at ${width} px`);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menu")).toHaveCount(0);
  });

  await members.changeRole(cy.name, "Admin");
  const promoted = members.toast(`${cy.name} is now an admin.`);
  await expect(promoted).toBeVisible();
  await expect(members.roleSelect(cy.name)).toHaveText(/Admin/);
  expect(await roleOf(slug, cy.email)).toBe("org:admin");

  await promoted.getByRole("button", { name: "Undo" }).click();
  await expect(members.toast(`${cy.name} is now a member.`)).toBeVisible();
  await expectAccessible(page, "role changed back, toast shown");
  await expect(members.roleSelect(cy.name)).toHaveText(/Member/);
  expect(await roleOf(slug, cy.email)).toBe("org:member");

  // By keyboard alone: Enter opens the menu on its first role, the arrows move, Enter picks.
  await members.roleSelect(cy.name).focus();
  await page.keyboard.press("Enter");
  await expect(members.roleOption("Admin")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(members.roleOption("Member")).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  await expect(members.toast(`${cy.name} is now an admin.`)).toBeVisible();
  expect(await roleOf(slug, cy.email)).toBe("org:admin");
});

test("removing through the ⋯ menu confirms first and answers with a toast; removing yourself says you", async ({
  page,
}) => {
  const cy = newPerson("cy");
  const dee = newPerson("dee");
  const { admin, name, slug } = await adminWithTeam(page, [cy, dee], "Removals");
  // A second admin, so the first may remove themselves.
  await prisma.membership.updateMany({
    where: { organization: { slug }, user: { email: cy.email } },
    data: { role: "admin" },
  });
  const members = new MembersPage(page);
  await members.goto(slug);

  await members.menu(admin.name).click();
  await page.getByRole("menuitem", { name: "Remove myself" }).click();
  const self = page.getByRole("dialog", { name: `Remove yourself from ${name}?` });
  await expect(self).toContainText(`You will lose access to ${name}`);
  await expect(self.getByRole("button", { name: "Remove yourself" })).toBeVisible();
  await atBothWidths(page, async (width) => expectAccessible(page, `self-removal dialog at ${width} px`));
  await self.getByRole("button", { name: "Cancel" }).click();
  await expect(self).toHaveCount(0);

  // Cancel removes nobody.
  await members.menu(dee.name).click();
  await page.getByRole("menuitem", { name: "Remove" }).click();
  await page
    .getByRole("dialog", { name: `Remove ${dee.name}?` })
    .getByRole("button", { name: "Cancel" })
    .click();
  expect(await roleOf(slug, dee.email)).toBe("org:member");

  await members.remove(dee.name);
  await expect(members.toast(`${dee.name} was removed from ${name}.`)).toBeVisible();
  await expect(members.row(dee.email)).toHaveCount(0);
  expect(await roleOf(slug, dee.email)).toBeNull();
  expect(await roleOf(slug, admin.email)).toBe("org:admin");
});

test("the only admin's demotion, removal and leaving are disabled up front, with the reason", async ({ page }) => {
  const ben = newPerson("ben");
  const { admin, name, slug } = await adminWithTeam(page, [ben], "Solo");
  const members = new MembersPage(page);
  await members.goto(slug);

  const leave = page.getByRole("button", { name: "Leave organization" });
  const leaveReason = `You are the only admin of ${name}: make another member an admin before leaving, or delete the organization.`;
  await expect(leave).toHaveAttribute("aria-disabled", "true");
  await expect(leave).toHaveAccessibleDescription(leaveReason);
  await expect(page.getByText(leaveReason, { exact: true })).toBeVisible();
  await expect(members.row(admin.name)).toContainText(ONLY_ADMIN);
  await expect(members.roleSelect(admin.name)).toHaveAccessibleDescription(ONLY_ADMIN);
  // Another member's controls are not limited.
  await expect(members.row(ben.name)).not.toContainText(ONLY_ADMIN);

  await atBothWidths(page, async (width) => {
    // The tooltip, by keyboard: focus shows it.
    await leave.focus();
    await expect(page.getByRole("tooltip")).toContainText(leaveReason);
    await expectAccessible(page, `leave tooltip at ${width} px`);
    // Pressing it does nothing (Playwright will not click an aria-disabled button; a person can).
    await page.keyboard.press("Enter");
    await leave.click({ force: true });
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await page.keyboard.press("Escape");

    await members.roleSelect(admin.name).click();
    await expect(members.roleOption("Member")).toBeDisabled();
    await expect(members.roleOption("Member")).toHaveAccessibleDescription(ONLY_ADMIN);
    await expect(page.getByRole("menu")).toContainText(ONLY_ADMIN);
    await expectAccessible(page, `only admin's role menu open at ${width} px`);
    await page.keyboard.press("Escape");

    await members.menu(admin.name).click();
    const removeMyself = page.getByRole("menuitem", { name: "Remove myself" });
    await expect(removeMyself).toBeDisabled();
    await expect(removeMyself).toHaveAccessibleDescription(ONLY_ADMIN);
    await expect(page.getByRole("menu")).toContainText(ONLY_ADMIN);
    await expectAccessible(page, `only admin's menu open at ${width} px`);
    await page.keyboard.press("Escape");
  });
  expect(await roleOf(slug, admin.email)).toBe("org:admin");

  // With a second admin, the same controls are enabled.
  await prisma.membership.updateMany({
    where: { organization: { slug }, user: { email: ben.email } },
    data: { role: "admin" },
  });
  await members.goto(slug);
  await expect(leave).not.toHaveAttribute("aria-disabled", "true");
  await expect(members.row(admin.name)).not.toContainText(ONLY_ADMIN);
  await leave.click();
  await expect(page.getByRole("dialog", { name: `Leave ${name}?` })).toBeVisible();
});

test("revoking and resending an invitation answer with a toast", async ({ page }) => {
  const { admin, slug } = await adminWithTeam(page, [], "Revokes");
  const adminRow = await prisma.user.findUniqueOrThrow({ where: { email: admin.email }, select: { id: true } });
  const invitee = newPerson("invitee").email;
  const other = newPerson("other").email;
  await createInvitations(db, adminRow.id, slug, { emails: [invitee, other] });
  const members = new MembersPage(page);
  await members.goto(slug);
  await expect(page.getByRole("heading", { name: /Invitations\s*2 pending/ })).toBeVisible();
  await atBothWidths(page, async (width) => expectAccessible(page, `pending invitations at ${width} px`));

  await members.row(other).getByRole("button", { name: "Resend" }).click();
  await expect(
    members.toast(`A new invitation was sent to ${other}; the previous link no longer works.`),
  ).toBeVisible();

  await page.setViewportSize(PHONE);
  await members.row(invitee).getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: `Revoke the invitation to ${invitee}?` });
  await expectAccessible(page, "revoke dialog at 390 px");
  await dialog.getByRole("button", { name: "Revoke invitation" }).click();
  await expect(members.toast(`The invitation to ${invitee} was revoked.`)).toBeVisible();
  await expect(members.row(invitee)).toHaveCount(0);
  await expect(page.getByRole("heading", { name: /Invitations\s*1 pending/ })).toBeVisible();
  expect(await prisma.invitation.findFirst({ where: { email: invitee }, select: { status: true } })).toEqual({
    status: "revoked",
  });
});

test("searching filters as you type and the headers sort, with the URL as the source of truth", async ({ page }) => {
  const stamp = Date.now();
  const people = ["Zed", "Amy", "Moe", "Bea", "Kit"].map((first) => ({
    ...newPerson(first.toLowerCase()),
    name: `${first} Search${stamp}`,
  }));
  const { slug } = await adminWithTeam(page, people, "Search");
  const members = new MembersPage(page);
  await members.goto(slug);
  await expect(page.getByText("Showing 1–6 of 6 members")).toBeVisible();

  // No button pressed: the list follows the typing.
  await page.getByLabel("Search members").pressSequentially(`moe search${stamp}`.slice(0, 6));
  await expect(page).toHaveURL(/[?&]q=moe\+se/);
  await expect(page.getByText("Showing 1–1 of 1 member")).toBeVisible();
  await expect(members.row(people[2]!.email)).toBeVisible();
  await expect(page.getByLabel("Search members")).toBeFocused();
  await atBothWidths(page, async (width) => expectAccessible(page, `search results at ${width} px`));
  await page.getByLabel("Search members").fill("nobody-matches-this");
  await expect(page.getByText("No members match “nobody-matches-this”.")).toBeVisible();
  await page.getByLabel("Search members").fill(`Search${stamp}`);
  await expect(page.getByText("Showing 1–5 of 5 members")).toBeVisible();

  // Sorting by a header keeps the search; a second click turns the order around.
  const nameHeader = page.getByRole("columnheader", { name: "Name" });
  await expect(nameHeader).toHaveAttribute("aria-sort", "none");
  await nameHeader.getByRole("link").click();
  await expect(page).toHaveURL(/sort=name&dir=asc/);
  await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
  const sorted = people.map((person) => person.name).sort();
  await expect.poll(() => members.names()).toEqual(sorted);
  await nameHeader.getByRole("link").click();
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
  await expect.poll(() => members.names()).toEqual([...sorted].reverse());
  expect(new URL(page.url()).searchParams.get("q")).toBe(`Search${stamp}`);

  const emailHeader = page.getByRole("columnheader", { name: "Email" });
  await emailHeader.getByRole("link").click();
  await expect(emailHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(nameHeader).toHaveAttribute("aria-sort", "none");
  await expect
    .poll(() => members.names())
    .toEqual([...people].sort((a, b) => a.email.localeCompare(b.email)).map((person) => person.name));
  await atBothWidths(page, async (width) => expectAccessible(page, `sorted by email at ${width} px`));

  // The URL is the state: loading it again shows the same page.
  await page.reload();
  await expect(page.getByLabel("Search members")).toHaveValue(`Search${stamp}`);
  await expect(emailHeader).toHaveAttribute("aria-sort", "ascending");
});

test("the invite form names the address it refuses, marks the field and keeps what was typed", async ({ page }) => {
  const { slug } = await adminWithTeam(page, [], "Typos");
  const members = new MembersPage(page);
  await members.goto(slug);
  const typed = "ada@example.test, bob@, cy@example.test";
  const field = page.getByLabel("Email addresses");
  await field.fill(typed);
  await page.getByLabel("Role", { exact: true }).selectOption({ label: "Admin" });
  await page.getByRole("button", { name: "Send invitations" }).click();

  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(/“bob@”/);
  await expect(page.getByText(/^“bob@”: Enter a valid email address/)).toBeVisible();
  await expect(field).toHaveValue(typed);
  await expect(page.getByLabel("Role", { exact: true })).toHaveValue("org:admin");
  expect(
    await prisma.invitation.count({
      where: { email: { in: ["ada@example.test", "cy@example.test"] }, organization: { slug } },
    }),
  ).toBe(0);
  await atBothWidths(page, async (width) => expectAccessible(page, `invite form refused at ${width} px`));
});

test("the overview shows the members with avatars, pending invitations, and invites a team of one", async ({
  page,
  browser,
}) => {
  const { admin, name, slug } = await adminWithTeam(page, [], "Overview");
  await page.goto(`/orgs/${slug}`);
  const cta = page.getByRole("region", { name: "Invite your team" });
  await expect(cta).toContainText(`You are the only member of ${name}`);
  await atBothWidths(page, async (width) => expectAccessible(page, `overview of one at ${width} px`));
  await cta.getByRole("link", { name: "Invite people" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${slug}/settings/members#invite-heading$`));
  await expect(page.getByLabel("Email addresses")).toBeVisible();

  const people = Array.from({ length: 7 }, (_, i) => newPerson(`o${i}`));
  for (const person of people) {
    await createAccount(person);
    await addMember(slug, person, "basic_member");
  }
  const adminRow = await prisma.user.findUniqueOrThrow({ where: { email: admin.email }, select: { id: true } });
  const invited = newPerson("invited").email;
  await createInvitations(db, adminRow.id, slug, { emails: [invited] });

  await page.goto(`/orgs/${slug}`);
  await expect(page.getByRole("region", { name: "Invite your team" })).toHaveCount(0);
  const roster = page.getByRole("region", { name: "Members" });
  await expect(roster.getByRole("listitem")).toHaveCount(6);
  await expect(roster.getByRole("listitem").first()).toContainText(admin.name);
  await expect(roster.getByRole("link", { name: "See all 8 members" })).toBeVisible();
  const pending = page.getByRole("region", { name: "Pending invitations" });
  await expect(pending).toContainText(invited);
  await atBothWidths(page, async (width) => expectAccessible(page, `overview at ${width} px`));
  await roster.getByRole("link", { name: "See all 8 members" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${slug}/settings/members$`));

  // A basic member sees the members but not the invitations.
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await new SignInPage(memberPage).signInAs(people[0]!);
  await memberPage.goto(`/orgs/${slug}`);
  await expect(memberPage.getByRole("region", { name: "Members" })).toContainText(admin.name);
  await expect(memberPage.getByRole("region", { name: "Pending invitations" })).toHaveCount(0);
  await expect(memberPage.getByText(invited)).toHaveCount(0);
  await atBothWidths(memberPage, async (width) => expectAccessible(memberPage, `overview as a member at ${width} px`));
  await memberContext.close();
});
