// What an outside reviewer tries from a browser or a script: redirects off the
// site, pages without security headers (and a CSP that breaks the app), and
// bodies too large to be read whole.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { prisma, db } from "../lib/db";
import { createInvitations } from "../lib/domain/invitations/admin";
import { apiUrl, newSecretKey } from "./fixtures/api";
import { createAccount, createOrganization } from "./fixtures/db";
import { newPerson } from "./fixtures/users";
import { SignInPage } from "./pages/auth-pages";

test.describe.configure({ mode: "parallel" });

const baseURL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

/** Collects CSP violations as the page reports them (event) and as Chromium logs them (console). */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const logged: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) logged.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  return async () => [
    ...logged,
    ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])),
  ];
}

/** Opens a page, checks its security headers, and returns them. */
async function visit(
  page: Page,
  path: string,
  referrer: "strict-origin-when-cross-origin" | "no-referrer" = "strict-origin-when-cross-origin",
) {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  await page.waitForLoadState("load");
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, `${path}: CSP`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
  for (const directive of [
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "img-src 'self' https:",
  ]) {
    expect(csp, `${path}: ${directive}`).toContain(directive);
  }
  expect(csp, `${path}: no eval in production`).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"], path).toBe("nosniff");
  expect(headers["referrer-policy"], path).toBe(referrer);
  return headers;
}

test("every page carries a nonce-based CSP and the security headers, and none of them trips it", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const violations = await watchCsp(page);

  // Signed out.
  const first = await visit(page, "/");
  const second = await visit(page, "/");
  expect(first["content-security-policy"], "a fresh nonce per answer").not.toBe(second["content-security-policy"]);
  await visit(page, "/sign-in");
  await visit(page, "/sign-up");
  await visit(page, "/forgot-password");
  for (const path of [
    "/invitations/bad-token",
    "/verify-email/bad-token",
    "/reset-password/bad-token",
    "/confirm-email/bad-token",
  ]) {
    await visit(page, path, "no-referrer");
  }
  await visit(page, "/account-deleted");
  const missing = await page.goto("/no-such-page");
  expect(missing!.status()).toBe(404);
  expect(missing!.headers()["content-security-policy"]).toContain("'nonce-");

  // Signed in, through the form (its script must run under the CSP).
  const admin = newPerson("csp");
  await createAccount(admin);
  await prisma.user.update({ where: { email: admin.email }, data: { emailVerified: new Date() } });
  const { slug } = await createOrganization("Csp Walk", admin);
  await new SignInPage(page).signInAs(admin);
  await visit(page, "/orgs");
  await visit(page, `/orgs/${slug}`);
  await visit(page, `/orgs/${slug}/settings`);
  await visit(page, `/orgs/${slug}/settings/members`);
  await visit(page, "/account");
  const adminRow = await prisma.user.findUniqueOrThrow({ where: { email: admin.email }, select: { id: true } });
  const [invitation] = await createInvitations(db, adminRow.id, slug, { emails: newPerson("csp-invitee").email });
  await visit(page, new URL(invitation!.url!).pathname, "no-referrer");
  // Client-side navigation loads more of the app's code under the same policy.
  await page.goto(`/orgs/${slug}`);
  await page
    .getByRole("link", { name: /Members/ })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${slug}/settings/members`));

  expect(await violations()).toEqual([]);

  // The watch sees what the policy blocks: an inline handler and an image over plain http.
  await page.evaluate(() => {
    const button = document.createElement("button");
    button.setAttribute("onclick", "window.__ran = true");
    document.body.append(button);
    button.click();
    const image = document.createElement("img");
    image.src = "http://evil.example/pixel.png";
    document.body.append(image);
  });
  await expect.poll(async () => (await violations()).join("\n")).toMatch(/script-src-attr/);
  await expect.poll(async () => (await violations()).join("\n")).toMatch(/img-src blocked http:\/\/evil\.example/);
  expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
});

test("API and Auth.js answers carry nosniff and a deny-all CSP", async () => {
  for (const url of [`${apiUrl()}/v1/organizations`, `${apiUrl()}/auth/session`, `${apiUrl()}/v1/no-such-endpoint`]) {
    const response = await fetch(url);
    expect(response.headers.get("x-content-type-options"), url).toBe("nosniff");
    expect(response.headers.get("content-security-policy"), url).toBe("default-src 'none'; frame-ancestors 'none'");
  }
});

// The usual open-redirect payloads, each of which some normalizer has turned into another host.
const REDIRECT_PAYLOADS = [
  "/../..//evil.example/phish",
  "/.//evil.example",
  "/%2e//evil.example",
  "/%2e%2e/%2e%2e//evil.example",
  "//evil.example",
  "/\\evil.example",
  "/%5cevil.example",
  "/%2f%2fevil.example",
  "/\t/evil.example",
  "https://evil.example",
  "javascript:alert(document.domain)",
  "/a/b/../../..//evil.example?x=1",
];

function expectLocalPath(value: string | null | undefined, context: string) {
  expect(value, context).toMatch(/^\/(?![/\\])/);
  expect(new URL(value!, baseURL).origin, context).toBe(baseURL);
}

test("a signed-in visitor is never sent off the site by callbackUrl, on sign-in or sign-up", async ({ page }) => {
  const person = newPerson("redirect");
  await createAccount(person);
  await new SignInPage(page).signInAs(person);
  for (const payload of REDIRECT_PAYLOADS) {
    for (const route of ["/sign-in", "/sign-up"]) {
      const url = `${route}?callbackUrl=${encodeURIComponent(payload)}`;
      const response = await page.request.get(url, { maxRedirects: 0 });
      expect(response.status(), url).toBeGreaterThanOrEqual(300);
      expect(response.status(), url).toBeLessThan(400);
      expectLocalPath(response.headers()["location"], `${url} -> ${response.headers()["location"]}`);
    }
  }
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/../..//evil.example/phish")}`);
  expect(new URL(page.url()).origin).toBe(baseURL);
});

