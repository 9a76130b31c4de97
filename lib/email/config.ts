type Env = Record<string, string | undefined>;

/**
 * The public URL every emailed and copied link starts with. APP_URL, else
 * AUTH_URL; in development with neither, the port the server listens on (PORT,
 * which `npm run dev` always sets: scripts/run.ts sets APP_URL from the port
 * and host it serves). Production refuses to start without APP_URL
 * (appUrlProblem), so this fallback is never used there.
 */
export function appUrl(env: Env = process.env): string {
  const explicit = env.APP_URL?.trim() || env.AUTH_URL?.trim();
  return (explicit || `http://localhost:${env.PORT?.trim() || "3000"}`).replace(/\/+$/, "");
}

/** Why production must not start with this environment's APP_URL, or null when it is fine. */
export function appUrlProblem(env: Env = process.env): string | null {
  const value = env.APP_URL?.trim();
  if (!value)
    return (
      "APP_URL is not set: set it to the public URL of the app (e.g. https://orgs.example.com). " +
      "Every emailed link (invitations, email verification, password reset) starts with it."
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `APP_URL=${value} is not a URL: set it to the public URL of the app, e.g. https://orgs.example.com.`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `APP_URL=${value} must start with https:// (or http://), e.g. https://orgs.example.com.`;
  return null;
}

/**
 * The URL `next dev` serves for its command line (`-p`/`--port`, `-H`/`--hostname`)
 * and environment (PORT, default 3000), for the development server's links.
 * A wildcard host (0.0.0.0, ::) is reached as localhost.
 */
export function devServerUrl(args: readonly string[], env: Env = process.env): { url: string; port: string } {
  const option = (short: string, long: string): string | undefined => {
    let found: string | undefined;
    args.forEach((arg, i) => {
      if (arg === short || arg === long) found = args[i + 1];
      else if (arg.startsWith(`${long}=`)) found = arg.slice(long.length + 1);
    });
    return found;
  };
  const port = option("-p", "--port") ?? (env.PORT?.trim() || "3000");
  const host = option("-H", "--hostname");
  const reachable = !host || host === "0.0.0.0" || host === "::" || host === "[::]" ? "localhost" : host;
  const shown = reachable.includes(":") && !reachable.startsWith("[") ? `[${reachable}]` : reachable;
  return { url: `http://${shown}:${port}`, port };
}

export function emailFrom(): string {
  return process.env.EMAIL_FROM ?? "Orgs <no-reply@localhost>";
}

export const APP_NAME = "Orgs";

/** resend: Resend's API; local: kept in the outbox for /dev/mailbox (development); off: never sent, recorded as undelivered. */
export type EmailDelivery = "resend" | "local" | "off";

const NO_PROVIDER =
  "No email provider is configured: set RESEND_API_KEY (and EMAIL_FROM), or set EMAIL_DELIVERY=off to run without email " +
  "(invitations, verification and password-reset emails are then recorded as undelivered and reach nobody).";

/**
 * How emails leave the app. EMAIL_DELIVERY=off wins (the operator said so);
 * else Resend when RESEND_API_KEY is set; else, outside production, the local
 * capture. In production with neither, there is no way out: null, and
 * emailDeliveryProblem explains (the server refuses to start).
 */
export function emailDelivery(
  env: NodeJS.ProcessEnv = process.env,
  production = env.NODE_ENV === "production",
): EmailDelivery | null {
  const setting = env.EMAIL_DELIVERY?.trim().toLowerCase();
  if (setting === "off") return "off";
  if (env.RESEND_API_KEY?.trim()) return "resend";
  return production ? null : "local";
}

/** Why the server must not start with this environment, or null when email is configured (or explicitly off). */
export function emailDeliveryProblem(
  env: NodeJS.ProcessEnv = process.env,
  production = env.NODE_ENV === "production",
): string | null {
  const setting = env.EMAIL_DELIVERY?.trim();
  if (setting && setting.toLowerCase() !== "off")
    return `EMAIL_DELIVERY=${setting} is not understood: leave it empty, or set it to off.`;
  return emailDelivery(env, production) ? null : NO_PROVIDER;
}
