// Instance secret keys for the REST API (/api/v1), for operators:
//   npm run api-key -- create "billing service"   prints a new key, once
//   npm run api-key -- list                        ids, names, prefixes, last use
//   npm run api-key -- revoke ak_...               the key stops working at once
// Uses DATABASE_URL, else the embedded database (as `npm run dev` does).
import { db } from "../lib/db";
import { createApiKey, listApiKeys, revokeApiKey } from "../lib/domain/api-keys";
import { runOperatorCommand } from "./operator-command";

const [command, ...rest] = process.argv.slice(2);
const usage = 'Usage: npm run api-key -- create "<name>" | list | revoke <key id>';

await runOperatorCommand(
  usage,
  async () => {
    if (command === "create") {
      const created = await createApiKey(db, rest.join(" "));
      console.info(`Created ${created.id} ("${created.name}"). The secret key, shown only now:\n\n  ${created.key}\n`);
      console.info(
        'Use it as `Authorization: Bearer <key>`, e.g. createClerkClient({ secretKey, apiUrl: "<origin>/api" }).',
      );
    } else if (command === "list") {
      const keys = await listApiKeys(db);
      if (keys.length === 0) console.info("No API keys yet.");
      for (const key of keys) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : "active";
        const used = key.lastUsedAt ? `last used ${key.lastUsedAt.toISOString()}` : "never used";
        console.info(`${key.id}  ${key.prefix}…  ${state}  ${used}  "${key.name}"`);
      }
    } else if (command === "revoke" && rest[0]) {
      const revoked = await revokeApiKey(db, rest[0]);
      console.info(`Revoked ${revoked.id} ("${revoked.name}").`);
    } else return false;
    return true;
  },
  (error) =>
    (error as { code?: string }).code === "P2021"
      ? "The database has no api_keys table yet: run `npm run db:deploy` (or start the app once)."
      : null,
);
