// Verified domains in the browser, through the emails actually sent: an admin
// adds a domain and verifies it with the emailed code; a person signing up at
// the domain sees the automatic invitation and joins; in suggestion mode
// another asks to join and an admin accepts from the Requests list; a person
// at an unverified domain sees nothing; a basic member cannot manage domains.
// Then the REST API through @clerk/backend's own client. Every page state is
// checked with axe at 1280 and 390 px.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { db, prisma } from "../lib/db";
import { addDomain, updateDomain } from "../lib/domain/domains/domains";
import { INSTANCE } from "../lib/domain/access";
import { enrollVerifiedAddress } from "../lib/domain/domains/enrollment";
import { atBothWidths, expectAccessible } from "./fixtures/a11y";
import { clerkClient, expectClerkError } from "./fixtures/api";
import { addMember, createAccount, createOrganization, roleOf } from "./fixtures/db";
import { linkInEmail, waitForEmail } from "./fixtures/mail";
import { newPerson, type Person } from "./fixtures/users";
import { SignInPage, SignUpPage } from "./pages/auth-pages";
import { DomainsPage, OrganizationsPage } from "./pages/org-pages";

test.describe.configure({ mode: "parallel" });

/** A domain no other test uses. */
const newDomain = (label = "acme") => `${label.toLowerCase()}-${randomUUID().slice(0, 8)}.test`;

function personAt(domain: string, label: string): Person {
  const person = newPerson(label);
  return { ...person, email: `${label}-${randomUUID().slice(0, 6)}@${domain}` };
}

async function organizationWithVerifiedDomain(label: string, mode: "automatic_invitation" | "automatic_suggestion") {
  const admin = newPerson(`${label.toLowerCase()}-admin`);
  await createAccount(admin, { verified: true });
  const name = `${label} ${Date.now().toString(36)}`;
  const { slug } = await createOrganization(name, admin);
  const domain = newDomain(label);
  const created = await addDomain(db, INSTANCE, slug, { name: domain, verified: true }, { trustVerified: true });
  await updateDomain(db, INSTANCE, slug, created.id, { enrollmentMode: mode });
  return { admin, name, slug, domain };
}

async function verifyAddress(page: Page, person: Person) {
  const link = await linkInEmail(person.email, /Welcome/, "/verify-email");
  await page.goto(link);
  await page.getByRole("button", { name: "Verify email address" }).click();
  await expect(page.getByRole("status").filter({ hasText: "is verified" })).toBeVisible();
}

