// Organization logos (issue #14, point 12): uploaded from the settings page and
// through @clerk/backend's updateOrganizationLogo, re-encoded and stored in the
// database, served at a hashed URL with long caching, removed again.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { prisma } from "../lib/db";
import { apiUrl, clerkClient, expectClerkError, expectResource, newSecretKey } from "./fixtures/api";
import { atBothWidths, expectAccessible } from "./fixtures/a11y";
import { addMember, createAccount, createOrganization } from "./fixtures/db";
import { newPerson } from "./fixtures/users";
import { SignInPage } from "./pages/auth-pages";
import { GeneralSettingsPage } from "./pages/org-pages";

test.describe.configure({ mode: "parallel" });

const baseURL = () => `http://localhost:${process.env.E2E_PORT ?? 3100}`;

/** A real PNG, made here: a square of colour with a darker band. */
async function makePng(width: number, height: number): Promise<Buffer> {
  const band = await sharp({
    create: { width, height: Math.max(1, Math.floor(height / 3)), channels: 4, background: "#1e3a8a" },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 4, background: "#6366f1" } })
    .composite([{ input: band, top: 0, left: 0 }])
    .png()
    .toBuffer();
}

async function organizationId(slug: string): Promise<string> {
  const { id } = await prisma.organization.findUniqueOrThrow({ where: { slug }, select: { id: true } });
  return id;
}

async function storedLogoCount(id: string): Promise<number> {
  return prisma.organizationLogo.count({ where: { organizationId: id } });
}

/** The served logo: an immutable, year-long cacheable WebP, revalidated by its ETag. */
async function expectServedLogo(url: string): Promise<void> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("image/webp");
  expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  const etag = response.headers.get("etag");
  expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
  const image = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
  expect(image.format).toBe("webp");
  expect(Math.max(image.width ?? 0, image.height ?? 0)).toBeLessThanOrEqual(256);
  const again = await fetch(url, { headers: { "if-none-match": etag! } });
  expect(again.status).toBe(304);
}

/** A new organization's admin, signed in on its settings page (where the logo is changed). */
async function adminOnSettings(page: Page, label: string) {
  const admin = newPerson(label);
  await createAccount(admin, { verified: true });
  const name = `Logo ${label} ${Date.now()}`;
  const { slug } = await createOrganization(name, admin);
  await new SignInPage(page).signInAs(admin);
  const settings = new GeneralSettingsPage(page);
  await settings.goto(slug);
  return { admin, name, slug, id: await organizationId(slug), settings };
}

