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
      ],
    },
  },
  {
    files: ["lib/domain/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [FRAMEWORK_IN_DOMAIN] }] },
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
