// Production never drops email silently: `next start` itself (not only
// `npm start`) refuses to start without a provider, and with EMAIL_DELIVERY=off
// the emails the app makes are recorded as undelivered, never as sent.
// Each test starts a second production server of the same build on a port of its own.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { prisma } from "../lib/db";
import { newSecretKey } from "./fixtures/api";
import { newPerson } from "./fixtures/users";

test.describe.configure({ mode: "serial" });

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.E2E_PORT ?? 3100) + 1000;

/** `next start` with the suite's database and no email provider, plus `extra`. */
function nextStart(extra: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    AUTH_SECRET: "e2e-secret-not-for-production-0123456789abcdef",
    AUTH_URL: `http://localhost:${port}`,
    APP_URL: `http://localhost:${port}`,
    // This server must not deliver (or mark) the suite's other emails.
    OUTBOX_WORKER: "off",
    ...extra,
  };
  delete env.RESEND_API_KEY;
  if (!extra.EMAIL_DELIVERY) delete env.EMAIL_DELIVERY;
  const child = spawn(
    process.execPath,
    [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port)],
    {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits until the server answers a page, or has exited; true when it serves. */
async function serves(server: ReturnType<typeof nextStart>): Promise<boolean> {
  const seen: { state: "starting" | "serving" | "exited" } = { state: "starting" };
  void server.exited.then(() => {
    if (seen.state === "starting") seen.state = "exited";
  });
  await expect
    .poll(
      async () => {
        if (
          seen.state === "starting" &&
          (await fetch(`http://localhost:${port}/sign-in`).then(
            (r) => r.ok,
            () => false,
          ))
        )
          seen.state = "serving";
        return seen.state;
      },
      { timeout: 60_000, message: "the server either serves or exits" },
    )
    .not.toBe("starting");
  return seen.state === "serving";
}

test("next start without an email provider refuses to start and says what to set", async () => {
  const server = nextStart({});
  try {
    const serving = await serves(server);
    expect(serving, `it should refuse to start; output:\n${server.output()}`).toBe(false);
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain("[email] refusing to start: No email provider is configured: set RESEND_API_KEY");
    expect(server.output()).toContain("EMAIL_DELIVERY=off");
  } finally {
    server.child.kill("SIGTERM");
  }
});

test("with EMAIL_DELIVERY=off it starts, says so, and an invitation's email is recorded as undelivered, not sent", async () => {
  const server = nextStart({ EMAIL_DELIVERY: "off" });
  try {
    expect(await serves(server), server.output()).toBe(true);
    expect(server.output()).toContain("EMAIL_DELIVERY=off: no email is sent");
    const { key } = await newSecretKey("delivery-off");
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const api = `http://localhost:${port}/api/v1`;
    const org = (await (
      await fetch(`${api}/organizations`, {
        method: "POST",
        headers,
        body: JSON.stringify({ name: `Quiet ${Date.now()}` }),
      })
    ).json()) as { id: string };
    const invitee = newPerson("quiet");
    const created = await fetch(`${api}/organizations/${org.id}/invitations`, {
      method: "POST",
      headers,
      body: JSON.stringify({ email_address: invitee.email, role: "org:admin" }),
    });
    expect(created.status).toBe(200);
    const rows = await prisma.outboxEmail.findMany({
      where: { to: invitee.email },
      select: { status: true, sentAt: true, lastError: true },
    });
    expect(rows).toEqual([
      { status: "undelivered", sentAt: null, lastError: expect.stringContaining("EMAIL_DELIVERY=off") },
    ]);
    expect(server.output()).toContain(`[email] not delivered (EMAIL_DELIVERY=off) to ${invitee.email}`);
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
  }
});
