import { expect, test, type Browser, type Page } from "@playwright/test";
import { addMember, createAccount, createOrganization, organizationExists } from "./fixtures/db";
import { emailsTo, linkInEmail, waitForEmail } from "./fixtures/mail";
import { newPerson, type Person } from "./fixtures/users";
import { AccountPage, openNewAccount, VerificationBanner } from "./pages/account-pages";
import { Header, SignInPage, SignUpPage } from "./pages/auth-pages";

/** A new person with an account, signed in in a second browser (its own cookies). */
async function signedInElsewhere(browser: Browser, label: string): Promise<{ person: Person; elsewhere: Page }> {
  const person = newPerson(label);
  await createAccount(person);
  const elsewhere = await (await browser.newContext()).newPage();
  await new SignInPage(elsewhere).signInAs(person);
  return { person, elsewhere };
}

async function expectSignedOut(page: Page) {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount/);
}

async function expectSignedIn(page: Page) {
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
}

test("sign-up sends a verification link; opening it verifies the address and the banner goes", async ({ page }) => {
  const person = newPerson("verify");
  await new SignUpPage(page).signUp(person);
  await expect(page).toHaveURL(/\/orgs$/);
  const banner = new VerificationBanner(page).region;
  await expect(banner).toContainText(`We sent a link to ${person.email}`);

  const link = await linkInEmail(person.email, /Welcome/, "/verify-email");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Verify your email" })).toBeVisible();
  await page.getByRole("button", { name: "Verify email address" }).click();
  await expect(page).toHaveURL(/\/account\?notice=email-verified$/);
  await expect(page.getByRole("status").filter({ hasText: `${person.email}, is verified.` })).toBeVisible();
  await expect(banner).toHaveCount(0);
  await new AccountPage(page).goto();
  await expect(page.getByText("Verified", { exact: true })).toBeVisible();

  // Single use: a second visit says the address is verified.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Your email address is verified" })).toBeVisible();
  await expect(page.getByText("This link was already used")).toBeVisible();
});

test("the banner resends the verification email, and the newest link works", async ({ page }) => {
  const person = newPerson("resend");
  await new SignUpPage(page).signUp(person);
  const first = await linkInEmail(person.email, /Welcome/, "/verify-email");
  const banner = new VerificationBanner(page).region;
  const sentAt = Date.now();
  await banner.getByRole("button", { name: "Resend verification email" }).click();
  await expect(banner.getByRole("status")).toHaveText(
    `Sent. Check your inbox at ${person.email}; the new link works for 24 hours.`,
  );
  const second = await linkInEmail(person.email, /Verify your email/, "/verify-email", sentAt - 1);
  expect(second).not.toBe(first);

  await page.goto(first);
  await expect(page.getByRole("heading", { name: "This link is not valid" })).toBeVisible();
  await page.goto(second);
  await page.getByRole("button", { name: "Verify email address" }).click();
  await expect(page.getByRole("status").filter({ hasText: "is verified" })).toBeVisible();
  await expect(banner).toHaveCount(0);
});

test("forgot password: the emailed link sets a new password once and ends every other session", async ({
  page,
  browser,
}) => {
  const { person, elsewhere } = await signedInElsewhere(browser, "forgot");

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Check your inbox at ${person.email}` })).toBeVisible();

  const link = await linkInEmail(person.email, /Reset your Orgs password/, "/reset-password");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Use at least 8 characters for your password.")).toBeVisible();
  const newPassword = `${person.password}-new`;
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?notice=password-reset/);
  await expect(page.getByRole("status").filter({ hasText: "Your password was changed" })).toBeVisible();

  // The other browser was signed out at once.
  await expectSignedOut(elsewhere);
  await elsewhere.context().close();

  const signIn = new SignInPage(page);
  await signIn.signIn(person.email, person.password);
  await expect(signIn.alert("Wrong email or password.")).toBeVisible();
  await signIn.signIn(person.email, newPassword);
  await expect(page).toHaveURL(/\/orgs$/);

  // Single use.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link has already been used" })).toBeVisible();
  await waitForEmail(person.email, /password was changed/);
});

test("forgot password says the same for an address without an account, and emails it that there is none", async ({
  page,
}) => {
  const known = newPerson("known");
  await createAccount(known);
  const unknown = newPerson("unknown");

  const answers: string[] = [];
  const timings: number[] = [];
  // The first request warms the server up (templates, code paths) and is not compared.
  for (const email of [newPerson("warmup").email, known.email, unknown.email]) {
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(email);
    const status = page.getByRole("status").filter({ hasText: "Check your inbox" });
    const started = Date.now();
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(status).toBeVisible();
    timings.push(Date.now() - started);
    answers.push((await status.innerText()).replace(email, "<address>"));
  }
  expect(answers[1]).toBe(answers[2]);
  console.info(`forgot-password round trip: known ${timings[1]} ms, unknown ${timings[2]} ms`);
  // A generous margin: one request each through a real browser on shared cores.
  expect(Math.abs(timings[1]! - timings[2]!)).toBeLessThan(1000);

  const none = await waitForEmail(unknown.email, /Reset your Orgs password/);
  expect(none.text).toContain("there is no account for this address");
  expect(none.text).not.toMatch(/reset-password\//);
  const reset = await waitForEmail(known.email, /Reset your Orgs password/);
  expect(reset.subject).toBe(none.subject);
});

test("changing the email takes effect only through the link sent to the new address", async ({ page }) => {
  const person = newPerson("chmail");
  const account = await openNewAccount(page, person);

  const taken = newPerson("taken");
  await createAccount(taken);
  await account.requestEmailChange(taken.email, person.password);
  await expect(
    account.section("Email address").getByText("Another account already uses this email address."),
  ).toBeVisible();
  await expect(page.getByLabel("New email address")).toHaveValue(taken.email);

  const newEmail = newPerson("chmail-new").email;
  await account.requestEmailChange(newEmail, person.password);
  await expect(page.getByRole("status").filter({ hasText: `We sent a link to ${newEmail}` })).toBeVisible();
  await expect(page.getByText(`Signed in as ${person.email}`)).toBeVisible();

  const link = await linkInEmail(newEmail, /Confirm your new email/, "/confirm-email");
  await page.goto(link);
  await expect(page.getByText(`from ${person.email} to ${newEmail}`)).toBeVisible();
  await page.getByRole("button", { name: "Use this email address" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Your email address is now ${newEmail}` })).toBeVisible();
  await account.goto();
  await expect(page.getByText(`Signed in as ${newEmail}`)).toBeVisible();
  await waitForEmail(person.email, /email address was changed/);

  await new Header(page).signOut(person.name);
  await new SignInPage(page).signInAs({ email: newEmail, password: person.password });
});

