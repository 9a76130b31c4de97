// Production never passes an undelivered email off as sent: without a
// provider `npm start` refuses to start, unless the operator turned email off
// (EMAIL_DELIVERY=off), and then every email is recorded as undelivered.
import { afterAll, describe, expect, it } from "vitest";
import { prisma, db } from "@/lib/db";
import { emailDelivery, emailDeliveryProblem } from "@/lib/email/config";
import { queueEmail, queueEmails } from "@/lib/email/outbox";
import { EmailSendError, sendEmail } from "@/lib/email/transport";
import { uniqueEmail } from "./support/factories";
import { restoreEnvAfterEach } from "./support/env";
import { runLauncher } from "./support/launcher";

afterAll(() => prisma.$disconnect());

const saved = restoreEnvAfterEach(["EMAIL_DELIVERY", "RESEND_API_KEY", "NODE_ENV"]);

const message = (label: string) => ({
  subject: `Hello ${label}`,
  html: `<p>Hello ${label}</p>`,
  text: `Hello ${label}`,
});

describe("email delivery settings", () => {
  it("production needs a provider or an explicit EMAIL_DELIVERY=off; development keeps the local capture", () => {
    expect(emailDelivery({ NODE_ENV: "production" })).toBeNull();
    expect(emailDeliveryProblem({ NODE_ENV: "production" })).toMatch(
      /No email provider is configured: set RESEND_API_KEY .* or set EMAIL_DELIVERY=off/,
    );
    expect(emailDelivery({ NODE_ENV: "production", RESEND_API_KEY: "re_x" })).toBe("resend");
    expect(emailDeliveryProblem({ NODE_ENV: "production", RESEND_API_KEY: "re_x" })).toBeNull();
    expect(emailDelivery({ NODE_ENV: "production", EMAIL_DELIVERY: "off" })).toBe("off");
    expect(emailDeliveryProblem({ NODE_ENV: "production", EMAIL_DELIVERY: "off" })).toBeNull();
    expect(emailDeliveryProblem({ NODE_ENV: "production", EMAIL_DELIVERY: "maybe" })).toMatch(
      /EMAIL_DELIVERY=maybe is not understood/,
    );
    expect(emailDelivery({ NODE_ENV: "development" })).toBe("local");
    // A variable left empty (as copied from .env.example) is unset.
    expect(emailDelivery({ NODE_ENV: "production", EMAIL_DELIVERY: "", RESEND_API_KEY: " " })).toBeNull();
  });
});

describe("the outbox", () => {
  // Each email is checked by its own row: other test files deliver the shared outbox meanwhile.
  it("with EMAIL_DELIVERY=off records each email as undelivered at once, never sent", async () => {
    process.env.EMAIL_DELIVERY = "off";
    const [one, two, three] = [uniqueEmail("off"), uniqueEmail("off"), uniqueEmail("off")];
    const { id } = await db.transaction((tx) => queueEmail(tx, one, message("off")));
    await db.transaction((tx) =>
      queueEmails(tx, [
        { to: two, email: message("two") },
        { to: three, email: message("three") },
      ]),
    );
    const rows = await prisma.outboxEmail.findMany({ where: { to: { in: [one, two, three] } } });
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "undelivered", sentAt: null, providerId: null, attempts: 0 });
      expect(row.lastError).toMatch(/EMAIL_DELIVERY=off/);
    }
    expect(rows.find((row) => row.id === id)).toBeTruthy();
    // Emails queued before it was turned off reach no provider either.
    await expect(sendEmail({ from: "a@b.test", to: one, ...message("late") })).resolves.toEqual({
      id: null,
      transport: "off",
    });
  });

  it("in production without a provider never reports an email as sent: it stays for a retry", async () => {
    delete process.env.EMAIL_DELIVERY;
    delete process.env.RESEND_API_KEY;
    (process.env as Record<string, string>).NODE_ENV = "production";
    const error = await sendEmail({ from: "a@b.test", to: uniqueEmail("noprovider"), ...message("noprovider") }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EmailSendError);
    expect(error).toMatchObject({ retryable: true, message: expect.stringMatching(/No email provider is configured/) });
  });
});

/** Runs `npm start`'s launcher until it exits or says it is serving; returns its exit code (null: it served) and output. */
const startServer = (env: NodeJS.ProcessEnv) => runLauncher(["start", "-p", "0"], env, /Ready|started server|Local:/i);

describe("npm start", () => {
  const base = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = {
      ...saved,
      NODE_ENV: "production",
      AUTH_SECRET: "test-secret-0123456789abcdef0123456789",
      WEB_CONCURRENCY: "1",
    };
    delete env.RESEND_API_KEY;
    delete env.EMAIL_DELIVERY;
    return env;
  };

  it("refuses to start without an email provider, saying what to set", async () => {
    const { code, output } = await startServer(base());
    expect(output).toContain("[email] refusing to start: No email provider is configured: set RESEND_API_KEY");
    expect(output).toContain("EMAIL_DELIVERY=off");
    expect(code).toBe(1);
  }, 60_000);
});