test("an admin adds a domain and verifies it with the emailed code, then picks automatic invitation", async ({
  page,
}) => {
  test.slow();
  const admin = newPerson("dom-admin");
  await createAccount(admin, { verified: true });
  const { slug } = await createOrganization(`Domains ${Date.now().toString(36)}`, admin);
  const domain = newDomain("rockets");
  await new SignInPage(page).signInAs(admin);
  await page.goto(`/orgs/${slug}`);
  await page.getByRole("link", { name: "Domains", exact: true }).click();
  const domains = new DomainsPage(page);
  await expect(page.getByRole("heading", { name: "Verified domains" })).toBeVisible();
  await atBothWidths(page, (width) => expectAccessible(page, `the empty Domains page at ${width}`));

  // Free mail and malformed names are refused, saying why.
  await domains.add("gmail.com");
  await expect(domains.addError).toContainText("free or disposable email provider");
  await domains.add("not a domain");
  await expect(domains.addError).toContainText("Enter a domain name such as acme.com");
  await atBothWidths(page, (width) => expectAccessible(page, `a refused domain at ${width}`));

  await domains.add(domain);
  const card = domains.card(domain);
  await expect(card).toContainText("Not verified");
  await card.getByLabel(`Your address at ${domain}`).fill(`it@${domain}`);
  await card.getByRole("button", { name: "Send code" }).click();
  const email = await waitForEmail(`it@${domain}`, /is your code to verify/);
  const code = email.subject.match(/\d{6}/)![0];
  await expect(card).toContainText(`We sent a code to it@${domain}`);
  await atBothWidths(page, (width) => expectAccessible(page, `a domain waiting for its code at ${width}`));

  await card.getByLabel("6-digit code").fill(code === "000000" ? "111111" : "000000");
  await card.getByRole("button", { name: "Verify" }).click();
  await expect(card).toContainText("That code is not right. 4 tries left.");
  await card.getByLabel("6-digit code").fill(code);
  await card.getByRole("button", { name: "Verify" }).click();
  await expect(card.getByText("Verified", { exact: true })).toBeVisible();
  await atBothWidths(page, (width) => expectAccessible(page, `a verified domain at ${width}`));

  await card.getByLabel("Automatic invitation").check();
  await card.getByRole("button", { name: "Save enrollment mode" }).click();
  await expect(
    page.getByText(`${domain}: People with a verified address at the domain are invited automatically.`),
  ).toBeVisible();
  expect(
    await prisma.organizationDomain.findFirstOrThrow({ where: { name: domain }, select: { enrollmentMode: true } }),
  ).toEqual({ enrollmentMode: "automatic_invitation" });

  // Deleting asks first.
  await card.getByRole("button", { name: `Delete ${domain}` }).click();
  const dialog = page.getByRole("dialog", { name: `Delete ${domain}?` });
  await expect(dialog).toBeVisible();
  await atBothWidths(page, (width) => expectAccessible(page, `the delete confirmation at ${width}`));
  await dialog.getByRole("button", { name: "Delete domain" }).click();
  await expect(page.getByText(`${domain} was deleted.`)).toBeVisible();
  await expect(card).toHaveCount(0);

  await page.goto(`/orgs/${slug}/settings/activity`);
  await expect(page.getByText(`deleted the domain ${domain}`)).toBeVisible();
  await expect(page.getByText(`verified the domain ${domain}`)).toBeVisible();
});

test("a new person signing up at the domain sees the automatic invitation and joins", async ({ page }) => {
  test.slow();
  const { name, slug, domain } = await organizationWithVerifiedDomain("Invitees", "automatic_invitation");
  const person = personAt(domain, "newcomer");
  await new SignUpPage(page).signUp(person);
  await expect(page).toHaveURL(/\/orgs$/);
  // Not verified yet: nothing, and the page says invitations show once the address is verified.
  const orgs = new OrganizationsPage(page);
  await expect(
    page.getByText(`Invitations sent to ${person.email} show here once you verify the address`),
  ).toBeVisible();
  await expect(orgs.invitations).toHaveCount(0);
  await verifyAddress(page, person);
  await orgs.goto();
  await expect(orgs.invitation(name)).toContainText(`You're invited to ${name}`);
  await expect(orgs.invitation(name)).toContainText(`verified address at ${domain}`);
  await waitForEmail(person.email, new RegExp(`You're invited to join ${name}`));
  await atBothWidths(page, (width) => expectAccessible(page, `/orgs with an automatic invitation at ${width}`));
  await orgs.accept(name);
  await expect(page).toHaveURL(new RegExp(`/orgs/${slug}$`));
  await expect(page.getByText(`You joined ${name}`)).toBeVisible();
  expect(await roleOf(slug, person.email)).toBe("org:member");
});

