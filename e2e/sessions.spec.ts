import { expect, test } from "@playwright/test";
import { createAccount } from "./fixtures/db";
import { newPerson } from "./fixtures/users";
import { AccountPage, openNewAccount } from "./pages/account-pages";
import { Header, SignInPage } from "./pages/auth-pages";

test("a session cookie copied before signing out opens nothing afterwards", async ({ page, browser }) => {
  const person = newPerson("copied");
  await createAccount(person);
  await new SignInPage(page).signInAs(person);
  const copied = await page.context().cookies();
  expect(copied.some((cookie) => cookie.name.endsWith("authjs.session-token"))).toBe(true);
  await new Header(page).signOut(person.name);

  // Whoever kept a copy of the cookie (another tab's export, a stolen backup, a shared computer).
  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/account");
  await expect(stolen).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount$/);
  const session = await stolen.request.get("/api/auth/session");
  expect(session.status()).toBe(200);
  expect(await session.json()).toBeNull();
  await thief.close();
});

test("the account lists its sessions, and one is signed out from another browser", async ({ browser }) => {
  const person = newPerson("devices");
  await createAccount(person);
  const laptop = await browser.newContext();
  const phone = await browser.newContext({
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
  });
  const onLaptop = await laptop.newPage();
  const onPhone = await phone.newPage();
  await new SignInPage(onLaptop).signInAs(person);
  await new SignInPage(onPhone).signInAs(person);

  const account = new AccountPage(onPhone);
  await account.goto();
  const sessions = account.section("Sessions").getByRole("list", { name: "Active sessions" }).getByRole("listitem");
  await expect(sessions).toHaveCount(2);
  const thisDevice = sessions.filter({ hasText: "This device" });
  await expect(thisDevice).toHaveCount(1);
  await expect(thisDevice).toContainText("Safari on iOS");
  const other = sessions.filter({ hasNotText: "This device" });
  await expect(other).toContainText(/Signed in .* last active/);

  await other.getByRole("button", { name: "Sign out this session" }).click();
  await onPhone
    .getByRole("dialog", { name: /^Sign out .*\?$/ })
    .getByRole("button", { name: "Sign out the session" })
    .click();
  await expect(sessions).toHaveCount(1);
  await expect(sessions).toContainText("This device");

  // The laptop is signed out at once; the phone stays signed in.
  await onLaptop.goto("/account");
  await expect(onLaptop).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount$/);
  await onPhone.reload();
  await expect(onPhone.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  await laptop.close();
  await phone.close();
});

test("signing this device out from the list signs it out here", async ({ page }) => {
  const person = newPerson("self");
  const account = await openNewAccount(page, person);
  const mine = account.section("Sessions").getByRole("listitem").filter({ hasText: "This device" });
  await mine.getByRole("button", { name: "Sign out this session" }).click();
  await page
    .getByRole("dialog", { name: "Sign out this device?" })
    .getByRole("button", { name: "Sign out the session" })
    .click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount$/);
});
