// Forms keep what was typed after a refusal, every value but a password that
// was itself refused (kept in the browser: the server never echoes a password).
import { expect, test, type Page } from "@playwright/test";
import { atBothWidths, expectAccessible } from "./fixtures/a11y";
import { addMember, createAccount, createOrganization } from "./fixtures/db";
import { newPerson } from "./fixtures/users";
import { AccountPage, openNewAccount } from "./pages/account-pages";
import { SignInPage, SignUpPage } from "./pages/auth-pages";

/** Submits the sign-up form and waits for the action's answer (the form remounts with it). */
async function submitSignUp(page: Page) {
  await Promise.all([
    page.waitForResponse((response) => response.request().method() === "POST" && response.url().includes("/sign-up")),
    new SignUpPage(page).submit(),
  ]);
}

test("sign-up keeps the password after an unrelated error, and drops only a refused one", async ({ page }) => {
  // Several pages, each checked with axe at two widths.
  test.slow();
  const existing = newPerson("taken");
  await createAccount(existing);
  const person = { ...newPerson("signup"), email: existing.email };
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.fill(person);
  await submitSignUp(page);
  await expect(page.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue(person.name);
  await expect(page.getByLabel("Email")).toHaveValue(person.email);
  await expect(page.getByLabel("Password")).toHaveValue(person.password);
  await atBothWidths(page, (width) => expectAccessible(page, `sign-up, address taken, at ${width}`));

  // The same refusal twice keeps the values too.
  await submitSignUp(page);
  await expect(page.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveValue(person.password);
  await expect(page.getByLabel("Name")).toHaveValue(person.name);

  // A password that is itself refused is cleared; the rest stays.
  const other = newPerson("short");
  await page.getByLabel("Email").fill(other.email);
  await page.getByLabel("Password").fill("short");
  await submitSignUp(page);
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expect(page.getByLabel("Email")).toHaveValue(other.email);
  await expect(page.getByLabel("Name")).toHaveValue(person.name);
  await atBothWidths(page, (width) => expectAccessible(page, `sign-up, password too short, at ${width}`));

  // What was kept is what is sent: a valid password completes the sign-up.
  await page.getByLabel("Password").fill(other.password);
  await signUp.submit();
  await expect(page).toHaveURL(/\/orgs$/);
});

test("the account page keeps the new password after a wrong current one, and the new email after a wrong password", async ({
  page,
}) => {
  // Several pages, each checked with axe at two widths.
  test.slow();
  const person = newPerson("passwords");
  const account = await openNewAccount(page, person);
  const newPassword = `new-${person.password}`;
  await account.changePassword("not-my-password", newPassword);
  const passwordSection = account.section("Password");
  await expect(passwordSection.getByText("That is not your current password.")).toBeVisible();
  await expect(passwordSection.getByLabel("Current password")).toHaveValue("");
  await expect(passwordSection.getByLabel("New password")).toHaveValue(newPassword);
  await atBothWidths(page, (width) => expectAccessible(page, `account, wrong current password, at ${width}`));

  const emailSection = account.section("Email address");
  const newEmail = newPerson("moved").email;
  await account.requestEmailChange(newEmail, "not-my-password");
  await expect(emailSection.getByText("That is not your current password.")).toBeVisible();
  await expect(emailSection.getByLabel("New email address")).toHaveValue(newEmail);
  await expect(emailSection.getByLabel("Current password")).toHaveValue("");
  // The other form's kept value is untouched.
  await expect(passwordSection.getByLabel("New password")).toHaveValue(newPassword);

  // Only the current password needs typing again: the kept new one is the one set.
  await passwordSection.getByLabel("Current password").fill(person.password);
  await passwordSection.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/account\?notice=password-changed$/);
});

test("the delete-account confirmation keeps the typed address after a refusal, however often", async ({ page }) => {
  // Several pages, each checked with axe at two widths.
  test.slow();
  const person = newPerson("sole-admin");
  await createAccount(person);
  const colleague = newPerson("colleague");
  await createAccount(colleague);
  const { slug } = await createOrganization(`Kept ${Date.now()}`, person);
  await addMember(slug, colleague, "basic_member");
  await new SignInPage(page).signInAs(person);
  const account = new AccountPage(page);
  await account.goto();
  const dialog = await account.deleteAccount("someone-else@example.test");
  const confirm = dialog.getByLabel("Your email address, to confirm");
  await expect(
    dialog.getByText(`Type your email address, ${person.email}, to confirm.`, { exact: true }),
  ).toBeVisible();
  await expect(confirm).toHaveValue("someone-else@example.test");
  await atBothWidths(page, (width) => expectAccessible(page, `delete account, wrong address, at ${width}`));

  await account.deleteAccount(person.email);
  await expect(dialog.getByText(/You are the only admin of/)).toBeVisible();
  await expect(confirm).toHaveValue(person.email);
  await Promise.all([
    page.waitForResponse((response) => response.request().method() === "POST" && response.url().includes("/account")),
    dialog.getByRole("button", { name: "Delete my account" }).click(),
  ]);
  await expect(dialog.getByText(/You are the only admin of/)).toBeVisible();
  await expect(confirm).toHaveValue(person.email);
  await atBothWidths(page, (width) => expectAccessible(page, `delete account, refused as last admin, at ${width}`));
});
