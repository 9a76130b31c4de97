// The app's chrome as a person meets it: the organization switcher, the
// toasts, and confirmation dialogs.
import { expect, type Page } from "@playwright/test";

export class OrgSwitcher {
  constructor(private readonly page: Page) {}

  /** The switcher's button: its name is its visible text, "<organization>, switch organization". */
  get button() {
    return this.page.getByRole("button", { name: /switch organization$/ });
  }

  get menu() {
    return this.page.getByRole("menu");
  }

  organization(name: string) {
    return this.menu.getByRole("menuitem", { name: new RegExp(`^${escapeRegExp(name)}\\b`) });
  }

  async open() {
    await this.button.click();
    await expect(this.menu).toBeVisible();
  }

  async choose(name: string) {
    await this.open();
    await this.organization(name).click();
  }
}

/** sonner's live region ("Notifications alt+T") and the toasts in it. */
export class Toasts {
  constructor(private readonly page: Page) {}

  get region() {
    return this.page.getByRole("region", { name: /^Notifications/ });
  }

  toast(text: string | RegExp) {
    return this.region.getByRole("listitem").filter({ hasText: text });
  }

  /**
   * Waits for the toast, then holds it (sonner pauses a toast under the pointer) so the checks
   * that follow see it. Under a modal dialog nothing outside it takes the pointer: `hold: false`.
   */
  async expectToast(text: string | RegExp, { hold = true }: { hold?: boolean } = {}) {
    const toast = this.toast(text);
    await expect(toast).toBeVisible();
    if (hold) await toast.hover();
    return toast;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