test("changing the password asks for the current one, keeps this session and ends the others", async ({
  page,
  browser,
}) => {
  const { person, elsewhere } = await signedInElsewhere(browser, "chpw");
  await new SignInPage(page).signInAs(person);
  const account = new AccountPage(page);
  await account.goto();

  await account.changePassword("not-my-password", "a new password");
  // Under the field (the toast says it too).
  await expect(account.section("Password").getByText("That is not your current password.")).toBeVisible();
  await expectSignedIn(elsewhere);

  const newPassword = `${person.password}-changed`;
  await account.goto();
  await account.changePassword(person.password, newPassword);
  await expect(page.getByRole("status").filter({ hasText: "Password changed." })).toBeVisible();
  await expectSignedIn(page);
  await expectSignedOut(elsewhere);
  await new SignInPage(elsewhere).signIn(person.email, newPassword);
  await expect(elsewhere).toHaveURL(/\/account$/);
  await elsewhere.context().close();
});

test("sign out everywhere ends every session at once", async ({ page, browser }) => {
  const { person, elsewhere } = await signedInElsewhere(browser, "everywhere");
  await new SignInPage(page).signInAs(person);
  await expectSignedIn(elsewhere);

  const account = new AccountPage(page);
  await account.goto();
  await account.signOutEverywhere();
  await expect(page).toHaveURL(/\/sign-in\?notice=signed-out-everywhere/);
  await expect(page.getByRole("status").filter({ hasText: "You were signed out on every device" })).toBeVisible();
  await expectSignedOut(page);
  await expectSignedOut(elsewhere);
  await elsewhere.context().close();
});

test("deleting the account is refused while the person is the last admin of an organization with members", async ({
  page,
}) => {
  const person = newPerson("lastadmin");
  const member = newPerson("member");
  await createAccount(person);
  await createAccount(member);
  const name = `Keepers ${Date.now()}`;
  const { slug } = await createOrganization(name, person);
  await addMember(slug, member, "basic_member");

  await new SignInPage(page).signInAs(person);
  const account = new AccountPage(page);
  await account.goto();
  await expect(account.section("Delete account")).toContainText(`You are the only admin of ${name}`);
  const dialog = await account.deleteAccount(person.email);
  await expect(dialog.getByRole("alert")).toContainText(`You are the only admin of ${name}`);
  await expect(dialog.getByRole("alert")).toContainText(
    "Make another member an admin of that organization, or delete it",
  );
  await expect(dialog.getByRole("link", { name: `Members of ${name}` })).toBeVisible();
  await expect(dialog.getByLabel("Your email address, to confirm")).toHaveValue(person.email);
  expect(await organizationExists(slug)).toBe(true);
  await expectSignedIn(page);
});

test("deleting the account signs out, removes it and its sole-member organization", async ({ page }) => {
  const person = newPerson("leaver");
  await createAccount(person);
  const { slug } = await createOrganization(`Solo ${Date.now()}`, person);

  await new SignInPage(page).signInAs(person);
  const account = new AccountPage(page);
  await account.goto();
  const dialog = await account.deleteAccount("someone@example.test");
  await expect(
    dialog.getByText(`Type your email address, ${person.email}, to confirm.`, { exact: true }),
  ).toBeVisible();
  await account.deleteAccount(person.email);
  await expect(page).toHaveURL(/\/account-deleted$/);
  await expect(page.getByRole("heading", { name: "Your account was deleted" })).toBeVisible();
  expect(await organizationExists(slug)).toBe(false);
  await expectSignedOut(page);

  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(person.email, person.password);
  await expect(signIn.alert("Wrong email or password.")).toBeVisible();
  expect((await emailsTo(person.email)).map((email) => email.subject)).toContain("Your Orgs account was deleted");
});
