import { defineConfig, devices } from "@playwright/test";

// Run through `npm run test:e2e`, which provides a migrated DATABASE_URL.
const port = Number(process.env.E2E_PORT ?? 3100);
const mailPort = Number(process.env.MAIL_CAPTURE_PORT ?? 3025);
const baseURL = `http://localhost:${port}`;

// Debian's Chromium by default; PLAYWRIGHT_CHROMIUM_PATH="" uses Playwright's own browsers.
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";

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
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: executablePath || undefined,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
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
      // Tests run against a production build; E2E_SKIP_BUILD=1 reuses the last one.
      command: `${process.env.E2E_SKIP_BUILD === "1" ? "" : "npx next build && "}npx next start -p ${port}`,
      url: `${baseURL}/sign-in`,
      env: serverEnv,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
    },
  ],
});