/** The hidden callbackUrl field of a form as served (HTML entities decoded). */
function hiddenCallbackUrl(html: string): string | undefined {
  const raw = html.match(/<input type="hidden" name="callbackUrl" value="([^"]*)"/)?.[1];
  const entities: Record<string, string> = { "&amp;": "&", "&quot;": '"', "&#x27;": "'", "&lt;": "<", "&gt;": ">" };
  return raw?.replace(/&(?:amp|quot|#x27|lt|gt);/g, (entity) => entities[entity]!);
}

test("a signed-out visitor's sign-in and sign-up forms carry only a local path", async ({ page }) => {
  for (const payload of REDIRECT_PAYLOADS) {
    for (const route of ["/sign-in", "/sign-up"]) {
      const response = await page.request.get(`${route}?callbackUrl=${encodeURIComponent(payload)}`);
      expect(response.status()).toBe(200);
      const value = hiddenCallbackUrl(await response.text());
      expectLocalPath(value, `${route} ${payload} -> ${value}`);
    }
  }
  // The same in the browser's form.
  await page.goto(`/sign-up?callbackUrl=${encodeURIComponent("/../..//evil.example/phish")}`);
  expectLocalPath(await page.locator('input[type="hidden"][name="callbackUrl"]').inputValue(), "sign-up form");
  // And signing in through such a link lands on the site.
  const person = newPerson("redirect-form");
  await createAccount(person);
  await new SignInPage(page).goto(`?callbackUrl=${encodeURIComponent("/.//evil.example")}`);
  await new SignInPage(page).signIn(person.email, person.password);
  await expect(page).toHaveURL(/\/orgs$/);
});

const TWO_MB = 2 * 1024 * 1024;

/** A body sent in chunks with no declared length, as a client streaming it would. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 64 * 1024));
      offset += 64 * 1024;
    },
  });
}

test("an API body over the cap is refused with 413 in Clerk's envelope before it is read, declared or chunked", async () => {
  const { key } = await newSecretKey("big-body");
  const name = `Big body ${randomUUID()}`;
  const body = JSON.stringify({ name, public_metadata: { pad: "x".repeat(TWO_MB) } });
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  for (const [label, init] of [
    ["declared length", { body }],
    ["chunked", { body: chunked(body), duplex: "half" }],
  ] as const) {
    const response = await fetch(`${apiUrl()}/v1/organizations`, { method: "POST", headers, ...init } as RequestInit);
    expect(response.status, label).toBe(413);
    expect(response.headers.get("content-type")).toBe("application/json");
    const answer = (await response.json()) as {
      errors: Array<{ code: string; long_message: string }>;
      clerk_trace_id: string;
    };
    expect(answer.errors[0]!.code, label).toBe("request_body_too_large");
    expect(answer.errors[0]!.long_message).toMatch(/larger than/);
    expect(answer.clerk_trace_id).toBeTruthy();
  }
  expect(await prisma.organization.count({ where: { name } })).toBe(0);

  // A body under the cap still works on the same kind of call.
  const small = await fetch(`${apiUrl()}/v1/organizations`, {
    method: "POST",
    headers,
    body: JSON.stringify({ name, public_metadata: { note: "x".repeat(1_000) } }),
  });
  expect(small.status).toBe(200);
  expect(await prisma.organization.count({ where: { name } })).toBe(1);
});

test("a server action over the body limit gets a clean 413 page, declared or chunked", async ({ page }) => {
  await page.goto("/sign-in");
  // The sign-in form's server action id, as the browser sends it (the form keeps its values client-side,
  // so the id is not in the page's HTML).
  const submitted = page.waitForRequest((request) => request.method() === "POST" && !!request.headers()["next-action"]);
  await page.getByLabel("Email").fill(`nobody-${randomUUID()}@example.test`);
  await page.getByLabel("Password").fill("not-the-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  const id = (await submitted).headers()["next-action"]!;
  expect(id, "the sign-in form's action id").toMatch(/^[0-9a-f]{40,}$/);
  const boundary = `----e2e${randomUUID()}`;
  const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="1_email"\r\n\r\n${"a".repeat(TWO_MB)}\r\n--${boundary}--\r\n`;
  const headers = {
    "next-action": id,
    "content-type": `multipart/form-data; boundary=${boundary}`,
    accept: "text/x-component",
  };
  for (const [label, init] of [
    ["declared length", { body: multipart }],
    ["chunked", { body: chunked(multipart), duplex: "half" }],
  ] as const) {
    // A reset connection would reject this fetch instead of answering.
    const response = await fetch(`${baseURL}/sign-in`, { method: "POST", headers, ...init } as RequestInit);
    expect(response.status, label).toBe(413);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("Too large");
  }
});
