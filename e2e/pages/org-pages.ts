import { expect, type Page } from "@playwright/test";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** An organization's pages: its overview and each of its settings pages. */
export function organizationPages(slug: string): string[] {
  return ["", "/settings", "/settings/members", "/settings/roles", "/settings/activity", "/settings/domains"].map(
    (page) => `/orgs/${slug}${page}`,
  );
}

export class OrganizationsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/orgs");
  }

  async create(name: string, slug?: string) {
    await this.page.getByLabel("Organization name", { exact: true }).fill(name);
    if (slug) await this.page.getByLabel("Slug").fill(slug);
    await this.page.getByRole("button", { name: "Create organization" }).click();
  }

  /** The signed-in person's pending invitations (shown only when there are some). */
  get invitations() {
    return this.page.getByRole("region", { name: /^Invitations/ });
  }

  invitation(organizationName: string) {
    return this.invitations.getByRole("listitem").filter({ hasText: organizationName });
  }

  async accept(organizationName: string) {
    await this.page.getByRole("button", { name: `Accept the invitation to ${organizationName}` }).click();
  }

  async decline(organizationName: string) {
    await this.page.getByRole("button", { name: `Decline the invitation to ${organizationName}` }).click();
  }
}

export class GeneralSettingsPage {
  constructor(private readonly page: Page) {}

  async goto(slug: string) {
    await this.page.goto(`/orgs/${slug}/settings`);
  }

  async rename(name: string) {
    await this.page.getByLabel("Organization name", { exact: true }).fill(name);
    await this.page.getByRole("button", { name: "Save changes" }).click();
  }

  /** Chooses a file in the picker the logo button opens, as a person does; the upload starts on its own. */
  async chooseLogo(file: { name: string; mimeType: string; buffer: Buffer }) {
    const [chooser] = await Promise.all([
      this.page.waitForEvent("filechooser"),
      this.page.getByRole("button", { name: /^(Upload|Replace) logo$/ }).click(),
    ]);
    await chooser.setFiles(file);
  }

  /** The logo shown in the settings, by its alternative text. */
  logo(organizationName: string) {
    return this.page.getByRole("img", { name: `${organizationName} logo` });
  }
}

export class MembersPage {
  constructor(private readonly page: Page) {}

  async goto(slug: string, query = "") {
    await this.page.goto(`/orgs/${slug}/settings/members${query}`);
  }

  row(text: string) {
    return this.page.getByRole("row").filter({ hasText: text });
  }

  /** The roster's names, top to bottom. */
  async names(): Promise<string[]> {
    return this.page.getByTestId("member-name").allInnerTexts();
  }

  /** The member's role control: a button named "<role>: role for <name>" opening a menu of roles. */
  roleSelect(memberName: string) {
    return this.row(memberName).getByRole("button", { name: new RegExp(`: role for ${escapeRegExp(memberName)}$`) });
  }

  roleOption(role: string) {
    return this.page.getByRole("menuitemradio", { name: role, exact: true });
  }

  /** Picks a role in the member's role menu, which applies it at once. */
  async changeRole(memberName: string, role: string) {
    await this.roleSelect(memberName).click();
    await this.roleOption(role).click();
  }

  menu(memberName: string) {
    return this.row(memberName).getByRole("button", { name: `Actions for ${memberName}` });
  }

  async remove(memberName: string) {
    await this.menu(memberName).click();
    await this.page.getByRole("menuitem", { name: /^Remove/ }).click();
    const dialog = this.page.getByRole("dialog", { name: `Remove ${memberName}?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: `Remove ${memberName}` }).click();
    // The page behind a modal dialog is hidden from the accessibility tree: wait for the answer.
    await expect(dialog).toHaveCount(0);
  }

  async leave(orgName: string) {
    await this.page.getByRole("button", { name: "Leave organization" }).click();
    const dialog = this.page.getByRole("dialog", { name: `Leave ${orgName}?` });
    await dialog.getByRole("button", { name: `Leave ${orgName}` }).click();
  }

  /** A toast (sonner) with this text. */
  toast(text: string | RegExp) {
    return this.page.locator("[data-sonner-toast]").filter({ hasText: text });
  }
}

/** An organization's Domains page (admins): add, verify with the emailed code, enrollment mode, delete. */
export class DomainsPage {
  constructor(private readonly page: Page) {}

  async goto(slug: string) {
    await this.page.goto(`/orgs/${slug}/settings/domains`);
  }

  async add(name: string) {
    await this.page.getByLabel("Domain", { exact: true }).fill(name);
    await this.page.getByRole("button", { name: "Add domain" }).click();
  }

  /** Why the last domain typed was refused. */
  get addError() {
    return this.page.locator("#field-name-error");
  }

  /** One domain's card. */
  card(name: string) {
    return this.page.getByRole("list", { name: "Domains" }).getByRole("listitem").filter({ hasText: name });
  }
}
