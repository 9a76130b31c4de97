// Run once as the production server starts (instrumentation.ts): without an
// email provider, every invitation and account email would be lost, so the
// server refuses to start unless the operator turned email off explicitly.
import { emailDelivery, emailDeliveryProblem } from "./config";

export function checkEmailDelivery(): void {
  if (process.env.NODE_ENV !== "production" || process.env.NEXT_PHASE === "phase-production-build") return;
  const problem = emailDeliveryProblem();
  if (problem) {
    console.error(`[email] refusing to start: ${problem}`);
    process.exit(1);
  }
  if (emailDelivery() === "off") {
    console.warn("[email] EMAIL_DELIVERY=off: no email is sent; each is recorded in the outbox as undelivered.");
  }
}
