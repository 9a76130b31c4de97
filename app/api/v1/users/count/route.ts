import { db } from "@/lib/server/database";
import { countUserRecords } from "@/lib/domain/instance-reads";
import { apiRoute, json, methodNotAllowed } from "@/lib/api/http";
import { Query } from "@/lib/api/params";
import { userFilters } from "../filters";

export const GET = apiRoute(async (request) => {
  const totalCount = await countUserRecords(db, userFilters(Query.of(request)));
  return json({ object: "total_count", total_count: totalCount });
});

export const POST = methodNotAllowed(["GET"]);
export const PATCH = POST;
export const PUT = POST;
export const DELETE = POST;
