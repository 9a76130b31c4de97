import { expect, test, type Browser, type Page } from "@playwright/test";
import { addMember, createAccount, roleOf } from "./fixtures/db";
import { newPerson, type Person } from "./fixtures/users";
import { SignInPage } from "./pages/auth-pages";
import { GeneralSettingsPage, MembersPage, OrganizationsPage } from "./pages/org-pages";

async function signedIn(page: Page, person: Person) {
  await createAccount(person);
  await new SignInPage(page).signInAs(person);
}

/** Adds the person (a new account) to the organization as a basic member, signed in in a browser page of their own. */
async function memberSignedIn(browser: Browser, slug: string, person: Person): Promise<Page> {
  await createAccount(person);
  await addMember(slug, person, "basic_member");
  const memberPage = await browser.newPage();
  await new SignInPage(memberPage).signInAs(person);
  return memberPage;
}

async function createOrganization(page: Page, name: string): Promise<string> {
  const orgs = new OrganizationsPage(page);
  await orgs.goto();
  await orgs.create(name);
  await expect(page).toHaveURL(/\/orgs\/[a-z0-9-]+$/);
  return new URL(page.url()).pathname.split("/")[2]!;
}

test("a person creates an organization, becomes its admin, and renames it", async ({ page }) => {
  const ada = newPerson("ada");
  await signedIn(page, ada);
  await expect(page.getByText("No organizations yet")).toBeVisible();

  const name = `Acme ${Date.now()}`;
  const slug = await createOrganization(page, name);
  expect(slug).toBe(name.toLowerCase().replace(/\s+/g, "-"));
  await expect(page.getByText(/You are an admin/)).toBeVisible();

  const settings = new GeneralSettingsPage(page);
  await settings.goto(slug);
  await settings.rename(`${name} Renamed`);
  await expect(page.getByRole("status").filter({ hasText: "Organization saved." })).toBeVisible();
  await expect(page.getByText(`${name} Renamed`, { exact: true }).first()).toBeVisible();

  // The switcher in the header lists it.
  await page.getByRole("button", { name: /switch organization$/ }).click();
  await expect(page.getByRole("menuitem", { name: new RegExp(`${name} Renamed`) })).toBeVisible();
});

test("a basic member sees the roster but no management controls", async ({ page, browser }) => {
  const admin = newPerson("admin");
  const ben = newPerson("ben");
  await signedIn(page, admin);
  const slug = await createOrganization(page, `Roster ${Date.now()}`);

  const benPage = await memberSignedIn(browser, slug, ben);
  const members = new MembersPage(benPage);
  await members.goto(slug);
  await expect(members.row(admin.email)).toBeVisible();
  await expect(members.row(ben.email)).toBeVisible();
  await expect(benPage.getByRole("button", { name: /role for/ })).toHaveCount(0);
  await expect(benPage.getByRole("button", { name: /^Actions for/ })).toHaveCount(0);
  await expect(benPage.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
  await expect(benPage.getByRole("columnheader", { name: "Actions" })).toHaveCount(0);
  await expect(benPage.getByRole("button", { name: "Leave organization" })).toBeVisible();

  await benPage.goto(`/orgs/${slug}/settings`);
  await expect(benPage.getByText("Only admins can change these settings.")).toBeVisible();
  await expect(benPage.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(benPage.getByRole("button", { name: "Delete organization" })).toHaveCount(0);
  await benPage.close();
});

test("an admin changes a member's role and removes a member", async ({ page }) => {
  const admin = newPerson("admin");
  const cy = newPerson("cy");
  const dee = newPerson("dee");
  await signedIn(page, admin);
  const slug = await createOrganization(page, `Team ${Date.now()}`);
  for (const person of [cy, dee]) {
    await createAccount(person);
    await addMember(slug, person, "basic_member");
  }

  const members = new MembersPage(page);
  await members.goto(slug);
  await members.changeRole(cy.name, "Admin");
  await expect(page.getByText(`${cy.name} is now an admin.`)).toBeVisible();
  expect(await roleOf(slug, cy.email)).toBe("org:admin");

  await members.remove(dee.name);
  await expect(members.row(dee.email)).toHaveCount(0);
  expect(await roleOf(slug, dee.email)).toBeNull();
});

test("the last admin cannot demote themselves and is told why", async ({ page }) => {
  const admin = newPerson("solo");
  await signedIn(page, admin);
  const slug = await createOrganization(page, `Solo ${Date.now()}`);

  const members = new MembersPage(page);
  await members.goto(slug);
  // Refused before it is tried: the Member option is disabled, and the reason is on the row and read with the select.
  const select = members.roleSelect(admin.name);
  await expect(select).toHaveAccessibleDescription("The only admin: make another member an admin first.");
  await select.click();
  await expect(members.roleOption("Member")).toBeDisabled();
  await page.keyboard.press("Escape");
  await expect(members.row(admin.name)).toContainText("The only admin: make another member an admin first.");
  expect(await roleOf(slug, admin.email)).toBe("org:admin");
});

test("a member leaves the organization", async ({ page, browser }) => {
  const admin = newPerson("admin");
  const eve = newPerson("eve");
  await signedIn(page, admin);
  const name = `Leavers ${Date.now()}`;
  const slug = await createOrganization(page, name);

  const evePage = await memberSignedIn(browser, slug, eve);
  const members = new MembersPage(evePage);
  await members.goto(slug);
  await members.leave(name);
  await expect(evePage).toHaveURL(/\/orgs\?left=1$/);
  await expect(evePage.getByText("You left the organization.")).toBeVisible();
  expect(await roleOf(slug, eve.email)).toBeNull();
  const response = await evePage.goto(`/orgs/${slug}`);
  expect(response?.status()).toBe(404);
  await evePage.close();
});

test("someone outside an organization gets a 404 for its pages", async ({ page, browser }) => {
  const admin = newPerson("admin");
  await signedIn(page, admin);
  const slug = await createOrganization(page, `Private ${Date.now()}`);

  const stranger = newPerson("stranger");
  const strangerPage = await browser.newPage();
  await createAccount(stranger);
  await new SignInPage(strangerPage).signInAs(stranger);
  for (const path of [
    `/orgs/${slug}`,
    `/orgs/${slug}/settings`,
    `/orgs/${slug}/settings/members`,
    "/orgs/does-not-exist",
  ]) {
    const response = await strangerPage.goto(path);
    expect(response?.status()).toBe(404);
  }
  await strangerPage.close();
});

test("the roster pages, searches and sorts", async ({ page }) => {
  const admin = newPerson("pager");
  await signedIn(page, admin);
  const slug = await createOrganization(page, `Pages ${Date.now()}`);
  const people = Array.from({ length: 25 }, (_, i) => newPerson(`p${String(i).padStart(2, "0")}`));
  for (const person of people) {
    await createAccount(person);
    await addMember(slug, person, "basic_member");
  }

  const members = new MembersPage(page);
  await members.goto(slug);
  await expect(page.getByText("Showing 1–20 of 26 members")).toBeVisible();
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page.getByText("Showing 21–26 of 26 members")).toBeVisible();
  await expect(page.getByRole("link", { name: "Next page" })).toHaveCount(0);

  await page.getByLabel("Search members").fill(people[7]!.email);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("Showing 1–1 of 1 member")).toBeVisible();
  await expect(members.row(people[7]!.email)).toBeVisible();

  await members.goto(slug, "?sort=name&dir=desc");
  const names = (await members.names()).map((name) => name.toLowerCase());
  expect(names).toHaveLength(20);
  expect(names).toEqual([...names].sort().reverse());
});
