// The migration path, end to end: the unmodified Prisma CLI driving the wasm
// schema engine stand-in (scripts/prisma-schema-engine) against PostgreSQL 15
// and the embedded PGlite. Guards the pitfalls in docs/prisma-schema-engine.md:
// a `$$` body with semicolons (script splitting), a CHECK constraint ("char"
// columns in pg_constraint), and a shadow database that must not be the main
// one.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../lib/embedded-db";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(root, "node_modules", "prisma", "build", "index.js");
const TIMEOUT = 120_000;

// A migration Prisma cannot generate but must apply verbatim: splitting it on
// ';' would cut the function body and the string literal apart.
const EXTRA_MIGRATION = `-- Hand-written: a CHECK constraint and a plpgsql function.
CREATE TABLE "gadgets" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "qty" INTEGER NOT NULL,

    CONSTRAINT "gadgets_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "gadgets_qty_positive" CHECK ("qty" > 0)
);

CREATE FUNCTION gadget_label(n TEXT, q INTEGER) RETURNS TEXT
LANGUAGE plpgsql AS $$
DECLARE
    label TEXT;
BEGIN
    label := n || '; qty=' || q::text;
    RETURN label;
END;
$$;
`;

// The same table as the schema sees it (Prisma does not model CHECKs or
// functions), so the schema and the migration history agree.
const GADGET_MODEL = `
model Gadget {
  id   Int    @id @default(autoincrement())
  name String
  qty  Int

  @@map("gadgets")
}
`;

const WIDGET_MODEL = `
model Widget {
  id    Int    @id @default(autoincrement())
  label String

  @@map("widgets")
}
`;

/** A migration directory name that sorts after every existing one, as `migrate dev` makes them. */
function nextMigrationName(migrationsDir: string, suffix: string): string {
  const now = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const last = fs
    .readdirSync(migrationsDir)
    .map((d) => /^(\d{14})_/.exec(d)?.[1])
    .filter((t): t is string => t !== undefined)
    .sort()
    .at(-1);
  const stamp = last && last >= now ? String(BigInt(last) + 1n) : now;
  return `${stamp}_${suffix}`;
}

/**
 * A temporary copy of the project as the CLI sees it: the real
 * prisma.config.ts (so its engine wiring is under test too), lib/ and scripts/
 * and node_modules linked, and a copy of prisma/ with the extra migration.
 */
function makeProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-test-"));
  fs.copyFileSync(path.join(root, "prisma.config.ts"), path.join(dir, "prisma.config.ts"));
  fs.copyFileSync(path.join(root, "package.json"), path.join(dir, "package.json"));
  for (const name of ["node_modules", "lib", "scripts"]) fs.symlinkSync(path.join(root, name), path.join(dir, name));
  fs.mkdirSync(path.join(dir, "prisma"));
  const schema = fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
  fs.writeFileSync(path.join(dir, "prisma", "schema.prisma"), schema + GADGET_MODEL);
  const migrations = path.join(dir, "prisma", "migrations");
  fs.cpSync(path.join(root, "prisma", "migrations"), migrations, { recursive: true });
  const extra = path.join(migrations, nextMigrationName(migrations, "gadgets_check_and_function"));
  fs.mkdirSync(extra);
  fs.writeFileSync(path.join(extra, "migration.sql"), EXTRA_MIGRATION);
  return dir;
}

type CliResult = { code: number; stdout: string; stderr: string };

