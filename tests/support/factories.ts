import { randomUUID } from "node:crypto";

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 12)}@example.test`;
}

export function newSignUp(label = "user") {
  return { name: `Test ${label}`, email: uniqueEmail(label), password: `pw-${randomUUID()}` };
}
