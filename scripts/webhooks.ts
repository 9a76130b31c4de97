// Webhook endpoints, for operators (the REST API's /v1/webhooks/endpoints does the same):
//   npm run webhooks -- add <url> [--events organization.created,user.created] [--description "..."]
//   npm run webhooks -- list
//   npm run webhooks -- remove <whe_...>
//   npm run webhooks -- rotate <whe_...>          prints the new secret, once
//   npm run webhooks -- enable|disable <whe_...>
//   npm run webhooks -- deliveries <whe_...> [--status failed]
//   npm run webhooks -- replay <whe_...> [delivery id]   all failed ones, or one
// Uses DATABASE_URL, else the embedded database (as `npm run dev` does).
import { parseArgs } from "node:util";
import { db } from "../lib/db";
import { EVENT_TYPES } from "../lib/domain/events";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  replayWebhookDeliveries,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  type DeliveryStatus,
} from "../lib/domain/webhook-endpoints";
import { runOperatorCommand } from "./operator-command";

const usage = `Usage: npm run webhooks -- <command>
  add <url> [--events type,type] [--description text]
  list
  remove <endpoint id>
  rotate <endpoint id>
  enable <endpoint id> | disable <endpoint id>
  deliveries <endpoint id> [--status pending|delivering|delivered|failed]
  replay <endpoint id> [delivery id]
Event types: ${EVENT_TYPES.join(", ")}`;

const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { events: { type: "string" }, description: { type: "string" }, status: { type: "string" } },
});
const [command, ...rest] = positionals;

await runOperatorCommand(usage, async () => {
  if (command === "add" && rest[0]) {
    const events = values.events
      ?.split(",")
      .map((type) => type.trim())
      .filter(Boolean);
    const created = await createWebhookEndpoint(db, { url: rest[0], events, description: values.description });
    console.info(`Added ${created.id} → ${created.url} (${created.events?.join(", ") ?? "every event"}).`);
    console.info(`Signing secret, shown only now (rotate to get a new one):\n\n  ${created.secret}\n`);
  } else if (command === "list") {
    const { data } = await listWebhookEndpoints(db, { limit: 500 });
    if (data.length === 0) console.info("No webhook endpoints yet.");
    for (const endpoint of data) {
      const state = endpoint.enabled
        ? "enabled"
        : `disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ""}`;
      console.info(`${endpoint.id}  ${endpoint.url}  ${state}  events: ${endpoint.events?.join(",") ?? "all"}`);
    }
  } else if (command === "remove" && rest[0]) {
    const removed = await deleteWebhookEndpoint(db, rest[0]);
    console.info(`Removed ${removed.id} (${removed.url}).`);
  } else if (command === "rotate" && rest[0]) {
    const rotated = await rotateWebhookSecret(db, rest[0]);
    console.info(`New signing secret for ${rotated.id}, shown only now:\n\n  ${rotated.secret}\n`);
  } else if ((command === "enable" || command === "disable") && rest[0]) {
    const updated = await updateWebhookEndpoint(db, rest[0], { enabled: command === "enable" });
    console.info(`${updated.id} is ${updated.enabled ? "enabled" : "disabled"}.`);
  } else if (command === "deliveries" && rest[0]) {
    const { data, totalCount } = await listWebhookDeliveries(db, rest[0], {
      limit: 50,
      status: values.status as DeliveryStatus | undefined,
    });
    console.info(`${totalCount} deliveries${values.status ? ` (${values.status})` : ""}; the latest 50:`);
    for (const d of data)
      console.info(
        `${d.id}  ${d.eventId}  ${d.eventType}  ${d.status}  tries ${d.attempts}  ${d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : "")}`,
      );
  } else if (command === "replay" && rest[0]) {
    const { queued } = await replayWebhookDeliveries(db, rest[0], { deliveryId: rest[1] });
    console.info(`${queued} deliver${queued === 1 ? "y" : "ies"} queued again.`);
  } else return false;
  return true;
});
