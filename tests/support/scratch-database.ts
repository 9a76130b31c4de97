// A database of a test's own on the test server, with every migration applied:
// for drills whose child processes (workers, web processes) deliver whatever is
// due in their database, which in the shared test database would be other
// test files' emails and webhooks. Dropped afterwards.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { Database } from "@/lib/db";

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");

export type ScratchDatabase = { url: string; name: string; db: Database; drop: () => Promise<void> };

/** Creates and migrates a fresh database beside DATABASE_URL's (the server's user must be allowed to create one). */
export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `${base.pathname.slice(1) || "orgs"}_${label}_${randomBytes(4).toString("hex")}`.slice(0, 63);
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    // The migrations as `prisma migrate deploy` applies them, in order (each file as one script).
    for (const dir of fs
      .readdirSync(MIGRATIONS)
      .filter((d) => /^\d{14}_/.test(d))
      .sort())
      await client.query(fs.readFileSync(path.join(MIGRATIONS, dir, "migration.sql"), "utf8"));
  } finally {
    await client.end();
  }
  const pool = new pg.Pool({ connectionString: url.toString(), max: 5, allowExitOnIdle: true });
  pool.on("error", () => {});
  return {
    url: url.toString(),
    name,
    db: new Database(pool),
    drop: async () => {
      await pool.end();
      const dropper = new pg.Client({ connectionString: base.toString() });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
