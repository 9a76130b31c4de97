// Throttling by client address, through the server as `npm start` runs it
// (scripts/run.ts and its client-address preload), reached from addresses of
// the tests' own making (fixtures/client-relay.ts). The limits server runs
// with low limits (playwright.config.ts limitsServerEnv): 3 sign-ups per
// client, 8 failed sign-ins per account, 10 per address, 5 per account and
// client (the default).
import { expect, test, type Browser } from "@playwright/test";
import { createAccount } from "./fixtures/db";
import { clientAt, forgedAddressHeaders, signInOverHttp, type ClientRelay } from "./fixtures/client-relay";
import { newPerson } from "./fixtures/users";
import { SignInPage, SignUpPage } from "./pages/auth-pages";

const mainPort = Number(process.env.E2E_PORT ?? 3100);
const limitsPort = mainPort + 1;
const ACCOUNT_LIMIT = 8;

const relays: ClientRelay[] = [];
async function client(port = limitsPort): Promise<ClientRelay> {
  const relay = await clientAt(port);
  relays.push(relay);
  return relay;
}
test.afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});

async function browserAt(browser: Browser, relay: ClientRelay) {
  const context = await browser.newContext({ baseURL: relay.url });
  return { context, page: await context.newPage() };
}

test("forged X-Forwarded-For / X-Real-IP headers do not give a client fresh sign-in attempts", async () => {
  const attacker = await client();
  // Password spraying: one guess per account, each request claiming another address.
  const codes: string[] = [];
  for (let i = 0; i < 11; i++) {
    codes.push(await signInOverHttp(attacker, newPerson("spray").email, "guess", forgedAddressHeaders()));
  }
  // 10 failures per address, whatever the headers said: the tenth says when to try again.
  expect(codes.slice(0, 9).every((code) => code === "credentials")).toBe(true);
  expect(codes[9]).toMatch(/^throttled:/);
  expect(codes.at(-1)).toMatch(/^throttled:/);

  // Another client (another TCP peer) is not affected.
  expect(await signInOverHttp(await client(), newPerson("spray").email, "guess")).toBe("credentials");
});

test("five strangers' wrong passwords do not lock the owner out", async ({ browser }) => {
  const owner = newPerson("owner");
  await createAccount(owner);
  // The main server: the default limits (5 per account and client, 100 per account).
  for (let i = 0; i < 5; i++) {
    expect(await signInOverHttp(await client(mainPort), owner.email, `wrong-${i}`)).toBe("credentials");
  }
  const { context, page } = await browserAt(browser, await client(mainPort));
  await new SignInPage(page).signInAs(owner);
  await context.close();
});

test("one client's failures slow that client, not the account", async () => {
  const owner = newPerson("owner");
  await createAccount(owner);
  const guesser = await client();
  const codes: string[] = [];
  for (let i = 0; i < 6; i++)
    codes.push(await signInOverHttp(guesser, owner.email, `wrong-${i}`, forgedAddressHeaders()));
  expect(codes.slice(0, 4)).toEqual(["credentials", "credentials", "credentials", "credentials"]);
  expect(codes[4]).toMatch(/^throttled:/);
  expect(codes[5]).toMatch(/^throttled:/);
  expect(await signInOverHttp(guesser, owner.email, owner.password)).toMatch(/^throttled:/);
  // The owner, elsewhere, still gets in.
  expect(await signInOverHttp(await client(), owner.email, owner.password)).toBe("signed-in");
});

test("the owner's browser signs in while strangers have used up the account's limit", async ({ browser }) => {
  const owner = newPerson("owner");
  await createAccount(owner);
  // The owner signed in from this browser before: it holds the device cookie.
  const home = await browserAt(browser, await client());
  await new SignInPage(home.page).signInAs(owner);
  const cookies = await home.context.cookies();
  const device = cookies.find((cookie) => cookie.name === "orgs.device");
  expect(device?.httpOnly).toBe(true);
  await home.context.clearCookies({ name: /session-token/ });

  for (let i = 0; i < ACCOUNT_LIMIT; i++) {
    expect(await signInOverHttp(await client(), owner.email, `wrong-${i}`)).toMatch(/^(credentials|throttled:)/);
  }
  // The account's own limit now holds for every browser it does not know...
  expect(await signInOverHttp(await client(), owner.email, owner.password)).toMatch(/^throttled:/);
  const elsewhere = await browserAt(browser, await client());
  const signInElsewhere = new SignInPage(elsewhere.page);
  await signInElsewhere.goto();
  await signInElsewhere.signIn(owner.email, owner.password);
  await expect(signInElsewhere.alert(/Too many failed sign-in attempts\. Try again in \d+ minutes?\./)).toBeVisible();
  await elsewhere.context.close();
  // ...a forged device cookie included...
  expect(
    await signInOverHttp(await client(), owner.email, owner.password, {
      cookie: `orgs.device=${device!.value.replace(/.$/, (c) => (c === "A" ? "B" : "A"))}`,
    }),
  ).toMatch(/^throttled:/);

  // ...but not for the owner's own browser.
  await new SignInPage(home.page).signInAs(owner);
  await home.context.close();
});

test("sign-ups are limited per client, forged headers notwithstanding", async ({ browser }) => {
  const { context, page } = await browserAt(browser, await client());
  const signUp = new SignUpPage(page);
  for (let i = 0; i < 3; i++) {
    await context.setExtraHTTPHeaders(forgedAddressHeaders());
    await signUp.signUp(newPerson("burst"));
    await expect(page).toHaveURL(/\/orgs$/);
    await context.clearCookies({ name: /session-token/ });
  }
  await context.setExtraHTTPHeaders(forgedAddressHeaders());
  const fourth = newPerson("burst");
  await signUp.signUp(fourth);
  await expect(page.getByText(/^Too many sign-up attempts\. Try again in (60|59) minutes\.$/)).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(fourth.email);
  await context.close();
});

test("'an account with this email exists' costs a failed sign-in", async ({ browser }) => {
  const owner = newPerson("owner");
  await createAccount(owner);
  // The main server: sign-ups per client are not the limit reached here.
  const { context, page } = await browserAt(browser, await client(mainPort));
  const signUp = new SignUpPage(page);
  for (let i = 0; i < 4; i++) {
    await signUp.signUp({ ...owner, name: `Prober ${i}`, password: `probe-password-${i}` });
    await expect(page.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
  }
  await signUp.signUp({ ...owner, name: "Prober 5", password: "probe-password-5" });
  await expect(page.getByText(/^Too many sign-up attempts\. Try again in 15 minutes\.$/)).toBeVisible();
  // The same client's sign-ins for that account wait as well.
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(owner.email, owner.password);
  await expect(signIn.alert(/Too many failed sign-in attempts/)).toBeVisible();
  await context.close();
});
