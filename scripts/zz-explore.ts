import { startThrowawayPostgres } from "/work/wt-h5/tests/support/throwaway-postgres";
import { execFileSync } from "node:child_process";
const pg = await startThrowawayPostgres();
console.log("url", pg.url);
execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: pg.url }, stdio: "inherit" });
process.env.DATABASE_URL = pg.url;
const { db, readRows, transaction, txRows } = await import("/work/wt-h5/lib/db");
const { Prisma } = await import("/work/wt-h5/lib/generated/prisma/client");
function show(label: string, e: any) {
  const seen = new Set();
  let depth = 0; let cur = e;
  console.log("==", label);
  while (cur && depth < 6 && !seen.has(cur)) { seen.add(cur);
    console.log(" ".repeat(depth*2), cur?.constructor?.name, JSON.stringify({ name: cur.name, code: cur.code, kind: cur.kind, message: String(cur.message).slice(0,200), meta: cur.meta, clientVersion: undefined }), Object.keys(cur));
    cur = cur.cause ?? cur.meta?.driverAdapterError; depth++; }
}
console.log(await db.user.count());
// in-flight
const p1 = db.$queryRaw`SELECT pg_sleep(3)`.catch((e) => show("prisma in-flight", e));
const p2 = readRows(db, Prisma.sql`SELECT pg_sleep(3)`).catch((e) => show("readRows in-flight", e));
const p3 = db.$transaction(async (tx) => { await tx.$queryRaw`SELECT pg_sleep(3)`; }).catch((e) => show("prisma tx in-flight", e));
const p4 = transaction(db, async (tx) => { await txRows(tx, Prisma.sql`SELECT pg_sleep(3)`); }).catch((e) => show("pg tx in-flight", e));
await new Promise((r) => setTimeout(r, 500));
pg.stop();
await Promise.all([p1, p2, p3, p4]);
await db.user.count().catch((e) => show("prisma down", e));
await readRows(db, Prisma.sql`SELECT 1`).catch((e) => show("readRows down", e));
await db.$transaction(async (tx) => tx.user.count()).catch((e) => show("prisma tx down", e));
await transaction(db, async (tx) => txRows(tx, Prisma.sql`SELECT 1`)).catch((e) => show("pg tx down", e));
pg.start();
console.log("after restart", await db.user.count().catch((e) => show("prisma after", e)));
console.log("after restart2", await db.user.count().catch((e) => show("prisma after2", e)));
pg.destroy();
process.exit(0);
