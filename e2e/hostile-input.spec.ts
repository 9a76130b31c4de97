// Hostile input at every REST API endpoint, over real HTTP against the
// production build: generated strings (NUL, controls, bidi overrides, lone
// surrogates, huge, SQL- and HTML-ish), numbers and dates out of range, wrong
// JSON types, in query parameters, path parameters and JSON bodies. Whatever
// is sent, the answer is never a 5xx; a refusal comes in Clerk's envelope
// with a message for people and leaves the database as it was; and what is
// accepted never stores a name with a control character in it.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { expect, test } from "@playwright/test";
import { prisma, db } from "../lib/db";
import { createInvitationItems } from "../lib/domain/invitations/admin";
import { createUserAsInstance } from "../lib/domain/instance-users";
import { addMember } from "../lib/domain/memberships/memberships";
import { createOrganizationAsInstance } from "../lib/domain/organizations/organizations";
import { INSTANCE } from "../lib/domain/access";
import { isSingleLineText } from "../lib/validation/text";
import { hostileJson, hostileParam, hostileText, jsonText } from "../tests/support/hostile";
import { apiUrl, newSecretKey } from "./fixtures/api";
import { createAccount } from "./fixtures/db";
import { newPerson } from "./fixtures/users";
import { AccountPage } from "./pages/account-pages";
import { SignInPage } from "./pages/auth-pages";
import { OrganizationsPage } from "./pages/org-pages";

// Each test makes its own organization and people (a tag in every address and slug), so tests
// run in parallel with everything else and "unchanged" is checked on what the test owns.
async function makeWorld() {
  const tag = randomUUID().replace(/-/g, "").slice(0, 10);
  const { key } = await newSecretKey("hostile");
  const person = (label: string) =>
    createUserAsInstance(db, {
      emailAddress: [`hostile-${label}-${tag}@example.test`],
      firstName: "Hostile",
      lastName: label,
      skipPasswordRequirement: true,
    });
  const [admin, member, outsider] = [await person("admin"), await person("member"), await person("outsider")];
  const org = await createOrganizationAsInstance(db, {
    name: `Hostile ${tag}`,
    slug: `hostile-${tag}`,
    createdBy: admin.id,
  });
  await addMember(db, INSTANCE, org.id, member.id, "basic_member");
  const [invitation] = await createInvitationItems(db, INSTANCE, org.id, [
    { email: `hostile-invitee-${tag}@example.test`, role: "basic_member" },
  ]);
  return { tag, key, admin, member, outsider, org, invitation: invitation! };
}
type World = Awaited<ReturnType<typeof makeWorld>>;

/** Every row the test owns: its organization(s), people, memberships, invitations and emails. */
async function snapshot(world: World) {
  const [organizations, users, memberships, invitations, emails] = await Promise.all([
    prisma.organization.findMany({
      where: { OR: [{ name: { contains: world.tag } }, { slug: { contains: world.tag } }] },
      orderBy: { id: "asc" },
    }),
    prisma.user.findMany({
      where: { OR: [{ email: { contains: world.tag } }, { externalId: { contains: world.tag } }] },
      orderBy: { id: "asc" },
    }),
    prisma.membership.findMany({ where: { organizationId: world.org.id }, orderBy: { id: "asc" } }),
    prisma.invitation.findMany({ where: { organizationId: world.org.id }, orderBy: { id: "asc" } }),
    prisma.outboxEmail.count({ where: { to: { contains: world.tag } } }),
  ]);
  return { organizations, users, memberships, invitations, emails };
}

type Call = { method: string; path: string; query?: Array<[string, string]>; body?: string };

/** A call with a JSON body. */
function jsonCall(method: string, path: string, body: unknown): Call {
  return { method, path, body: JSON.stringify(body) };
}

function describeCall(call: Call): string {
  return JSON.stringify({
    ...call,
    body: call.body && call.body.length > 300 ? `${call.body.slice(0, 300)}… (${call.body.length} chars)` : call.body,
  });
}

async function send(world: World, call: Call): Promise<{ status: number; json: unknown; contentType: string | null }> {
  const search = call.query ? `?${new URLSearchParams(call.query).toString()}` : "";
  const response = await fetch(`${apiUrl()}${call.path}${search}`, {
    method: call.method,
    headers: {
      authorization: `Bearer ${world.key}`,
      ...(call.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: call.body,
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json, contentType: response.headers.get("content-type") };
}

const NAME_FIELDS = new Set([
  "name",
  "first_name",
  "last_name",
  "slug",
  "external_id",
  "email_address",
  "redirect_url",
  "image_url",
]);

/** Names and other single-line fields anywhere in an answer (metadata excepted: it is the application's). */
function singleLineFieldsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => singleLineFieldsOf(item, out));
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key.endsWith("metadata")) continue;
      if (NAME_FIELDS.has(key) && typeof item === "string") out.push(item);
      else singleLineFieldsOf(item, out);
    }
  }
  return out;
}

