import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "./e2e/chromium";

// Run through `npm run test:e2e`, which provides a migrated DATABASE_URL.
const port = Number(process.env.E2E_PORT ?? 3100);
const mailPort = Number(process.env.MAIL_CAPTURE_PORT ?? 3025);
const baseURL = `http://localhost:${port}`;

const executablePath = chromiumExecutable();

const serverEnv: Record<string, string> = {
  ...(process.env as Record<string, string>),
  NODE_ENV: "production",
  AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-secret-not-for-production-0123456789abcdef",
  AUTH_URL: baseURL,
  APP_URL: baseURL,
  RESEND_API_KEY: "re_e2e_test_key",
  RESEND_BASE_URL: `http://127.0.0.1:${mailPort}`,
  EMAIL_FROM: "Orgs <no-reply@orgs.test>",
  OUTBOX_POLL_MS: "500",
  // Every test signs up from this machine's one address; e2e/client-address.spec.ts
  // checks the sign-up limits on a server of its own (limitsServerEnv).
  SIGN_UPS_PER_CLIENT: "100000",
};

// A second server, started the same way, with low limits for the throttling tests
// (e2e/client-address.spec.ts), which reach it from addresses of their own.
const limitsPort = port + 1;
const limitsServerEnv: Record<string, string> = {
  ...serverEnv,
  AUTH_URL: `http://localhost:${limitsPort}`,
  APP_URL: `http://localhost:${limitsPort}`,
  OUTBOX_WORKER: "off",
  WEB_CONCURRENCY: "1",
  SIGN_UPS_PER_CLIENT: "3",
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: "8",
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: "10",
};

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    // Recording a trace (a screenshot per action) doubled the suite's CPU time; a failure seen
    // again on its retry (CI) is recorded, and `npx playwright test --trace on` records any run.
    trace: "on-first-retry",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: { executablePath, args: CHROMIUM_ARGS },
      },
    },
  ],
  webServer: [
    {
      command: "npx tsx e2e/mail-capture-server.ts",
      url: `http://127.0.0.1:${mailPort}/health`,
      env: { ...serverEnv, MAIL_CAPTURE_PORT: String(mailPort) },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // Tests run against a production build, started as `npm start` starts it
      // (scripts/run.ts: the client-address preload, one process per core);
      // E2E_SKIP_BUILD=1 reuses the last build.
      command: `${process.env.E2E_SKIP_BUILD === "1" ? "" : "npx next build && "}npx tsx scripts/run.ts start -p ${port}`,
      url: `${baseURL}/sign-in`,
      env: serverEnv,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
    },
    {
      // Waits for the build above: its URL answers only once `next start` runs.
      command: `node -e "(async()=>{for(;;){try{await fetch('${baseURL}/sign-in');break}catch{await new Promise(r=>setTimeout(r,500))}}})()" && npx tsx scripts/run.ts start -p ${limitsPort}`,
      url: `http://localhost:${limitsPort}/sign-in`,
      env: limitsServerEnv,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
    },
  ],
});
