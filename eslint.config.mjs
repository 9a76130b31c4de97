import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layering, as rules rather than hopes: pages and actions -> lib/server -> lib/domain -> database.
const DATABASE_OUTSIDE_LIB = {
  group: [
    "@/lib/db",
    "**/lib/db",
    "@/lib/generated/**",
    "**/generated/prisma",
    "**/generated/prisma/**",
    "@prisma/*",
    "pg",
  ],
  message:
    "Pages, route handlers and components do not touch the database: call a lib/domain function (lib/email for the outbox), handing it `db` from @/lib/server/database.",
};
const FRAMEWORK_IN_DOMAIN = {
  group: [
    "next",
    "next/*",
    "next-auth",
    "next-auth/*",
    "server-only",
    "**/lib/server/*",
    "../server/*",
    "../../server/*",
    "@/lib/server/*",
  ],
  message:
    "lib/domain holds the rules, free of Next.js and its adapters (lib/server) so any caller and the tests can run them.",
};

// The app's code talks to the database through the handle only (db.rows/one/execute/transaction, lib/db.ts):
// the Prisma client is for tests, e2e fixtures, scripts and seeds.
const PRISMA_CLIENT_IN_APP = {
  group: ["@/lib/db", "**/lib/db", "../db", "../../db", "../../../db"],
  importNames: ["prisma"],
  message:
    "The Prisma client is for tests, fixtures and scripts: run SQL (Prisma.sql) through the handle, db.rows/one/execute/transaction.",
};
const PRISMA_RUNTIME_IN_APP = {
  group: ["@prisma/*", "pg", "**/generated/prisma/client"],
  importNames: ["PrismaClient"],
  message: "The app's code talks to the database through lib/db.ts's handle only.",
};
const PRISMA_CALLS = [
  {
    // db.user.findMany(...), tx.membership.update(...): a Prisma model call.
    selector: "CallExpression[callee.object.type='MemberExpression'][callee.object.object.name=/^(db|tx|prisma)$/]",
    message:
      "No Prisma model calls: write the SQL (Prisma.sql) beside the aggregate and run it with db.rows/one/execute.",
  },
  {
    selector:
      "MemberExpression[property.name=/^\\$(queryRaw|executeRaw|queryRawUnsafe|executeRawUnsafe|transaction)$/]",
    message: "Run SQL through the handle: db.rows/one/execute, and db.transaction for a transaction.",
  },
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [DATABASE_OUTSIDE_LIB] }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name=/^(db|tx)$/]",
          message: "No queries here: the database handle is only handed to lib/domain (or lib/email) functions.",
        },
        ...PRISMA_CALLS,
      ],
    },
  },
  {
    files: ["lib/email/**", "lib/api/**", "lib/server/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [PRISMA_CLIENT_IN_APP, PRISMA_RUNTIME_IN_APP] }],
      "no-restricted-syntax": ["error", ...PRISMA_CALLS],
    },
  },
  {
    files: ["lib/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [FRAMEWORK_IN_DOMAIN, PRISMA_CLIENT_IN_APP, PRISMA_RUNTIME_IN_APP] },
      ],
      "no-restricted-syntax": ["error", ...PRISMA_CALLS],
    },
  },
  globalIgnores([
    ".next/**",
    "lib/generated/**",
    ".data/**",
    "playwright-report/**",
    "test-results/**",
    "next-env.d.ts",
  ]),
]);
