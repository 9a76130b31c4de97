// Run once as the production server starts (instrumentation.ts): without an
// email provider, every invitation and account email would be lost, so the
// server refuses to start unless the operator turned email off explicitly;
// without APP_URL every emailed link would guess the host, so it refuses too.
import { appUrlProblem, emailDelivery, emailDeliveryProblem } from "./config";

export function checkEmailDelivery(): void {
  if (process.env.NODE_ENV !== "production" || process.env.NEXT_PHASE === "phase-production-build") return;
  const problems = [
    ["email", emailDeliveryProblem()],
    ["app", appUrlProblem()],
  ].filter(([, problem]) => problem);
  for (const [area, problem] of problems) console.error(`[${area}] refusing to start: ${problem}`);
  if (problems.length > 0) process.exit(1);
  if (emailDelivery() === "off") {
    console.warn("[email] EMAIL_DELIVERY=off: no email is sent; each is recorded in the outbox as undelivered.");
  }
}
