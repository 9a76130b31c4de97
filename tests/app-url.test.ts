// Emailed and copied links start with the app's public URL: in development the
// port and host the dev server listens on (scripts/run.ts sets APP_URL from
// them), in production an explicit APP_URL, without which the server refuses
// to start.
import { afterAll, describe, expect, it } from "vitest";
import { db, prisma } from "@/lib/db";
import { signUp } from "@/lib/domain/users";
import { appUrl, appUrlProblem, devServerUrl } from "@/lib/email/config";
import { newSignUp } from "./support/factories";
import { restoreEnvAfterEach } from "./support/env";
import { runLauncher } from "./support/launcher";

afterAll(() => prisma.$disconnect());

const saved = restoreEnvAfterEach(["APP_URL", "AUTH_URL", "PORT"]);

describe("the app's URL in links", () => {
  it("is APP_URL, else AUTH_URL, else localhost on PORT (3000 when unset)", () => {
    expect(appUrl({ APP_URL: "https://orgs.example/", AUTH_URL: "https://auth.example", PORT: "4000" })).toBe(
      "https://orgs.example",
    );
    expect(appUrl({ AUTH_URL: "https://auth.example", PORT: "4000" })).toBe("https://auth.example");
    expect(appUrl({ PORT: "3970" })).toBe("http://localhost:3970");
    expect(appUrl({ APP_URL: " ", PORT: "3970" })).toBe("http://localhost:3970");
    expect(appUrl({})).toBe("http://localhost:3000");
  });

  it("follows the dev server's port and host, from its options or PORT", () => {
    expect(devServerUrl([], {})).toEqual({ url: "http://localhost:3000", port: "3000" });
    expect(devServerUrl([], { PORT: "3970" })).toEqual({ url: "http://localhost:3970", port: "3970" });
    expect(devServerUrl(["-p", "4100"], { PORT: "3970" })).toEqual({ url: "http://localhost:4100", port: "4100" });
    expect(devServerUrl(["--port=4200"], {}).url).toBe("http://localhost:4200");
    expect(devServerUrl(["--port", "4300", "-H", "dev.box.test"], {}).url).toBe("http://dev.box.test:4300");
    expect(devServerUrl(["--hostname", "0.0.0.0"], { PORT: "3970" }).url).toBe("http://localhost:3970");
    expect(devServerUrl(["-H", "::1"], {}).url).toBe("http://[::1]:3000");
  });

  it("production needs an explicit http(s) APP_URL, and says what to set", () => {
    expect(appUrlProblem({})).toMatch(/^APP_URL is not set: set it to the public URL of the app/);
    expect(appUrlProblem({ AUTH_URL: "https://orgs.example" })).toMatch(/^APP_URL is not set/);
    expect(appUrlProblem({ APP_URL: "orgs.example" })).toMatch(/is not a URL/);
    expect(appUrlProblem({ APP_URL: "ftp://orgs.example" })).toMatch(/must start with https:\/\//);
    expect(appUrlProblem({ APP_URL: "https://orgs.example" })).toBeNull();
  });

  it("is read when the email is queued: a verification email made on port 3970 links there", async () => {
    delete process.env.APP_URL;
    delete process.env.AUTH_URL;
    process.env.PORT = "3970";
    const person = newSignUp("port");
    await signUp(db, person);
    const email = await prisma.outboxEmail.findFirstOrThrow({
      where: { to: person.email },
      select: { text: true, html: true },
    });
    expect(email.text).toMatch(/http:\/\/localhost:3970\/verify-email\/[A-Za-z0-9_-]+/);
    expect(email.html).toContain("http://localhost:3970/verify-email/");
    expect(email.text).not.toContain("localhost:3000");
  });
});

describe("npm run dev / npm start", () => {
  const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
    const result: NodeJS.ProcessEnv = { ...saved, AUTH_SECRET: "test-secret-0123456789abcdef0123456789", ...extra };
    delete result.APP_URL;
    delete result.AUTH_URL;
    delete result.PORT;
    return { ...result, ...extra };
  };

  it("npm start refuses to start without APP_URL, saying what to set", async () => {
    const { code, output } = await runLauncher(
      ["start", "-p", "0"],
      env({ NODE_ENV: "production", EMAIL_DELIVERY: "off", WEB_CONCURRENCY: "1" }),
      /Ready|Local:/i,
    );
    expect(output).toContain("[app] refusing to start: APP_URL is not set: set it to the public URL of the app");
    expect(code).toBe(1);
  }, 60_000);

  it("npm run dev on another port sends its links there", async () => {
    const { output } = await runLauncher(
      ["dev"],
      env({ NODE_ENV: "development", PORT: "3970" }),
      /links in emails point at/,
    );
    expect(output).toContain("[app] links in emails point at http://localhost:3970");
    const viaOption = await runLauncher(
      ["dev", "-p", "3971"],
      env({ NODE_ENV: "development" }),
      /links in emails point at/,
    );
    expect(viaOption.output).toContain("[app] links in emails point at http://localhost:3971");
  }, 60_000);
});