test("an admin uploads a logo on the settings page, sees it, has a text file refused, and removes it", async ({
  page,
}) => {
  // Five page states, each checked by axe at two widths: a budget for a loaded machine, not a timing.
  test.setTimeout(120_000);
  const { name, id, settings } = await adminOnSettings(page, "logoadmin");
  await expect(page.getByRole("button", { name: "Upload logo" })).toBeVisible();
  await atBothWidths(page, () => expectAccessible(page, "settings, no logo"));

  await settings.chooseLogo({ name: "acme.png", mimeType: "image/png", buffer: await makePng(600, 400) });
  await expect(settings.logo(name)).toBeVisible();
  await expect(page.getByRole("button", { name: "Replace logo" })).toBeVisible();
  const src = await settings.logo(name).getAttribute("src");
  expect(src).toMatch(new RegExp(`^/logos/${id}/[0-9a-f]{32}\\.webp$`));
  // The organization's header and the switcher in the site header show it too.
  await expect(page.locator(`img[src="${src}"]`)).toHaveCount(3);
  await expectServedLogo(`${baseURL()}${src}`);
  await atBothWidths(page, () => expectAccessible(page, "settings, with a logo"));

  // A text file named like an image is refused by its bytes, with a message; the logo stays.
  await settings.chooseLogo({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("just some notes\n") });
  await expect(page.getByRole("alert").filter({ hasText: "That file is not an image" })).toContainText(
    "Upload a PNG, JPEG, WebP or GIF file.",
  );
  await expect(settings.logo(name)).toHaveAttribute("src", src!);
  await atBothWidths(page, () => expectAccessible(page, "settings, upload refused"));

  await page.getByRole("button", { name: "Remove logo" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove the logo?" });
  await expect(dialog).toBeVisible();
  await atBothWidths(page, () => expectAccessible(page, "settings, remove dialog"));
  await dialog.getByRole("button", { name: "Remove logo" }).click();
  await expect(page.getByRole("button", { name: "Upload logo" })).toBeVisible();
  await expect(settings.logo(name)).toHaveCount(0);
  await expect(page.locator('img[src^="/logos/"]')).toHaveCount(0);
  expect(await storedLogoCount(id)).toBe(0);
  expect((await fetch(`${baseURL()}${src}`)).status).toBe(404);
  await atBothWidths(page, () => expectAccessible(page, "settings, logo removed"));
});

test("a basic member sees the logo but no upload control, and the server refuses their upload", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const { name, slug, id, settings } = await adminOnSettings(page, "logoowner");
  await settings.chooseLogo({ name: "logo.png", mimeType: "image/png", buffer: await makePng(120, 120) });
  await expect(settings.logo(name)).toBeVisible();
  const { logoUrl } = await prisma.organization.findUniqueOrThrow({ where: { id }, select: { logoUrl: true } });

  // Over 10 MB: the page says so without sending it; sent anyway, the server refuses it.
  const tooLarge = Buffer.alloc(11 * 1024 * 1024);
  await settings.chooseLogo({ name: "huge.png", mimeType: "image/png", buffer: tooLarge });
  await expect(page.getByRole("alert").filter({ hasText: "too large" })).toHaveText(
    "That file is too large: a logo can be at most 10 MB.",
  );
  const sent = await page.request.post(`/api/orgs/${id}/logo`, {
    headers: { origin: baseURL() },
    multipart: { file: { name: "huge.png", mimeType: "image/png", buffer: tooLarge } },
  });
  expect(sent.status()).toBe(413);
  expect(await sent.json()).toEqual({ ok: false, error: "That file is too large: a logo can be at most 10 MB." });
  await expect(settings.logo(name)).toHaveAttribute("src", logoUrl!);

  const member = newPerson("logomember");
  await createAccount(member, { verified: true });
  await addMember(slug, member, "basic_member");
  const context = await browser.newContext();
  const memberPage = await context.newPage();
  await new SignInPage(memberPage).signInAs(member);
  const memberSettings = new GeneralSettingsPage(memberPage);
  await memberSettings.goto(slug);
  await expect(memberPage.getByText("Only admins can change these settings.")).toBeVisible();
  await expect(memberSettings.logo(name)).toBeVisible();
  await expect(memberPage.getByRole("button", { name: /^(upload|replace|remove) logo$/i })).toHaveCount(0);
  await atBothWidths(memberPage, () => expectAccessible(memberPage, "settings as a member"));

  // The control is hidden, but the server is the check: the member's own session posting an image.
  const upload = (headers: Record<string, string>) =>
    memberPage.request.post(`/api/orgs/${id}/logo`, {
      headers,
      multipart: { file: { name: "x.png", mimeType: "image/png", buffer: Buffer.from(randomBytes(8)) } },
    });
  const refused = await upload({ origin: baseURL() });
  expect(refused.status()).toBe(400);
  expect(await refused.json()).toMatchObject({ ok: false, error: "Only admins of this organization can do that." });
  // Without this site's Origin (a form on another site riding the cookie), refused before anything.
  expect((await upload({})).status()).toBe(403);
  expect((await prisma.organization.findUniqueOrThrow({ where: { id }, select: { logoUrl: true } })).logoUrl).toBe(
    logoUrl,
  );
  await context.close();
});

test("REST API: updateOrganizationLogo and deleteOrganizationLogo through @clerk/backend", async () => {
  const clerk = await clerkClient();
  const org = await clerk.organizations.createOrganization({ name: `Logo API ${Date.now()}` });
  expect(org.hasImage).toBe(false);

  const updated = await clerk.organizations.updateOrganizationLogo(org.id, {
    file: new Blob([new Uint8Array(await makePng(512, 512))], { type: "image/png" }),
  });
  expectResource(updated, "Organization");
  expect(updated.hasImage).toBe(true);
  expect(updated.imageUrl).toMatch(new RegExp(`^${baseURL()}/logos/${org.id}/[0-9a-f]{32}\\.webp$`));
  await expectServedLogo(updated.imageUrl);
  const read = await clerk.organizations.getOrganization({ organizationId: org.id });
  expect({ hasImage: read.hasImage, imageUrl: read.imageUrl }).toEqual({ hasImage: true, imageUrl: updated.imageUrl });

  // What is not an image is refused by its bytes, whatever type it claims, in Clerk's envelope.
  await expectClerkError(
    clerk.organizations.updateOrganizationLogo(org.id, {
      file: new Blob(["<html>not an image</html>"], { type: "image/png" }),
    }),
    422,
    "form_param_format_invalid",
    "file",
  );
  // Over 10 MB: a file just over is refused with its reason; a body well over, at the door.
  const justOver = await expectClerkError(
    clerk.organizations.updateOrganizationLogo(org.id, {
      file: new Blob([new Uint8Array(10 * 1024 * 1024 + 1)], { type: "image/png" }),
    }),
    422,
    "form_param_format_invalid",
    "file",
  );
  expect(justOver.errors?.[0]?.longMessage).toBe("That file is too large: a logo can be at most 10 MB.");
  await expectClerkError(
    clerk.organizations.updateOrganizationLogo(org.id, {
      file: new Blob([new Uint8Array(11 * 1024 * 1024)], { type: "image/png" }),
    }),
    413,
    "request_body_too_large",
  );
  // Only the logo takes that much: the organization's other endpoints keep their 1 MB cap.
  const { key } = await newSecretKey("logo-cap");
  const bigPatch = await fetch(`${apiUrl()}/v1/organizations/${org.id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }),
  });
  expect(bigPatch.status).toBe(413);
  // A near-10 MB image (noise does not compress) goes through.
  const side = 1800;
  const noisy = await sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
  expect(noisy.byteLength).toBeGreaterThan(9 * 1024 * 1024);
  expect(noisy.byteLength).toBeLessThanOrEqual(10 * 1024 * 1024);
  const large = await clerk.organizations.updateOrganizationLogo(org.id, {
    file: new Blob([new Uint8Array(noisy)], { type: "image/png" }),
  });
  expect(large.imageUrl).not.toBe(updated.imageUrl);
  expect((await fetch(updated.imageUrl)).status).toBe(404);

  const removed = await clerk.organizations.deleteOrganizationLogo(org.id);
  expectResource(removed, "Organization");
  expect({ hasImage: removed.hasImage, imageUrl: removed.imageUrl }).toEqual({ hasImage: false, imageUrl: "" });
  expect((await fetch(large.imageUrl)).status).toBe(404);
  await expectClerkError(
    clerk.organizations.deleteOrganizationLogo("org_00000000000000000000000000000000"),
    404,
    "resource_not_found",
  );
});
