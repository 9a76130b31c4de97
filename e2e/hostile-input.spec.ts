// Hostile input at every REST API endpoint, over real HTTP against the
// production build: generated strings (NUL, controls, bidi overrides, lone
// surrogates, huge, SQL- and HTML-ish), numbers and dates out of range, wrong
// JSON types, in query parameters and path parameters (JSON bodies:
// hostile-bodies.spec.ts). Whatever is sent, the answer is never a 5xx; a
// refusal comes in Clerk's envelope with a message for people and leaves the
// database as it was; and what is accepted never stores a name with a control
// character in it.
import fc from "fast-check";
import { expect, test } from "@playwright/test";
import { prisma } from "../lib/db";
import { hostileParam } from "../tests/support/hostile";
import { createAccount } from "./fixtures/db";
import {
  describeCall,
  expectHandled,
  holds,
  jsonCall,
  makeWorld,
  send,
  snapshot,
  type Call,
} from "./fixtures/hostile-api";
import { newPerson } from "./fixtures/users";
import { AccountPage } from "./pages/account-pages";
import { SignInPage } from "./pages/auth-pages";
import { OrganizationsPage } from "./pages/org-pages";

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
