// The app's chrome (issue #14, points 3, 7, 9, 11 and 13): menus that are
// menus, a switcher like Clerk's, a toast for every mutation, dialogs that open
// on Cancel, deep links that survive sign-in, one <h1> per page. Every state
// visited is checked with axe at 1280 and 390 px, and the page's CSP must not
// block anything the menus, dialogs and toasts insert.
import { AxeBuilder } from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { db, prisma } from "../lib/db";
import { createInvitations } from "../lib/domain/invitations/admin";
import { atBothWidths, expectAccessible } from "./fixtures/a11y";
import { addMember, createAccount, createOrganization, organizationExists } from "./fixtures/db";
import { newPerson, type Person } from "./fixtures/users";
import { AccountPage } from "./pages/account-pages";
import { Header, SignInPage, SignUpPage } from "./pages/auth-pages";
import { OrgSwitcher, Toasts } from "./pages/chrome-pages";
import { GeneralSettingsPage, OrganizationsPage, organizationPages } from "./pages/org-pages";

test.describe.configure({ mode: "parallel" });

/**
 * Collects the styles the page's Content-Security-Policy blocks (what menus, dialogs and toasts
 * insert), as the page reports them and as Chromium logs them. Scripts are e2e/security.spec.ts's
 * walk: here axe itself, evaluated into the page, trips script-src with its eval.
 */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const logged: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text()) && /style/i.test(message.text()))
      logged.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      if (event.effectiveDirective.startsWith("style-src"))
        seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`);
    });
  });
  return async () => [
    ...logged,
    ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])),
  ];
}

async function signedIn(page: Page, person: Person = newPerson("chrome")): Promise<Person> {
  await createAccount(person, { verified: true });
  await new SignInPage(page).signInAs(person);
  return person;
}

/** Axe's check that a control named by aria-label says what it shows (experimental, so asked for by name). */
async function expectNamesMatchText(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withRules(["label-content-name-mismatch"]).analyze();
  expect(
    results.violations.map((violation) => violation.nodes.map((node) => node.target.join(" ")).join(", ")),
    `label-content-name-mismatch on ${label}`,
  ).toEqual([]);
}

test("the user menu is a menu: Enter/Space open it, arrows move, Escape and an outside click close it", async ({
  page,
}) => {
  const csp = await watchCsp(page);
  const person = await signedIn(page);
  const header = new Header(page);
  const button = header.menuButton(person.name);
  const menu = header.userMenu;
  await expectNamesMatchText(page, "the header");

  await button.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute("aria-expanded", "true");
  await expect(menu).toContainText(person.email);
  const account = menu.getByRole("menuitem", { name: "Your account" });
  const signOut = menu.getByRole("menuitem", { name: "Sign out" });
  await expect(account).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(signOut).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(account).toBeFocused(); // it wraps around
  await atBothWidths(page, async (width) => {
    if (!(await menu.isVisible())) {
      await button.focus();
      await page.keyboard.press("Enter");
    }
    await expect(menu).toBeVisible();
    await expectAccessible(page, `user menu open at ${width} px`);
  });

  await page.keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  await expect(button).toBeFocused();

  await page.keyboard.press(" ");
  await expect(menu).toBeVisible();
  await page.getByRole("heading", { level: 1 }).click();
  await expect(menu).toHaveCount(0);

  // Choosing an item closes the menu and goes there.
  await button.click();
  await menu.getByRole("menuitem", { name: "Your account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(menu).toHaveCount(0);
  await header.signOut(person.name);
  expect(await csp()).toEqual([]);
});

test("the switcher shows avatars, marks the current organization, keeps the sub-page, and closes after a switch", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const csp = await watchCsp(page);
  const person = newPerson("switcher");
  await createAccount(person, { verified: true });
  const other = newPerson("other-admin");
  await createAccount(other, { verified: true });
  const tag = Date.now().toString(36);
  const alpha = { name: `Alpha ${tag}`, ...(await createOrganization(`Alpha ${tag}`, person)) };
  const beta = { name: `Beta ${tag}`, ...(await createOrganization(`Beta ${tag}`, other)) };
  await addMember(beta.slug, person, "basic_member");
  await new SignInPage(page).signInAs(person);

  const switcher = new OrgSwitcher(page);
  await page.goto(`/orgs/${alpha.slug}/settings`);
  await expect(switcher.button).toHaveAccessibleName(new RegExp(`^${alpha.name}\\s*, switch organization$`));
  await expectNamesMatchText(page, "the switcher");

  // By keyboard: Enter opens it on its first item, arrows move, Escape gives the focus back.
  await switcher.button.focus();
  await page.keyboard.press("Enter");
  await expect(switcher.menu).toBeVisible();
  const current = switcher.organization(alpha.name);
  await expect(current).toHaveAttribute("aria-current", "page");
  await expect(switcher.organization(beta.name)).not.toHaveAttribute("aria-current", /.*/);
  await expect(switcher.organization(beta.name)).toContainText("Member");
  await expect(switcher.menu.getByRole("menuitem", { name: "Manage organization" })).toHaveAttribute(
    "href",
    `/orgs/${alpha.slug}/settings`,
  );
  await expect(switcher.menu.getByRole("menuitem", { name: "Create organization" })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await expect(switcher.menu.getByRole("menuitem").nth(1)).toBeFocused();
  await atBothWidths(page, async (width) => {
    if (!(await switcher.menu.isVisible())) await switcher.open();
    await expectAccessible(page, `switcher open at ${width} px`);
  });
  await page.keyboard.press("Escape");
  await expect(switcher.menu).toHaveCount(0);
  await expect(switcher.button).toBeFocused();

  // An outside click closes it.
  await switcher.open();
  await page.getByRole("heading", { level: 1 }).click();
  await expect(switcher.menu).toHaveCount(0);

  // Members -> members, and the menu is closed on the next page.
  await page.goto(`/orgs/${alpha.slug}/settings/members`);
  await switcher.choose(beta.name);
  await expect(page).toHaveURL(new RegExp(`/orgs/${beta.slug}/settings/members$`));
  await expect(page.getByRole("heading", { level: 1, name: beta.name })).toBeVisible();
  await expect(switcher.menu).toHaveCount(0);
  await expect(switcher.button).toHaveAccessibleName(new RegExp(`^${beta.name}\\s*, switch organization$`));

  // Settings -> settings, by keyboard (arrows to the item, Enter chooses it).
  await page.goto(`/orgs/${beta.slug}/settings`);
  await switcher.button.focus();
  await page.keyboard.press("Enter");
  await expect(switcher.menu).toBeVisible();
  const target = switcher.organization(alpha.name);
  for (let i = 0; i < 10 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("ArrowDown");
  }
  await expect(target).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/orgs/${alpha.slug}/settings$`));
  await expect(switcher.menu).toHaveCount(0);

  // "Manage organization" opens the current one's settings; "Create organization" the list with its form.
  await page.goto(`/orgs/${alpha.slug}`);
  await switcher.open();
  await switcher.menu.getByRole("menuitem", { name: "Manage organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${alpha.slug}/settings$`));
  await switcher.open();
  await switcher.menu.getByRole("menuitem", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/orgs#create-heading$/);
  await expect(page.getByRole("heading", { name: "Create an organization" })).toBeVisible();
  expect(await csp()).toEqual([]);
});

test("confirmation dialogs open on Cancel, trap the focus, and close on Escape back to their button", async ({
  page,
}) => {
  const csp = await watchCsp(page);
  const person = await signedIn(page);
  const name = `Dialog ${Date.now().toString(36)}`;
  const { slug } = await createOrganization(name, person);
  await new GeneralSettingsPage(page).goto(slug);
  const trigger = page.getByRole("button", { name: "Delete organization" });
  await trigger.click();
  const dialog = page.getByRole("dialog", { name: `Delete ${name}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await atBothWidths(page, async (width) => {
    await expect(dialog).toBeVisible();
    await expectAccessible(page, `delete dialog at ${width} px`);
  });
  // Tab stays inside the dialog.
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(trigger).toBeFocused();

  // Cancel closes it too; the account page's dialogs behave alike.
  await new AccountPage(page).goto();
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  const signOutDialog = page.getByRole("dialog", { name: "Sign out everywhere?" });
  await expect(signOutDialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await signOutDialog.getByRole("button", { name: "Cancel" }).click();
  await expect(signOutDialog).toHaveCount(0);
  expect(await csp()).toEqual([]);
});

test("every mutation of the account page answers with a toast", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const csp = await watchCsp(page);
  const person = newPerson("toasts");
  await createAccount(person); // unverified: the banner's resend button shows
  await new SignInPage(page).signInAs(person);
  const toasts = new Toasts(page);
  const account = new AccountPage(page);
  await account.goto();

  await account.changeName(`${person.name} Renamed`);
  await toasts.expectToast("Name saved.");
  await atBothWidths(page, async (width) => {
    // Held again at each width: resizing moves the toast from under the pointer.
    await toasts.expectToast("Name saved.");
    await expectAccessible(page, `a toast at ${width} px`);
  });

  // A refusal says why.
  await account.requestEmailChange(newPerson("new").email, "not-the-password");
  await toasts.expectToast(/password/i);

  await page.getByRole("region", { name: "Email verification" }).getByRole("button", { name: "Resend" }).click();
  await toasts.expectToast(/Check your inbox/);

  // Another browser's session, signed out from here.
  const laptop = await browser.newPage();
  await new SignInPage(laptop).signInAs(person);
  await laptop.close();
  await page.reload();
  const other = account.section("Sessions").getByRole("listitem").filter({ hasNotText: "This device" }).first();
  await other.getByRole("button", { name: "Sign out this session" }).click();
  const dialog = page.getByRole("dialog", { name: /^Sign out .*\?$/ });
  await dialog.getByRole("button", { name: "Sign out the session" }).click();
  await toasts.expectToast("That session was signed out.");
  await expect(dialog).toHaveCount(0);

  // Across a redirect: the password change reloads the page, which still answers.
  const newPassword = `pw-${Date.now()}-changed`;
  await account.changePassword(person.password, newPassword);
  await toasts.expectToast(/Password changed/);

  // Signing out everywhere lands on the sign-in page, with the toast.
  await account.signOutEverywhere();
  await expect(page).toHaveURL(/\/sign-in/);
  await toasts.expectToast(/signed out, this one included/);
  expect(await csp()).toEqual([]);
});

test("creating, saving and deleting an organization answer with toasts that name it", async ({ page }) => {
  test.setTimeout(90_000);
  const csp = await watchCsp(page);
  await signedIn(page);
  const toasts = new Toasts(page);
  const name = `Toast ${Date.now().toString(36)}`;
  const orgs = new OrganizationsPage(page);
  await orgs.goto();
  await orgs.create(name);
  await expect(page).toHaveURL(/\/orgs\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  await toasts.expectToast(`${name} was created. You are its admin.`);

  const settings = new GeneralSettingsPage(page);
  await settings.goto(slug);
  await settings.rename(`${name} Saved`);
  await toasts.expectToast("Organization saved.");

  await page.getByRole("button", { name: "Delete organization" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete ${name} Saved?` });
  await dialog.getByLabel("Organization name to confirm").fill("not it");
  await dialog.getByRole("button", { name: "Delete this organization" }).click();
  await toasts.expectToast(`Type the organization's name, ${name} Saved, to confirm.`, { hold: false });
  await dialog.getByLabel("Organization name to confirm").fill(`${name} Saved`);
  await dialog.getByRole("button", { name: "Delete this organization" }).click();
  await expect(page).toHaveURL(/\/orgs\?deleted=1$/);
  await toasts.expectToast(`${name} Saved was deleted.`);
  await atBothWidths(page, async (width) => {
    await toasts.expectToast(`${name} Saved was deleted.`);
    await expectAccessible(page, `the deletion toast at ${width} px`);
  });
  expect(await organizationExists(slug)).toBe(false);
  expect(await csp()).toEqual([]);
});

test("a deep link opened signed out comes back after sign-in, and after sign-up", async ({ page }) => {
  const person = newPerson("deep");
  await createAccount(person, { verified: true });
  const { slug } = await createOrganization(`Deep ${Date.now().toString(36)}`, person);
  const deep = `/orgs/${slug}/settings/members`;

  await page.goto(deep);
  await expect(page).toHaveURL(`/sign-in?callbackUrl=${encodeURIComponent(deep)}`);
  await new SignInPage(page).signIn(person.email, person.password);
  await expect(page).toHaveURL(deep);
  await new Header(page).signOut(person.name);

  await page.goto(`/orgs/${slug}/settings`);
  await expect(page).toHaveURL(`/sign-in?callbackUrl=${encodeURIComponent(`/orgs/${slug}/settings`)}`);

  // A newcomer follows the sign-up link from the sign-in page, and lands on the page asked for.
  await page.goto("/account");
  await expect(page).toHaveURL(`/sign-in?callbackUrl=${encodeURIComponent("/account")}`);
  await page.getByRole("main").getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(`/sign-up?callbackUrl=${encodeURIComponent("/account")}`);
  const newcomer = newPerson("deep-new");
  const signUp = new SignUpPage(page);
  await signUp.fill(newcomer);
  await signUp.submit();
  await expect(page).toHaveURL(/\/account$/);

  // Off-site targets still fall back to the organizations page.
  await new Header(page).signOut(newcomer.name);
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("//evil.example/orgs")}`);
  await new SignInPage(page).signIn(newcomer.email, newcomer.password);
  await expect(page).toHaveURL(/\/orgs$/);
});

test("every page has exactly one h1 and passes axe at both widths; the favicon is served", async ({ page }) => {
  test.setTimeout(180_000);
  const icon = await page.request.get("/icon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");

  async function check(path: string) {
    await page.goto(path);
    await expect(page.locator("h1"), `${path}: one h1`).toHaveCount(1);
    await atBothWidths(page, async (width) => expectAccessible(page, `${path} at ${width} px`));
  }
  await check("/");
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", /icon/);
  for (const path of [
    "/sign-in",
    "/sign-up",
    "/forgot-password",
    "/invitations/bad-token",
    "/verify-email/bad-token",
    "/reset-password/bad-token",
    "/confirm-email/bad-token",
    "/account-deleted",
    "/no-such-page",
  ]) {
    await check(path);
  }

  const admin = await signedIn(page, newPerson("h1"));
  const { slug } = await createOrganization(`Headings ${Date.now().toString(36)}`, admin);
  for (const path of ["/orgs", ...organizationPages(slug), "/account"]) {
    await check(path);
  }
  const adminRow = await prisma.user.findUniqueOrThrow({ where: { email: admin.email }, select: { id: true } });
  const [invitation] = await createInvitations(db, adminRow.id, slug, { emails: newPerson("h1-invitee").email });
  await check(new URL(invitation!.url!).pathname);
});

test("copy: a revoked invitation link does not say declined", async ({ page }) => {
  const admin = newPerson("copy");
  await createAccount(admin, { verified: true });
  const { slug } = await createOrganization(`Copy ${Date.now().toString(36)}`, admin);
  const adminRow = await prisma.user.findUniqueOrThrow({ where: { email: admin.email }, select: { id: true } });
  const [invitation] = await createInvitations(db, adminRow.id, slug, { emails: newPerson("copy-invitee").email });
  await prisma.invitation.update({ where: { id: invitation!.id }, data: { status: "revoked", revokedAt: new Date() } });
  await page.goto(new URL(invitation!.url!).pathname);
  await expect(page.getByRole("heading", { name: "This invitation was revoked" })).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText(/declined/i);
});