test("in suggestion mode a person asks to join and an admin accepts from the Requests list", async ({ browser }) => {
  test.slow();
  const { admin, name, slug, domain } = await organizationWithVerifiedDomain("Suggesters", "automatic_suggestion");
  const person = personAt(domain, "asker");
  await createAccount(person, { verified: true });
  // Made verified directly in the database: enrolled as a verification would (lib/domain/domains/enrollment.ts).
  const user = await prisma.user.findUniqueOrThrow({ where: { email: person.email }, select: { id: true } });
  await db.transaction((tx) => enrollVerifiedAddress(tx, user.id));

  // A context each (axe needs pages made from a context), so the two people have their own cookies.
  const askerContext = await browser.newContext();
  const asker = await askerContext.newPage();
  await new SignInPage(asker).signInAs(person);
  const suggestions = asker.getByRole("region", { name: "Organizations using your domain" });
  await expect(suggestions).toContainText(`${name} uses your domain`);
  await atBothWidths(asker, (width) => expectAccessible(asker, `/orgs with a suggestion at ${width}`));
  await suggestions.getByRole("button", { name: `Request to join ${name}` }).click();
  await expect(suggestions).toContainText(`Request sent: an admin of ${name} decides.`);
  await atBothWidths(asker, (width) => expectAccessible(asker, `/orgs with a request sent at ${width}`));
  await waitForEmail(admin.email, new RegExp(`asked to join ${name}`));

  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await new SignInPage(adminPage).signInAs(admin);
  await adminPage.goto(`/orgs/${slug}/settings/members`);
  const requests = adminPage.getByRole("region", { name: /^Requests/ });
  await expect(requests).toContainText("1 waiting");
  await expect(requests).toContainText(person.email);
  await atBothWidths(adminPage, (width) => expectAccessible(adminPage, `the Requests list at ${width}`));
  await requests.getByRole("button", { name: `Accept ${person.name}'s request` }).click();
  await expect(adminPage.getByText(`${person.name} joined ${name}.`)).toBeVisible();
  await expect(requests).toHaveCount(0);
  expect(await roleOf(slug, person.email)).toBe("org:member");
  await adminContext.close();
  await askerContext.close();
});

test("a person at an unverified domain sees nothing; a basic member cannot manage domains", async ({ page }) => {
  test.slow();
  const admin = newPerson("unv-admin");
  await createAccount(admin, { verified: true });
  const name = `Unverified ${Date.now().toString(36)}`;
  const { slug } = await createOrganization(name, admin);
  const domain = newDomain("unverified");
  const created = await addDomain(db, INSTANCE, slug, { name: domain, verified: false }, { trustVerified: true });
  await updateDomain(db, INSTANCE, slug, created.id, { enrollmentMode: "automatic_invitation" });
  const person = personAt(domain, "outsider");
  await createAccount(person, { verified: true });
  const member = newPerson("basic");
  await createAccount(member, { verified: true });
  await addMember(slug, member, "basic_member");

  await new SignInPage(page).signInAs(person);
  const orgs = new OrganizationsPage(page);
  await expect(orgs.invitations).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Organizations using your domain" })).toHaveCount(0);
  await expect(page.getByText(name)).toHaveCount(0);

  await page.context().clearCookies();
  await new SignInPage(page).signInAs(member);
  await page.goto(`/orgs/${slug}`);
  await expect(page.getByRole("link", { name: "Domains", exact: true })).toHaveCount(0);
  await page.goto(`/orgs/${slug}/settings/domains`);
  await expect(page.getByText("Only admins can see and manage this organization's domains.")).toBeVisible();
  await expect(page.getByLabel("Domain")).toHaveCount(0);
  await atBothWidths(page, (width) => expectAccessible(page, `the Domains page for a member at ${width}`));
});