/** One request: no 5xx; a refusal in Clerk's envelope with nothing changed; what was accepted holds no control character. */
async function expectHandled(world: World, call: Call): Promise<void> {
  const before = await snapshot(world);
  const { status, json, contentType } = await send(world, call);
  const what = describeCall(call);
  expect(status, `${what} answered ${status}: ${JSON.stringify(json)?.slice(0, 500)}`).toBeLessThan(500);
  const after = await snapshot(world);
  if (status >= 400) {
    // Node's HTTP parser refuses an oversized request line (431) before the app sees it: no envelope then.
    if (!(status === 431 && !contentType?.startsWith("application/json"))) {
      expect(contentType, what).toBe("application/json");
      const error = (json as { errors?: Array<{ code?: string; long_message?: string }> }).errors?.[0];
      expect(error?.code, what).toBeTruthy();
      expect(error?.long_message, what).toBeTruthy();
    }
    expect(after, `${what} was refused (${status}) but changed the database`).toEqual(before);
  } else if (call.method !== "GET") {
    // What a write stored and answered (a list may show rows stored before names were checked).
    for (const text of singleLineFieldsOf(json))
      expect(isSingleLineText(text), `${what} accepted ${JSON.stringify(text)}`).toBe(true);
  }
  for (const organization of after.organizations)
    expect(isSingleLineText(organization.name), `${what} stored ${JSON.stringify(organization.name)}`).toBe(true);
  for (const user of after.users)
    expect(
      [user.name, user.firstName ?? "", user.lastName ?? ""].every(isSingleLineText),
      `${what} stored ${JSON.stringify(user.name)}`,
    ).toBe(true);
}

const RUNS = 50;

async function holds<T>(
  world: World,
  arbitrary: fc.Arbitrary<T>,
  toCall: (input: T) => Call,
  numRuns = RUNS,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, (input) => expectHandled(world, toCall(input))),
    { numRuns },
  );
}

/** Percent-encodes every UTF-8 byte; a lone surrogate goes out as the 3 bytes it would be (invalid UTF-8), as a raw client can send. */
function encodeSegment(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.charCodeAt(0);
    out +=
      char.length === 1 && code >= 0xd800 && code <= 0xdfff
        ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
            .map((byte) => `%${byte.toString(16).toUpperCase()}`)
            .join("")
        : encodeURIComponent(char);
  }
  return out;
}

/** A path segment: hostile text percent-encoded, or raw malformed escapes. */
const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileParam.map(encodeSegment) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("%", "%00", "%0A", "%E0%A4%A", "%ZZ", "%2F", "%C0%AF", "%ED%A0%80", "%FF", "%u202E"),
  },
);

const USER_FILTERS = [
  "email_address",
  "user_id",
  "external_id",
  "organization_id",
  "query",
  "email_address_query",
  "name_query",
  "created_at_before",
  "created_at_after",
  "phone_number",
  "username",
  "web3_wallet",
  "phone_number_query",
  "username_query",
];
const PAGE = ["limit", "offset", "order_by"];

