// Demo data: `npm run db:seed`. Idempotent: existing demo users are left as they are.
import { prisma } from "../lib/db";
import { hashPassword } from "../lib/domain/passwords";
import { ensureEmbeddedDatabase } from "../lib/embedded-db";

// Without DATABASE_URL, serve the embedded database for the seed's duration unless `npm run dev` already does.
const embedded = process.env.DATABASE_URL?.trim() ? null : await ensureEmbeddedDatabase();

const DEMO_PASSWORD = "demo-password";
const people = [
  { name: "Ada Admin", email: "ada@example.com" },
  { name: "Ben Member", email: "ben@example.com" },
  { name: "Cy Newcomer", email: "cy@example.com" },
];

const passwordHash = await hashPassword(DEMO_PASSWORD);
for (const person of people) {
  await prisma.user.upsert({
    where: { email: person.email },
    update: {},
    create: { ...person, passwordHash, emailVerified: new Date() },
  });
}
console.info(`Seeded ${people.length} users; each signs in with the password "${DEMO_PASSWORD}":`);
for (const person of people) console.info(`  ${person.email}`);
await prisma.$disconnect();
await embedded?.close();