test("REST: create, list, update, delete domains through @clerk/backend, with Clerk's JSON and errors", async () => {
  const clerk = await clerkClient();
  const owner = await clerk.users.createUser({
    emailAddress: [newPerson("api-dom").email],
    password: `pw-${randomUUID()}`,
  });
  const org = await clerk.organizations.createOrganization({ name: `API domains ${Date.now()}`, createdBy: owner.id });
  const name = newDomain("api");
  // The SDK hands domains back as Clerk's raw JSON.
  const created = (await clerk.organizations.createOrganizationDomain({
    organizationId: org.id,
    name,
    enrollmentMode: "automatic_invitation",
  })) as unknown as Record<string, unknown>;
  expect(created).toEqual({
    object: "organization_domain",
    id: expect.stringMatching(/^orgdmn_[0-9a-f]{32}$/),
    name,
    organization_id: org.id,
    enrollment_mode: "automatic_invitation",
    verification: { status: "verified", strategy: "email_code", attempts: 0, expire_at: null, expires_at: null },
    affiliation_email_address: null,
    created_at: expect.any(Number),
    updated_at: expect.any(Number),
    total_pending_invitations: 0,
    total_pending_suggestions: 0,
  });

  // A verified person at the domain made through the API is invited at once.
  await clerk.users.createUser({
    emailAddress: [`ann-${randomUUID().slice(0, 6)}@${name}`],
    password: `pw-${randomUUID()}`,
  });
  const list = await clerk.organizations.getOrganizationDomainList({ organizationId: org.id });
  expect(list.totalCount).toBe(1);
  expect(list.data[0]).toMatchObject({ id: created.id, total_pending_invitations: 1 });

  const updated = (await clerk.organizations.updateOrganizationDomain({
    organizationId: org.id,
    domainId: String(created.id),
    enrollmentMode: "automatic_suggestion",
  })) as unknown as Record<string, unknown>;
  expect(updated).toMatchObject({
    enrollment_mode: "automatic_suggestion",
    total_pending_invitations: 0,
    total_pending_suggestions: 1,
  });

  const unverified = (await clerk.organizations.createOrganizationDomain({
    organizationId: org.id,
    name: newDomain("api-unverified"),
    enrollmentMode: "manual_invitation",
    verified: false,
  })) as unknown as Record<string, unknown>;
  expect(unverified).toMatchObject({ verification: null, enrollment_mode: "manual_invitation" });

  // Clerk's errors.
  await expectClerkError(
    clerk.organizations.createOrganizationDomain({
      organizationId: org.id,
      name: "gmail.com",
      enrollmentMode: "manual_invitation",
    }),
    422,
    "organization_domain_common",
    "name",
  );
  const other = await clerk.organizations.createOrganization({ name: `API other ${Date.now()}`, createdBy: owner.id });
  await expectClerkError(
    clerk.organizations.createOrganizationDomain({
      organizationId: other.id,
      name,
      enrollmentMode: "manual_invitation",
    }),
    422,
    "organization_domain_already_exists",
    "name",
  );
  await expectClerkError(
    clerk.organizations.createOrganizationDomain({
      organizationId: org.id,
      name: "not a domain",
      enrollmentMode: "manual_invitation",
    }),
    422,
    "form_param_format_invalid",
    "name",
  );
  await expectClerkError(
    clerk.organizations.createOrganizationDomain({
      organizationId: org.id,
      name: newDomain(),
      enrollmentMode: "everyone" as "manual_invitation",
    }),
    422,
    "form_param_value_invalid",
    "enrollment_mode",
  );
  await expectClerkError(
    clerk.organizations.deleteOrganizationDomain({
      organizationId: org.id,
      domainId: "orgdmn_00000000000000000000000000000000",
    }),
    404,
    "resource_not_found",
  );

  const deleted = await clerk.organizations.deleteOrganizationDomain({
    organizationId: org.id,
    domainId: String(created.id),
  });
  expect(deleted).toMatchObject({ object: "organization_domain", id: created.id, deleted: true });
  const after = await clerk.organizations.getOrganizationDomainList({ organizationId: org.id });
  expect(after.data.map((domain) => (domain as unknown as { id: string }).id)).toEqual([unverified.id]);
  const types = await prisma.event.findMany({ where: { organizationId: org.id }, select: { type: true } });
  expect(types.map((t) => t.type)).toEqual(
    expect.arrayContaining(["organizationDomain.created", "organizationDomain.updated", "organizationDomain.deleted"]),
  );
});
