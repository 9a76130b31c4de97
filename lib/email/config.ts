export function appUrl(): string {
  return (process.env.APP_URL ?? process.env.AUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
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
