// Hostile input at every server action, property-based: first at each zod
// schema the actions (and the REST API) parse with, then at the domain
// operation each action calls, against the real database. Whatever is sent, a
// schema never throws and never lets a name with a control character through;
// a domain operation either succeeds or refuses with a DomainError (which the
// action shows as a form error), never another error (a 500), and a refusal
// leaves the database as it was. The REST API gets the same over HTTP in
// e2e/hostile-input.spec.ts.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { runOrgAction } from "@/lib/server/action-core";
import { prisma, db } from "@/lib/db";
import { deleteAccount } from "@/lib/domain/delete-account";
import { verifyEmail } from "@/lib/domain/email-verification";
import { DomainError, isDomainError } from "@/lib/domain/errors";
import { instanceUserSchema } from "@/lib/domain/instance-users";
import { acceptInvitation, declineInvitation, signUpWithInvitation } from "@/lib/domain/invitations/invitee";
import { createInvitations, resendInvitation, revokeInvitation } from "@/lib/domain/invitations/admin";
import { listInvitationsOf } from "@/lib/domain/invitations/list";
import { changeMemberRole, listMembersOf, removeMember } from "@/lib/domain/memberships/memberships";
import { createOrganization, getOrganization, updateOrganization } from "@/lib/domain/organizations/organizations";
import { requestPasswordReset, resetPassword } from "@/lib/domain/password-reset";
import { changePassword, confirmEmailChange, requestEmailChange, updateName } from "@/lib/domain/profile";
import { signUp, type UserDto } from "@/lib/domain/users";
import { renderEmail } from "@/lib/email/render";
import { changeEmailSchema, changePasswordSchema, updateNameSchema } from "@/lib/validation/account";
import { emailSchema, signInSchema, signUpSchema } from "@/lib/validation/auth";
import { createInvitationsSchema, invitationItemsSchema, listInvitationsSchema } from "@/lib/validation/invitations";
import {
  createOrganizationSchema,
  instanceOrganizationSchema,
  instanceUpdateOrganizationSchema,
  listMembersSchema,
  metadataUpdateSchema,
  updateOrganizationSchema,
} from "@/lib/validation/organizations";
import { isSingleLineText, jsonProblem } from "@/lib/validation/text";
import { hostileJson, hostileText, parsed } from "./support/hostile";
import { makeOrganization, makeUser, snapshot } from "./support/orgs";
import { createElement } from "react";

afterAll(() => prisma.$disconnect());

const RUNS = 40;

/** Every string in a parsed value, except passwords (hashed, never stored or shown) and metadata (the application's, checked apart). */
function stringsOf(value: unknown, key = "", out: string[] = []): string[] {
  if (/password/i.test(key) || /metadata/i.test(key)) return out;
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((item) => stringsOf(item, key, out));
  else if (value && typeof value === "object") for (const [k, item] of Object.entries(value)) stringsOf(item, k, out);
  return out;
}

function metadataOf(value: unknown, key = "", out: unknown[] = []): unknown[] {
  if (/metadata/i.test(key)) out.push(value);
  else if (Array.isArray(value)) value.forEach((item) => metadataOf(item, key, out));
  else if (value && typeof value === "object") for (const [k, item] of Object.entries(value)) metadataOf(item, k, out);
  return out;
}

const EMAIL = "someone@example.test";
const PASSWORD = "long-enough-password";

