import { expect, test, type Page } from "@playwright/test";
import { waitForEmail } from "./fixtures/mail";
import { newPerson, type Person } from "./fixtures/users";
import { Header, SignInPage, SignUpPage } from "./pages/auth-pages";

/** A person who signed up through the form, then signed out. */
async function signedUpThenOut(page: Page, label: string): Promise<Person> {
  const person = newPerson(label);
  await new SignUpPage(page).signUp(person);
  await new Header(page).signOut(person.name);
  return person;
}

test("a new person signs up, lands signed in, and gets a welcome email with a verification link", async ({ page }) => {
  const person = newPerson("signup");
  await new SignUpPage(page).signUp(person);

  await expect(page).toHaveURL(/\/orgs$/);
  await expect(page.getByRole("heading", { name: "Your organizations" })).toBeVisible();
  await new Header(page).expectSignedInAs(person.name);
  await page.goto("/account");
  await expect(page.getByText(`Signed in as ${person.email}`)).toBeVisible();
  expect(await page.content()).not.toContain("$argon2");

  const email = await waitForEmail(person.email, /Welcome/);
  expect(email.html).toContain(person.name);
  expect(email.text).toContain("Verify your email address");
  expect(email.text).toMatch(/\/verify-email\/[A-Za-z0-9_-]{43}/);
});

test("signing up with a taken email says so and keeps what was typed", async ({ page, browser }) => {
  const person = newPerson("taken");
  await new SignUpPage(page).signUp(person);
  await expect(page).toHaveURL(/\/orgs$/);

  const other = await browser.newPage();
  const signUp = new SignUpPage(other);
  await signUp.goto();
  await signUp.fill({ ...person, name: "Someone Else", email: `  ${person.email.toUpperCase()} ` });
  await signUp.submit();
  await expect(other.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
  await expect(other.getByLabel("Name")).toHaveValue("Someone Else");
  // Browsers strip the spaces of an email input; the letters typed are kept.
  await expect(other.getByLabel("Email")).toHaveValue(person.email.toUpperCase());
  // The password was not what was refused: it is kept (in the browser; the server never echoes it).
  await expect(other.getByLabel("Password")).toHaveValue(person.password);
  await other.close();
});

test("sign-up explains invalid input per field", async ({ page }) => {
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.fill({ name: "Short Password", email: "not-an-email", password: "short" });
  await signUp.submit();
  await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Name")).toHaveValue("Short Password");
});

test("sign out, then sign in again with any letter case in the email", async ({ page }) => {
  const person = newPerson("signin");
  await new SignUpPage(page).signUp(person);
  await expect(page).toHaveURL(/\/orgs$/);

  const header = new Header(page);
  await header.signOut(person.name);
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount/);

  await new SignInPage(page).signIn(person.email.toUpperCase(), person.password);
  await expect(page).toHaveURL(/\/account$/);
  await header.expectSignedInAs(person.name);
});

test("a wrong password gets one generic message and keeps the email", async ({ page }) => {
  const person = await signedUpThenOut(page, "wrongpw");

  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(person.email, "not-the-password");
  await expect(signIn.alert("Wrong email or password.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(person.email);
  await expect(page.getByLabel("Password")).toHaveValue("");

  await signIn.signIn("nobody-" + person.email, "whatever-password");
  await expect(signIn.alert("Wrong email or password.")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a protected page sends a signed-out visitor to sign-in and back", async ({ page }) => {
  const person = await signedUpThenOut(page, "redirect");

  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount/);
  await new SignInPage(page).signIn(person.email, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
});

test("repeated failed sign-ins are throttled with a time to try again", async ({ page }) => {
  const person = await signedUpThenOut(page, "throttle");

  const signIn = new SignInPage(page);
  await signIn.goto();
  for (let attempt = 1; attempt <= 4; attempt++) {
    await signIn.signIn(person.email, `wrong-${attempt}`);
    await expect(signIn.alert("Wrong email or password.")).toBeVisible();
  }
  await signIn.signIn(person.email, "wrong-5");
  await expect(signIn.alert(/Too many failed sign-in attempts\. Try again in 15 minutes\./)).toBeVisible();

  // Even the right password waits until the block ends.
  await signIn.signIn(person.email, person.password);
  await expect(signIn.alert(/Too many failed sign-in attempts/)).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("the development mailbox is not served in production", async ({ page }) => {
  const response = await page.goto("/dev/mailbox");
  expect(response?.status()).toBe(404);
});