/** Query parameters: each named one with a hostile value, sometimes twice or in its `name[]` form. */
function hostileQuery(names: string[]): fc.Arbitrary<Array<[string, string]>> {
  return fc
    .array(
      fc.record({
        name: fc.constantFrom(...names),
        value: hostileParam,
        form: fc.constantFrom("plain", "plain", "twice", "brackets"),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((entries) =>
      entries.flatMap(({ name, value, form }): Array<[string, string]> =>
        form === "twice"
          ? [
              [name, value],
              [name, value],
            ]
          : [[form === "brackets" ? `${name}[]` : name, value]],
      ),
    );
}

/** A JSON object body: a valid base with some fields replaced by hostile values; sometimes not an object, or not JSON. */
function hostileBody(base: Record<string, unknown>, fields: string[], keep: string[] = []): fc.Arbitrary<string> {
  const fuzzable = fields.filter((field) => !keep.includes(field));
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        // One or two fields at a time, so a hostile value is not hidden behind another field's refusal.
        .tuple(
          fc.subarray(fuzzable, { minLength: 1, maxLength: Math.min(2, fuzzable.length) }),
          fc.array(hostileJson, { minLength: fuzzable.length, maxLength: fuzzable.length }),
        )
        .map(([chosen, values]) =>
          jsonText({ ...base, ...Object.fromEntries(chosen.map((field, i) => [field, values[i]])) }),
        ),
    },
    { weight: 1, arbitrary: hostileJson.map(jsonText) },
    { weight: 1, arbitrary: hostileText },
  );
}

test.describe("hostile input answers 4xx, never 5xx, and changes nothing when refused", () => {
  test.describe.configure({ timeout: 240_000 });

  test("the review's payloads get precise refusals", async () => {
    const world = await makeWorld();
    const expectRefusal = async (call: Call, status: number, code: string, param?: string) => {
      const before = await snapshot(world);
      const { status: got, json } = await send(world, call);
      const error = (json as { errors?: Array<{ code: string; meta?: { param_name?: string } }> }).errors?.[0];
      expect({ status: got, code: error?.code, param: error?.meta?.param_name }, describeCall(call)).toEqual({
        status,
        code,
        param,
      });
      expect(await snapshot(world)).toEqual(before);
    };
    const org = `/v1/organizations/${world.org.id}`;
    const newUser = (label: string, name: Record<string, string>) =>
      jsonCall("POST", "/v1/users", {
        email_address: [`${label}-${world.tag}@example.test`],
        ...name,
        skip_password_requirement: true,
      });
    // A line break, NUL, bidi override or lone surrogate in a name, filter, link or metadata: refused, naming it.
    const malformed: Array<[string, Call]> = [
      [
        "name",
        jsonCall("POST", "/v1/organizations", { name: "Ali\r\nBcc: victim@example.test", slug: `x-${world.tag}` }),
      ],
      ["name", jsonCall("POST", "/v1/organizations", { name: "Nul\u0000", slug: `y-${world.tag}` })],
      ["name", jsonCall("PATCH", org, { name: "Pay \u202Egpj.exe" })],
      ["first_name", newUser("bidi", { first_name: "Ali\u2066ce" })],
      ["last_name", newUser("nul", { last_name: "\u0000" })],
      ["query", { method: "GET", path: "/v1/organizations", query: [["query", "a\u0000b"]] }],
      ["email_address", { method: "GET", path: "/v1/users", query: [["email_address", "\u0000@example.test"]] }],
      ["public_metadata", jsonCall("PATCH", `${org}/metadata`, { public_metadata: { note: "a\u0000b" } })],
      ["private_metadata", { method: "PATCH", path: `${org}/metadata`, body: '{"private_metadata": {"\\ud800": 1}}' }],
      [
        "redirect_url",
        jsonCall("POST", `${org}/invitations`, {
          email_address: `r-${world.tag}@example.test`,
          role: "org:member",
          redirect_url: "https://app.example/\u0000",
        }),
      ],
      ["created_by", jsonCall("POST", "/v1/organizations", { name: `Made ${world.tag}`, created_by: "user_\u0000" })],
    ];
    for (const [param, call] of malformed) await expectRefusal(call, 422, "form_param_format_invalid", param);
    // A timestamp past what a date holds.
    const outOfRange: Array<[string, string]> = [
      ["created_at_before", "/v1/users"],
      ["created_at_after", `${org}/memberships`],
    ];
    for (const [param, path] of outOfRange) {
      const call: Call = { method: "GET", path, query: [[param, "99999999999999999999"]] };
      await expectRefusal(call, 422, "form_param_value_invalid", param);
    }
    // An id with a NUL names nothing.
    for (const call of [
      { method: "GET", path: "/v1/organizations/%00" },
      { method: "DELETE", path: `${org}/memberships/user_%00` },
      jsonCall("POST", `${org}/memberships`, { user_id: "user_\u0000", role: "org:member" }),
    ])
      await expectRefusal(call, 404, "resource_not_found");
    // Metadata may hold any other text, line breaks and bidi characters included: it is the application's.
    const kept = await send(
      world,
      jsonCall("PATCH", `${org}/metadata`, { public_metadata: { note: "two\r\nlines \u202E" } }),
    );
    expect(kept.status).toBe(200);
    expect((kept.json as { public_metadata: unknown }).public_metadata).toEqual({ note: "two\r\nlines \u202E" });
  });

  test("list endpoints: hostile query parameters", async () => {
    const world = await makeWorld();
    const org = world.org.id;
    await holds(world, hostileQuery([...PAGE, ...USER_FILTERS]), (query) => ({
      method: "GET",
      path: "/v1/users",
      query,
    }));
    await holds(world, hostileQuery(USER_FILTERS), (query) => ({ method: "GET", path: "/v1/users/count", query }));
    await holds(world, hostileQuery([...PAGE, "query", "organization_id", "include_members_count"]), (query) => ({
      method: "GET",
      path: "/v1/organizations",
      query,
    }));
    await holds(
      world,
      hostileQuery(["include_members_count"]),
      (query) => ({ method: "GET", path: `/v1/organizations/${org}`, query }),
      20,
    );
    await holds(
      world,
      hostileQuery([
        ...PAGE,
        ...USER_FILTERS.filter((name) => name !== "external_id" && name !== "organization_id"),
        "role",
      ]),
      (query) => ({
        method: "GET",
        path: `/v1/organizations/${org}/memberships`,
        query,
      }),
    );
    await holds(world, hostileQuery(["limit", "offset", "status"]), (query) => ({
      method: "GET",
      path: `/v1/organizations/${org}/invitations`,
      query,
    }));
  });

  test("path parameters: hostile ids and slugs on every route and method", async () => {
    const world = await makeWorld();
    const org = world.org.id;
    const member = world.member.id;
    const invitation = world.invitation.id;
    const routes: Array<(segment: string) => Call[]> = [
      (s) => [
        { method: "GET", path: `/v1/users/${s}` },
        { method: "DELETE", path: `/v1/users/${s}` },
      ],
      (s) => [
        { method: "GET", path: `/v1/organizations/${s}` },
        jsonCall("PATCH", `/v1/organizations/${s}`, { name: "Renamed" }),
        { method: "DELETE", path: `/v1/organizations/${s}` },
      ],
      (s) => [
        jsonCall("PATCH", `/v1/organizations/${s}/metadata`, { public_metadata: { a: 1 } }),
        jsonCall("PUT", `/v1/organizations/${s}/metadata`, { public_metadata: { a: 1 } }),
      ],
      (s) => [
        { method: "GET", path: `/v1/organizations/${s}/memberships` },
        jsonCall("POST", `/v1/organizations/${s}/memberships`, { user_id: world.outsider.id, role: "org:member" }),
        jsonCall("PATCH", `/v1/organizations/${s}/memberships/${member}`, { role: "org:admin" }),
        { method: "DELETE", path: `/v1/organizations/${s}/memberships/${member}` },
        jsonCall("PATCH", `/v1/organizations/${s}/memberships/${member}/metadata`, { public_metadata: { a: 1 } }),
      ],
      (s) => [
        jsonCall("PATCH", `/v1/organizations/${org}/memberships/${s}`, { role: "org:admin" }),
        { method: "DELETE", path: `/v1/organizations/${org}/memberships/${s}` },
        jsonCall("PATCH", `/v1/organizations/${org}/memberships/${s}/metadata`, { public_metadata: { a: 1 } }),
      ],
      (s) => [
        { method: "GET", path: `/v1/organizations/${s}/invitations` },
        jsonCall("POST", `/v1/organizations/${s}/invitations`, {
          email_address: `p-${world.tag}@example.test`,
          role: "org:member",
        }),
        jsonCall("POST", `/v1/organizations/${s}/invitations/bulk`, [
          { email_address: `b-${world.tag}@example.test`, role: "org:member" },
        ]),
        { method: "GET", path: `/v1/organizations/${s}/invitations/${invitation}` },
        { method: "POST", path: `/v1/organizations/${s}/invitations/${invitation}/revoke`, body: "{}" },
      ],
      (s) => [
        { method: "GET", path: `/v1/organizations/${org}/invitations/${s}` },
        { method: "POST", path: `/v1/organizations/${org}/invitations/${s}/revoke`, body: "{}" },
        { method: "GET", path: `/v1/${s}` },
        { method: "POST", path: `/v1/organizations/${org}/${s}`, body: "{}" },
      ],
    ];
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(hostileSegment, async (segment) => {
          for (const call of route(segment)) await expectHandled(world, call);
        }),
        { numRuns: 20 },
      );
    }
  });

  test("bodies: users and organizations", async () => {
    const world = await makeWorld();
    let n = 0;
    const next = () => `${world.tag}-${++n}`;
    await holds(
      world,
      fc.constantFrom("email_address", "external_id").chain((marker) =>
        fc.tuple(
          fc.constant(marker),
          hostileBody(
            {
              email_address: ["placeholder"],
              first_name: "Ada",
              last_name: "Lovelace",
              skip_password_requirement: true,
              external_id: "placeholder",
            },
            [
              "email_address",
              "first_name",
              "last_name",
              "password",
              "skip_password_requirement",
              "external_id",
              "public_metadata",
              "private_metadata",
              "unsafe_metadata",
            ],
            [marker],
          ),
        ),
      ),
      ([, body]) => {
        const id = next();
        // The marker fields carry the test's tag, so a user made by mistake is seen.
        return {
          method: "POST",
          path: "/v1/users",
          body: body
            .replace('["placeholder"]', JSON.stringify([`u-${id}@example.test`]))
            .replace('"placeholder"', JSON.stringify(`ext-${id}`)),
        };
      },
    );
    await holds(
      world,
      fc
        .constantFrom("name", "slug")
        .chain((marker) =>
          hostileBody(
            { name: "NAME-PLACEHOLDER", slug: "SLUG-PLACEHOLDER", created_by: world.admin.id },
            ["name", "slug", "created_by", "max_allowed_memberships", "public_metadata", "private_metadata"],
            [marker],
          ),
        ),
      (body) => {
        const id = next();
        return {
          method: "POST",
          path: "/v1/organizations",
          body: body.replace("NAME-PLACEHOLDER", `Org ${id}`).replace("SLUG-PLACEHOLDER", `org-${id}`),
        };
      },
    );
    await holds(
      world,
      hostileBody({}, ["name", "slug", "max_allowed_memberships", "admin_delete_enabled"]),
      (body) => ({ method: "PATCH", path: `/v1/organizations/${world.org.id}`, body }),
    );
    for (const method of ["PATCH", "PUT"]) {
      await holds(
        world,
        hostileBody({}, ["public_metadata", "private_metadata"]),
        (body) => ({ method, path: `/v1/organizations/${world.org.id}/metadata`, body }),
        40,
      );
    }
  });

  test("bodies: memberships and invitations", async () => {
    const world = await makeWorld();
    const base = `/v1/organizations/${world.org.id}`;
    let n = 0;
    await holds(
      world,
      hostileBody({ user_id: world.outsider.id, role: "org:member" }, ["user_id", "role"]),
      (body) => ({ method: "POST", path: `${base}/memberships`, body }),
    );
    await holds(
      world,
      hostileBody({ role: "org:member" }, ["role"]),
      (body) => ({ method: "PATCH", path: `${base}/memberships/${world.member.id}`, body }),
      40,
    );
    await holds(
      world,
      hostileBody({}, ["public_metadata", "private_metadata"]),
      (body) => ({ method: "PATCH", path: `${base}/memberships/${world.member.id}/metadata`, body }),
      40,
    );
    const invitationFields = [
      "email_address",
      "role",
      "expires_in_days",
      "public_metadata",
      "private_metadata",
      "redirect_url",
      "inviter_user_id",
    ];
    await holds(world, hostileBody({ email_address: "EMAIL", role: "org:member" }, invitationFields), (body) => ({
      method: "POST",
      path: `${base}/invitations`,
      body: body.replace('"EMAIL"', JSON.stringify(`i-${world.tag}-${++n}@example.test`)),
    }));
    await holds(
      world,
      fc.array(hostileBody({ email_address: "EMAIL", role: "org:member" }, invitationFields), {
        minLength: 1,
        maxLength: 3,
      }),
      (bodies) => ({
        method: "POST",
        path: `${base}/invitations/bulk`,
        body: `[${bodies.map((body) => body.replace('"EMAIL"', JSON.stringify(`i-${world.tag}-${++n}@example.test`))).join(",")}]`,
      }),
    );
    await holds(
      world,
      hostileBody({}, ["requesting_user_id"]),
      (body) => ({ method: "POST", path: `${base}/invitations/${world.invitation.id}/revoke`, body }),
      40,
    );
  });
});

test("the forms refuse control characters in names with a field error, and store nothing", async ({ page }) => {
  const person = newPerson("hostileform");
  const { id } = await createAccount(person);
  await new SignInPage(page).signInAs(person);
  // Under the field (a toast says it too, outside main).
  const fieldError = (name: string) =>
    page
      .getByRole("main")
      .getByText(`Remove line breaks, control characters and text-direction overrides from ${name}.`);

  // A right-to-left override makes "Invoice \u202Egpj.exe" read as "Invoice exe.jpg".
  const orgs = new OrganizationsPage(page);
  await orgs.goto();
  await orgs.create("Invoice \u202Egpj.exe");
  await expect(fieldError("the name")).toBeVisible();
  expect(await prisma.organization.count({ where: { createdById: id } })).toBe(0);

  // A NUL answered 500 (PostgreSQL cannot store it); now it is a field error like any other.
  const account = new AccountPage(page);
  await account.goto();
  await account.changeName("Ali\u0000ce");
  await expect(fieldError("your name")).toBeVisible();
  expect((await prisma.user.findUniqueOrThrow({ where: { id }, select: { name: true } })).name).toBe(person.name);
});
