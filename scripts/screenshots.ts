// Regenerates the README's screenshots from the running app:
//   npm start                      (or any production server; in another terminal)
//   npm run screenshots            (SCREENSHOTS_URL=http://localhost:3000 by default)
// It writes demo data with realistic names into the database the server uses
// (DATABASE_URL, else the embedded one `npm start` serves), replacing only its
// own (the addresses @acme-rockets.example and the two demo slugs), signs in
// through the sign-in page with Playwright's Chromium, and saves, at 1280 px
// and at 390 px, the organization overview, the members page, /orgs and
// sign-up to docs/screenshots/<page>-<desktop|phone>.png (palette PNGs, small).
// Chromium: as the browser tests pick it (e2e/chromium.ts; PLAYWRIGHT_CHROMIUM_PATH overrides).
import fs from "node:fs";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { chromium, type Browser, type Page } from "@playwright/test";
import sharp from "sharp";
import { CHROMIUM_ARGS, chromiumExecutable } from "../e2e/chromium";
import { db, prisma } from "../lib/db";
import type { Role } from "../lib/authz";
import { ensureEmbeddedDatabase } from "../lib/embedded-db";
import { setOrganizationLogo } from "../lib/domain/organizations/logo";
import { hashPassword } from "../lib/domain/passwords";

const baseUrl = (process.env.SCREENSHOTS_URL ?? "http://localhost:3000").replace(/\/+$/, "");
const outDir = path.resolve(import.meta.dirname, "../docs/screenshots");
const DOMAIN = "acme-rockets.example";
const PASSWORD = "demo-password-screens";
const SLUGS = ["acme-rockets", "northwind-labs"] as const;

const PEOPLE: Array<{ name: string; local: string; role: Role; daysAgo: number }> = [
  { name: "Maya Chen", local: "maya", role: "admin", daysAgo: 120 },
  { name: "Jordan Alvarez", local: "jordan", role: "admin", daysAgo: 96 },
  { name: "Priya Natarajan", local: "priya", role: "basic_member", daysAgo: 80 },
  { name: "Samuel Okafor", local: "sam", role: "basic_member", daysAgo: 61 },
  { name: "Lena Fischer", local: "lena", role: "basic_member", daysAgo: 44 },
  { name: "Hiroshi Tanaka", local: "hiroshi", role: "basic_member", daysAgo: 30 },
  { name: "Amara Mensah", local: "amara", role: "basic_member", daysAgo: 12 },
  { name: "Diego Romero", local: "diego", role: "basic_member", daysAgo: 3 },
];
const INVITED = [
  { email: `noah.kim@${DOMAIN}`, role: "basic_member" as Role },
  { email: `zoe.laurent@${DOMAIN}`, role: "admin" as Role },
];
const email = (local: string) => `${local}@${DOMAIN}`;
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);

/** A rocket on an indigo tile, drawn here so the logo needs no asset. */
function logoSvg(): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 64 64">
  <rect width="64" height="64" rx="14" fill="#4f46e5"/>
  <path d="M32 10c7 5 11 13 11 22l-4 8H25l-4-8c0-9 4-17 11-22z" fill="#eef2ff"/>
  <circle cx="32" cy="28" r="4.5" fill="#4f46e5"/>
  <path d="M25 40l-6 6 1-9zM39 40l6 6-1-9z" fill="#c7d2fe"/>
  <path d="M28 42h8l-4 12z" fill="#f59e0b"/>