/** Each schema, a valid input, and the fields to make hostile (the others keep their valid values). */
const schemas: Array<[string, z.ZodType, Record<string, unknown>, string[]]> = [
  ["signUpSchema", signUpSchema, { name: "Ada", email: EMAIL, password: PASSWORD }, ["name", "email", "password"]],
  ["signInSchema", signInSchema, { email: EMAIL, password: PASSWORD }, ["email", "password"]],
  ["updateNameSchema", updateNameSchema, { name: "Ada" }, ["name"]],
  [
    "changePasswordSchema",
    changePasswordSchema,
    { currentPassword: PASSWORD, newPassword: PASSWORD },
    ["currentPassword", "newPassword"],
  ],
  ["changeEmailSchema", changeEmailSchema, { newEmail: EMAIL, password: PASSWORD }, ["newEmail", "password"]],
  ["createOrganizationSchema", createOrganizationSchema, { name: "Acme" }, ["name", "slug"]],
  ["updateOrganizationSchema", updateOrganizationSchema, { name: "Acme" }, ["name", "slug", "logoUrl"]],
  [
    "instanceOrganizationSchema",
    instanceOrganizationSchema,
    { name: "Acme" },
    ["name", "slug", "createdBy", "maxAllowedMemberships", "publicMetadata", "privateMetadata"],
  ],
  [
    "instanceUpdateOrganizationSchema",
    instanceUpdateOrganizationSchema,
    { name: "Acme" },
    ["name", "slug", "logoUrl", "maxAllowedMemberships", "adminDeleteEnabled"],
  ],
  ["metadataUpdateSchema", metadataUpdateSchema, {}, ["publicMetadata", "privateMetadata"]],
  ["createInvitationsSchema", createInvitationsSchema, { emails: [EMAIL] }, ["emails", "role", "expiresInDays"]],
  ["listMembersSchema", listMembersSchema, {}, ["page", "pageSize", "query", "sort", "direction"]],
  ["listInvitationsSchema", listInvitationsSchema, {}, ["status", "page", "pageSize"]],
  [
    "instanceUserSchema",
    instanceUserSchema,
    { emailAddress: [EMAIL], skipPasswordRequirement: true },
    [
      "emailAddress",
      "firstName",
      "lastName",
      "password",
      "externalId",
      "publicMetadata",
      "privateMetadata",
      "unsafeMetadata",
    ],
  ],
];

/** A valid input with some fields set to hostile values (text as a form sends it, or any JSON as the API does). */
function hostileInput(base: Record<string, unknown>, fields: string[]): fc.Arbitrary<Record<string, unknown>> {
  const value = fc.oneof({ weight: 2, arbitrary: hostileText }, { weight: 1, arbitrary: hostileJson.map(parsed) });
  return fc
    .record(Object.fromEntries(fields.map((field) => [field, value])), { requiredKeys: [] })
    .map((hostile) => ({ ...base, ...hostile }));
}