function prisma(projectDir: string, databaseUrl: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      {
        cwd: projectDir,
        env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
        timeout: TIMEOUT,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function expectSuccess(result: CliResult): void {
  // The CLI's own output is the useful failure message.
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

type Backend = { url: string; teardown: () => Promise<void> };

function migrationSuite(name: string, setUp: () => Promise<Backend>): void {
  describe(name, () => {
    let backend: Backend | undefined;
    let project = "";
    const url = () => {
      if (!backend) throw new Error("backend not started");
      return backend.url;
    };

    beforeAll(async () => {
      backend = await setUp();
      project = makeProject();
    }, TIMEOUT);

    afterAll(async () => {
      await backend?.teardown();
      if (project) fs.rmSync(project, { recursive: true, force: true });
    }, TIMEOUT);

    it(
      "applies every migration to an empty database with migrate deploy",
      async () => {
        expectSuccess(await prisma(project, url(), ["migrate", "deploy"]));

        const tables = await query<{ table_name: string }>(
          url(),
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
        );
        expect(tables.map((t) => t.table_name)).toEqual(
          expect.arrayContaining(["_prisma_migrations", "users", "accounts", "sessions", "outbox_emails", "gadgets"]),
        );

        const applied = await query<{ n: string }>(
          url(),
          "SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
        );
        const onDisk = fs
          .readdirSync(path.join(project, "prisma", "migrations"), { withFileTypes: true })
          .filter((d) => d.isDirectory()).length;
        expect(Number(applied[0]?.n)).toBe(onDisk);

        const [label] = await query<{ label: string }>(url(), "SELECT gadget_label($1, $2) AS label", ["bolt", 3]);
        expect(label?.label).toBe("bolt; qty=3");

        await query(url(), `INSERT INTO gadgets (name, qty) VALUES ('kept', 1)`);
        await expect(query(url(), `INSERT INTO gadgets (name, qty) VALUES ('bad', 0)`)).rejects.toMatchObject({
          code: "23514", // check_violation
        });

        const status = await prisma(project, url(), ["migrate", "status"]);
        expectSuccess(status);
        expect(status.stdout).toContain("Database schema is up to date!");
      },
      TIMEOUT,
    );

    const schemaFile = () => path.join(project, "prisma", "schema.prisma");
    const migrationsDir = () => path.join(project, "prisma", "migrations");
    const diffScript = () =>
      prisma(project, url(), [
        "migrate",
        "diff",
        "--from-migrations",
        migrationsDir(),
        "--to-schema",
        schemaFile(),
        "--script",
      ]);
    const EMPTY_DIFF = "-- This is an empty migration.";

    it(
      "has committed migrations that produce prisma/schema.prisma (else: run `npx prisma migrate dev --name <change>`)",
      async () => {
        const diff = await diffScript();
        expectSuccess(diff);
        expect(diff.stdout.trim()).toBe(EMPTY_DIFF);
      },
      TIMEOUT,
    );

    it(
      "generates the next migration from a schema change, replaying history off the main database",
      async () => {
        // Catch up first if the committed migrations lag behind the schema
        // (the test above reports that), so this one sees only its own change.
        const lag = await diffScript();
        expectSuccess(lag);
        if (lag.stdout.trim() !== EMPTY_DIFF) {
          const catchUp = path.join(migrationsDir(), nextMigrationName(migrationsDir(), "catch_up"));
          fs.mkdirSync(catchUp);
          fs.writeFileSync(path.join(catchUp, "migration.sql"), lag.stdout);
          expectSuccess(await prisma(project, url(), ["migrate", "deploy"]));
        }

        fs.appendFileSync(schemaFile(), WIDGET_MODEL);
        const diff = await diffScript();
        expectSuccess(diff);
        expect(diff.stdout).toContain('CREATE TABLE "widgets"');
        // History and schema agree on everything else, CHECK and function included.
        expect(diff.stdout).not.toMatch(/gadgets|DROP /);

        const migrationsDirPath = migrationsDir();

        const before = new Set(fs.readdirSync(migrationsDirPath));
        const dev = await prisma(project, url(), ["migrate", "dev", "--name", "add_widgets", "--create-only"]);
        expectSuccess(dev);
        const created = fs.readdirSync(migrationsDirPath).filter((d) => !before.has(d));
        expect(created).toHaveLength(1);
        expect(created[0]).toMatch(/^\d{14}_add_widgets$/);
        const sql = fs.readFileSync(path.join(migrationsDirPath, created[0] ?? "", "migration.sql"), "utf8");
        expect(sql).toContain('CREATE TABLE "widgets"');
        expect(sql).not.toMatch(/gadgets/);

        // The shadow replay ran elsewhere: the main database kept its row and
        // did not get the unapplied table.
        const kept = await query<{ name: string }>(url(), "SELECT name FROM gadgets");
        expect(kept.map((r) => r.name)).toEqual(["kept"]);
        const widgets = await query(url(), "SELECT 1 FROM information_schema.tables WHERE table_name = 'widgets'");
        expect(widgets).toHaveLength(0);
      },
      TIMEOUT,
    );
  });
}

const adminUrl = process.env.TEST_PG_ADMIN_URL?.trim();
if (!adminUrl) {
  console.warn(
    "migrations.test.ts: TEST_PG_ADMIN_URL is unset, skipping the PostgreSQL half (e.g. TEST_PG_ADMIN_URL=postgresql://postgres:postgres@localhost:5432/postgres).",
  );
}

describe.skipIf(!adminUrl)("migrations on PostgreSQL (TEST_PG_ADMIN_URL)", () => {
  migrationSuite("scratch database", async () => {
    const admin = adminUrl ?? "";
    const database = `migrations_test_${crypto.randomBytes(6).toString("hex")}`;
    await query(admin, `CREATE DATABASE "${database}"`);
    const u = new URL(admin);
    u.pathname = `/${database}`;
    return {
      url: u.toString(),
      teardown: async () => {
        await query(admin, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      },
    };
  });
});

describe("migrations on the embedded PGlite", () => {
  migrationSuite("fresh data directory", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-pglite-"));
    const db: EmbeddedDatabase = await startEmbeddedDatabase(path.join(dir, "data"));
    return {
      url: db.url,
      teardown: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});
