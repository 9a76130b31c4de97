// Hostile JSON bodies at every REST API endpoint that takes one, over real HTTP
// against the production build (query and path parameters: hostile-input.spec.ts):
// a valid body with a field or two replaced by generated values (NUL, controls,
// bidi overrides, lone surrogates, huge, wrong JSON types), or no object at all.
// Whatever is sent, the answer is never a 5xx; a refusal comes in Clerk's envelope
// and leaves the database as it was; what is accepted stores no control character.
import fc from "fast-check";
import { test } from "@playwright/test";
import { hostileJson, hostileText, jsonText } from "../tests/support/hostile";
import { holds, makeWorld } from "./fixtures/hostile-api";

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
