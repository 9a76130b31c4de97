import { db } from "@/lib/server/database";
import { listUserRecords, USER_ORDERS } from "@/lib/domain/instance-reads";
import { createUserAsInstance } from "@/lib/domain/instance-users";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { writeRoute } from "@/lib/api/idempotency";
import { optionalParams, Query } from "@/lib/api/params";
import { userJson } from "@/lib/api/serialize";
import { userFilters } from "./filters";

/** A bare array, as Clerk answers (the SDK asks /users/count for the total). */
export const GET = apiRoute(async (request) => {
  const q = Query.of(request);
  const users = await listUserRecords(db, {
    ...q.page(),
    ...userFilters(q),
    orderBy: q.orderBy(USER_ORDERS, "-created_at"),
  });
  return json(users.map(userJson));
});

export const POST = writeRoute(async (tx, body) => {
  const emails = body.emailAddress;
  const user = await createUserAsInstance(tx, {
    emailAddress: emails === undefined || emails === null ? undefined : Array.isArray(emails) ? emails : [emails],
    ...optionalParams(
      body,
      "firstName",
      "lastName",
      "password",
      "skipPasswordRequirement",
      "externalId",
      "publicMetadata",
      "privateMetadata",
      "unsafeMetadata",
    ),
  });
  return json(userJson(user));
});

export const PATCH = methodNotAllowed(["GET", "POST"]);
export const PUT = PATCH;
export const DELETE = PATCH;
