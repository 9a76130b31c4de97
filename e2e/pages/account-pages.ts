import { expect, type Page } from "@playwright/test";
import { createAccount } from "../fixtures/db";
import type { Person } from "../fixtures/users";
import { SignInPage } from "./auth-pages";

/** A new account for `person`, signed in in `page`, on its account page. */
export async function openNewAccount(page: Page, person: Person): Promise<AccountPage> {
  await createAccount(person);
  await new SignInPage(page).signInAs(person);
  const account = new AccountPage(page);
  await account.goto();
  return account;
}

export class AccountPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/account");
    await expect(this.page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  }

  section(name: string) {
    return this.page.getByRole("region", { name });
  }

  async changeName(name: string) {
    const section = this.section("Profile");
    await section.getByLabel("Name").fill(name);
    await section.getByRole("button", { name: "Save name" }).click();
  }

  async changePassword(current: string, next: string) {
    const section = this.section("Password");
    await section.getByLabel("Current password").fill(current);
    await section.getByLabel("New password").fill(next);
    await section.getByRole("button", { name: "Change password" }).click();
  }

  async requestEmailChange(newEmail: string, password: string) {
    const section = this.section("Email address");
    await section.getByLabel("New email address").fill(newEmail);
    await section.getByLabel("Current password").fill(password);
    await section.getByRole("button", { name: "Send confirmation link" }).click();
  }

  async signOutEverywhere() {
    await this.section("Sessions").getByRole("button", { name: "Sign out everywhere" }).click();
    await this.page
      .getByRole("dialog", { name: "Sign out everywhere?" })
      .getByRole("button", { name: "Sign out on every device" })
      .click();
  }

  async deleteAccount(email: string) {
    const dialog = this.page.getByRole("dialog", { name: "Delete your account?" });
    // After a refused attempt the dialog is still open, with the answer in it.
    if (!(await dialog.isVisible()))
      await this.section("Delete account").getByRole("button", { name: "Delete account" }).click();
    await dialog.getByLabel("Your email address, to confirm").fill(email);
    await dialog.getByRole("button", { name: "Delete my account" }).click();
    return dialog;
  }
}

export class VerificationBanner {
  constructor(private readonly page: Page) {}

  get region() {
    return this.page.getByRole("region", { name: "Email verification" });
  }
}
