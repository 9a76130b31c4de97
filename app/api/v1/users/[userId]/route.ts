import { db } from "@/lib/db";
import { getUserRecord } from "@/lib/domain/instance-reads";
import { apiRoute, json } from "@/lib/api/http";
import { userJson } from "@/lib/api/serialize";

type Params = { userId: string };

export const GET = apiRoute<Params>(async (_request, { userId }) => json(userJson(await getUserRecord(db, userId))));