describe("every schema of the server actions and the API", () => {
  for (const [name, schema, base, fields] of schemas) {
    it(`${name}: never throws, and what it accepts is one line of text with storable metadata`, () => {
      fc.assert(
        fc.property(hostileInput(base, fields), (input) => {
          const result = schema.safeParse(input);
          if (!result.success) {
            expect(result.error.issues[0]?.message).toBeTruthy();
            return;
          }
          for (const text of stringsOf(result.data)) expect(isSingleLineText(text), JSON.stringify(text)).toBe(true);
          for (const metadata of metadataOf(result.data)) expect(jsonProblem(metadata)).toBeNull();
        }),
        { numRuns: 200 },
      );
    });
  }

  it("invitationItemsSchema: the same for the API's invitations", () => {
    const item = hostileInput({ email: EMAIL, role: "basic_member" }, [
      "email",
      "role",
      "expiresInDays",
      "publicMetadata",
      "privateMetadata",
      "redirectUrl",
    ]);
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 3 }), (items) => {
        const result = invitationItemsSchema.safeParse(items);
        if (!result.success) return;
        for (const text of stringsOf(result.data)) expect(isSingleLineText(text), JSON.stringify(text)).toBe(true);
        for (const metadata of metadataOf(result.data)) expect(jsonProblem(metadata)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it("the review's payloads are refused with a message naming what to fix", () => {
    const refusal = (schema: z.ZodType, input: unknown) => {
      const result = schema.safeParse(input);
      return result.success
        ? null
        : { path: result.error.issues[0]?.path.join("."), message: result.error.issues[0]?.message };
    };
    expect(refusal(updateNameSchema, { name: "Ali\r\nBcc: victim@example.test" })).toEqual({
      path: "name",
      message: "Remove line breaks, control characters and text-direction overrides from your name.",
    });
    expect(refusal(createOrganizationSchema, { name: "Acme\u0000" })?.path).toBe("name");
    expect(refusal(createOrganizationSchema, { name: "Invoice \u202Efdp.exe" })?.path).toBe("name");
    expect(refusal(createOrganizationSchema, { name: "Isolate \u2067x" })?.path).toBe("name");
    expect(refusal(updateOrganizationSchema, { logoUrl: "https://x.example/\u0000.png" })?.path).toBe("logoUrl");
    expect(refusal(metadataUpdateSchema, { publicMetadata: { note: "\u0000" } })?.path).toBe("publicMetadata");
    expect(refusal(metadataUpdateSchema, { publicMetadata: { "\ud800": 1 } })?.path).toBe("publicMetadata");
    // Any other text is the application's own in metadata, line breaks and bidi characters included.
    expect(refusal(metadataUpdateSchema, { publicMetadata: { note: "two\r\nlines \u202E" } })).toBeNull();
    // Names in other scripts, accents, emoji and ordinary punctuation stay welcome.
    expect(refusal(updateNameSchema, { name: "Zoë O'Brien-Łukasz 李小龍 😀" })).toBeNull();
    expect(refusal(createOrganizationSchema, { name: "شركة النور" })).toBeNull();
    expect(refusal(emailSchema, "a\u0000@example.test")).not.toBeNull();
  });
});

describe("email subjects", () => {
  it("are one line whatever they are built from", async () => {
    const rendered = await renderEmail(
      "Ali\r\nBcc: victim@example.test \u202Eevil\u0000 invited you",
      createElement("p", null, "hi"),
    );
    expect(rendered.subject).toBe("Ali Bcc: victim@example.test evil invited you");
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        const { subject } = await renderEmail(`${text} invited you to join ${text}`, createElement("p", null, "hi"));
        expect(isSingleLineText(subject)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

describe("the domain operations behind every server action", () => {
  let admin: UserDto;
  let member: UserDto;
  let organization: { id: string; slug: string; name: string };
  let tag: string;
  let token: string;

  beforeAll(async () => {
    tag = randomUUID().slice(0, 8);
    admin = await makeUser(prisma, `hostile-admin-${tag}`);
    member = await makeUser(prisma, `hostile-member-${tag}`);
    organization = await makeOrganization(
      prisma,
      [
        [admin, "admin"],
        [member, "basic_member"],
      ],
      `hostile-${tag}`,
    );
    const [issued] = await createInvitations(db, admin.id, organization.id, {
      emails: `hostile-invitee-${tag}@example.test`,
    });
    token = issued!.url!.split("/").pop()!;
  });

  /** The organization, its people and the test's own accounts and organizations, as a refused call must leave them. */
  async function state() {
    return {
      organization: await snapshot(prisma, organization.id),
      users: await prisma.user.findMany({ where: { email: { contains: tag } }, orderBy: { id: "asc" } }),
      organizations: await prisma.organization.findMany({ where: { createdById: admin.id }, orderBy: { id: "asc" } }),
      tokens: await prisma.accountToken.count({ where: { userId: { in: [admin.id, member.id] } } }),
    };
  }

  /**
   * Runs one call: it succeeds, or refuses with a DomainError and changes nothing. Anything else fails
   * the property. A name it stored or changed is one line of text.
   */
  async function handled(call: () => Promise<unknown>): Promise<void> {
    const before = await state();
    try {
      await call();
    } catch (error) {
      if (!isDomainError(error)) throw error;
      expect(await state()).toEqual(before);
      return;
    }
    const after = await state();
    const written = <T extends { id: string; name: string }>(rows: T[], earlier: T[]) =>
      rows.filter((row) => JSON.stringify(row) !== JSON.stringify(earlier.find((old) => old.id === row.id)));
    for (const row of [...written(after.users, before.users), ...written(after.organizations, before.organizations)]) {
      expect(isSingleLineText(row.name), JSON.stringify(row.name)).toBe(true);
    }
  }

  const text = hostileText;
  const anyValue = fc.oneof(hostileText, hostileJson.map(parsed));
  const cases: Array<[string, fc.Arbitrary<() => Promise<unknown>>]> = [
    [
      "signUpAction: signUp",
      fc.tuple(text, text).map(
        ([name, password]) =>
          () =>
            signUp(db, {
              name,
              email: `signup-${tag}-${randomUUID().slice(0, 6)}@example.test`,
              password: `${password}-long-enough`,
            }),
      ),
    ],
    [
      "signUpAction: signUp (hostile email)",
      fc.tuple(text, text).map(
        ([name, email]) =>
          () =>
            signUp(db, { name, email, password: "long-enough-password" }),
      ),
    ],
    ["updateNameAction: updateName", text.map((name) => () => updateName(db, admin.id, { name }))],
    [
      "createOrganizationAction: createOrganization",
      fc.tuple(text, fc.option(text)).map(
        ([name, slug]) =>
          () =>
            createOrganization(db, admin.id, { name, slug: slug ?? "" }),
      ),
    ],
    [
      "updateOrganizationAction: the form's organization field and updateOrganization",
      fc.tuple(fc.oneof(text, fc.constant("")), text, text, text).map(([ref, name, slug, logoUrl]) => async () => {
        const result = await runOrgAction(db, admin, "org:update", ref || organization.id, async () => {
          await updateOrganization(db, admin.id, organization.id, { name, slug, logoUrl });
          return { ok: true as const, data: undefined };
        });
        // runOrgAction turns domain errors into a form result; a refusal must have changed nothing.
        if (!result.ok) throw new DomainError("form_param_format_invalid", result.error);
      }),
    ],
    [
      "changeRoleAction: changeMemberRole",
      fc.tuple(fc.option(text), anyValue).map(
        ([userId, role]) =>
          () =>
            changeMemberRole(db, admin.id, organization.id, userId ?? member.id, role),
      ),
    ],
    [
      "removeMemberAction: removeMember",
      text.map((userId) => () => removeMember(db, admin.id, organization.id, userId)),
    ],
    [
      "inviteAction: createInvitations",
      fc.tuple(anyValue, anyValue).map(
        ([emails, role]) =>
          () =>
            createInvitations(db, admin.id, organization.id, { emails, role }),
      ),
    ],
    [
      "revokeInvitationAction: revokeInvitation",
      text.map((id) => () => revokeInvitation(db, admin.id, organization.id, id)),
    ],
    [
      "resendInvitationAction: resendInvitation",
      text.map((id) => () => resendInvitation(db, admin.id, organization.id, id)),
    ],
    ["acceptInvitationAction: acceptInvitation", text.map((t) => () => acceptInvitation(db, member.id, t))],
    ["declineInvitationAction: declineInvitation", text.map((t) => () => declineInvitation(db, member.id, t))],
    [
      "joinWithSignUpAction: signUpWithInvitation (hostile token)",
      fc.tuple(text, text).map(
        ([t, name]) =>
          () =>
            signUpWithInvitation(db, t, { name, password: "long-enough-password" }),
      ),
    ],
    [
      "joinWithSignUpAction: signUpWithInvitation (hostile name)",
      text.map(
        (name) => () =>
          signUpWithInvitation(db, token, { name: name.trim() ? name : "\u0000", password: "long-enough-password" }),
      ),
    ],
    ["deleteAccountAction: deleteAccount", text.map((confirm) => () => deleteAccount(db, admin.id, { confirm }))],
    [
      "requestPasswordResetAction: requestPasswordReset",
      text.map((email) => () => requestPasswordReset(db, { email }, null)),
    ],
    [
      "resetPasswordAction: resetPassword",
      fc.tuple(text, text).map(
        ([t, password]) =>
          () =>
            resetPassword(db, t, { password }),
      ),
    ],
    ["verifyEmailAction: verifyEmail", text.map((t) => () => verifyEmail(db, t))],
    ["confirmEmailChangeAction: confirmEmailChange", text.map((t) => () => confirmEmailChange(db, t))],
    [
      "requestEmailChangeAction: requestEmailChange",
      fc.tuple(text, text).map(
        ([newEmail, password]) =>
          () =>
            requestEmailChange(db, admin.id, { newEmail, password }),
      ),
    ],
    [
      "changePasswordAction: changePassword",
      fc.tuple(text, text).map(
        ([currentPassword, newPassword]) =>
          () =>
            changePassword(db, admin.id, { currentPassword, newPassword }),
      ),
    ],
    [
      "the members page's search and paging",
      fc.tuple(anyValue, anyValue, anyValue, anyValue).map(
        ([query, page, pageSize, sort]) =>
          () =>
            // The page's calls, with the organization as the page holds it (read for its admin).
            getOrganization(db, admin.id, organization.id).then((mine) =>
              Promise.all([
                listMembersOf(db, mine, { query, page, pageSize, sort } as never),
                listInvitationsOf(db, mine, { status: query, page, pageSize }),
              ]),
            ),
      ),
    ],
  ];

  for (const [name, arbitrary] of cases) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(arbitrary, (call) => handled(call)),
        { numRuns: name.includes("signUp") || name.includes("Password") ? 30 : RUNS },
      );
    });
  }
});