</svg>`);
}

async function seed(): Promise<void> {
  // Only the demo's own rows: its organizations (memberships, invitations and logo go with them) and its people.
  await prisma.organization.deleteMany({ where: { slug: { in: [...SLUGS] } } });
  await prisma.user.deleteMany({ where: { email: { endsWith: `@${DOMAIN}` } } });
  const passwordHash = await hashPassword(PASSWORD);
  const users: Array<{ id: string }> = [];
  for (const person of PEOPLE) {
    users.push(
      await prisma.user.create({
        data: {
          name: person.name,
          email: email(person.local),
          passwordHash,
          emailVerified: daysAgo(person.daysAgo),
          createdAt: daysAgo(person.daysAgo),
        },
        select: { id: true },
      }),
    );
  }
  const [maya] = users;
  const acme = await prisma.organization.create({
    data: {
      name: "Acme Rockets",
      slug: "acme-rockets",
      createdById: maya!.id,
      createdAt: daysAgo(120),
      memberships: {
        create: PEOPLE.map((person, i) => ({
          userId: users[i]!.id,
          role: person.role,
          createdAt: daysAgo(person.daysAgo),
        })),
      },
    },
    select: { id: true },
  });
  for (const invited of INVITED) {
    await prisma.invitation.create({
      data: {
        organizationId: acme.id,
        email: invited.email,
        role: invited.role,
        inviterId: maya!.id,
        pendingKey: `${acme.id}:${invited.email}`,
        // No link was ever sent: a random token's hash, so these invitations cannot be opened.
        tokenHash: createHash("sha256").update(randomBytes(32)).digest("hex"),
        linkDisclosed: false,
        expiresAt: daysAgo(-7),
      },
    });
  }
  await setOrganizationLogo(db, maya!.id, acme.id, await sharp(logoSvg()).png().toBuffer());
  await prisma.organization.create({
    data: {
      name: "Northwind Labs",
      slug: "northwind-labs",
      createdById: users[1]!.id,
      memberships: {
        create: [
          { userId: users[1]!.id, role: "admin" },
          { userId: maya!.id, role: "basic_member" },
          { userId: users[4]!.id, role: "basic_member" },
        ],
      },
    },
  });
}

const SIZES = {
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} as const;

async function save(page: Page, name: string): Promise<void> {
  await page.waitForLoadState("networkidle");
  // Fonts and the logo image settled; no caret or hover state in the picture.
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0);
  const raw = await page.screenshot({ animations: "disabled", caret: "hide" });
  const file = path.join(outDir, `${name}.png`);
  await sharp(raw).png({ palette: true, quality: 90, effort: 8, compressionLevel: 9 }).toFile(file);
  console.info(`  ${path.relative(process.cwd(), file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
}

async function shoot(browser: Browser, size: keyof typeof SIZES): Promise<void> {
  const signedOut = await browser.newContext({ ...SIZES[size], baseURL: baseUrl });
  const outPage = await signedOut.newPage();
  await outPage.goto("/sign-up");
  await save(outPage, `sign-up-${size}`);
  await signedOut.close();

  const context = await browser.newContext({ ...SIZES[size], baseURL: baseUrl });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email("maya"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/orgs(\/|$)/);
  for (const [name, url] of [
    ["orgs", "/orgs"],
    ["overview", "/orgs/acme-rockets"],
    ["members", "/orgs/acme-rockets/settings/members"],
  ] as const) {
    await page.goto(url);
    await save(page, `${name}-${size}`);
  }
  await context.close();
}

async function main(): Promise<void> {
  const embedded = process.env.DATABASE_URL?.trim() ? null : await ensureEmbeddedDatabase();
  try {
    const reachable = await fetch(`${baseUrl}/sign-in`).then(
      (response) => response.ok,
      () => false,
    );
    if (!reachable) {
      throw new Error(
        `No app answers at ${baseUrl}. Start one (npm run build && npm start) on the same database, or set SCREENSHOTS_URL.`,
      );
    }
    console.info(`Demo data (Acme Rockets, Northwind Labs; ${email("maya")} / ${PASSWORD})`);
    await seed();
    fs.mkdirSync(outDir, { recursive: true });
    const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
    try {
      console.info(`Screenshots of ${baseUrl}:`);
      for (const size of ["desktop", "phone"] as const) await shoot(browser, size);
    } finally {
      await browser.close();
    }
  } finally {
    await prisma.$disconnect();
    await embedded?.close();
  }
}

await main();
