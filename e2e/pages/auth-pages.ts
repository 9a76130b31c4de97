import { expect, type Page } from "@playwright/test";
import type { Person } from "../fixtures/users";

export class SignUpPage {
  constructor(private readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/sign-up${query}`);
  }

  async fill(person: Person) {
    await this.page.getByLabel("Name").fill(person.name);
    await this.page.getByLabel("Email").fill(person.email);
    await this.page.getByLabel("Password").fill(person.password);
  }

  async submit() {
    await this.page.getByRole("button", { name: "Create account" }).click();
  }

  async signUp(person: Person) {
    await this.goto();
    await this.fill(person);
    await this.submit();
  }
}

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/sign-in${query}`);
  }

  /** Submits the form and waits for the server action's answer, so checks see this attempt's outcome. */
  async signIn(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await Promise.all([
      this.page.waitForResponse(
        (response) => response.request().method() === "POST" && response.url().includes("/sign-in"),
      ),
      this.page.getByRole("button", { name: "Sign in" }).click(),
    ]);
  }

  /** Signs in from the sign-in page and waits to land where sign-in sends people. */
  async signInAs(person: { email: string; password: string }, landing: RegExp = /\/orgs$/) {
    await this.goto();
    await this.signIn(person.email, person.password);
    await expect(this.page).toHaveURL(landing);
  }

  alert(text: string | RegExp) {
    // Next's route announcer also has role=alert: match the message itself.
    return this.page.getByRole("alert").filter({ hasText: text });
  }
}

export class Header {
  constructor(private readonly page: Page) {}

  /** The user menu's button: its accessible name is its text, "Account menu for" then the name. */
  menuButton(name: string) {
    return this.page.getByRole("button", { name: `Account menu for ${name}`, exact: true });
  }

  /** The open user menu. */
  get userMenu() {
    return this.page.getByRole("menu");
  }

  /** The organization switcher's button ("<organization>, switch organization"). */
  get switcherButton() {
    return this.page.getByRole("button", { name: /switch organization$/ });
  }

  async expectSignedInAs(name: string) {
    await expect(this.menuButton(name)).toBeVisible();
  }

  async signOut(name: string) {
    await this.menuButton(name).click();
    await this.userMenu.getByRole("menuitem", { name: "Sign out", exact: true }).click();
    await expect(
      this.page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign in" }),
    ).toBeVisible();
  }
}
