export function appUrl(): string {
  return (process.env.APP_URL ?? process.env.AUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
}

export function emailFrom(): string {
  return process.env.EMAIL_FROM ?? "Orgs <no-reply@localhost>";
}

export const APP_NAME = "Orgs";
