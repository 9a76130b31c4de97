// The one Prisma client. The app always talks to PostgreSQL through
// @prisma/adapter-pg: a real server when DATABASE_URL is set, otherwise the
// embedded PGlite server that `npm run dev` / `npm start` serve on a socket.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { resolveDatabaseUrl } from "./database-url";
import { numberSetting } from "./settings";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

function createClient(): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: resolveDatabaseUrl(),
    max: numberSetting("DATABASE_POOL_SIZE", 10, { min: 1 }),
  });
  return new PrismaClient({ adapter });
}

// Dev-mode hot reloads re-evaluate modules: keep one pool per process.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const db: PrismaClient = globalForPrisma.prisma ?? createClient();
globalForPrisma.prisma = db;
