import { connectsOverUnixSocket } from "@/lib/database-url";

/** The tests run against a PostgreSQL server (not the embedded PGlite, served on a Unix socket). */
export const realPostgres = !connectsOverUnixSocket(process.env.DATABASE_URL ?? "postgresql://x/y");
