// Shared by the operators' commands (npm run api-key, npm run webhooks): the
// database they work on, the exit code they end with, and the errors they
// explain rather than throw.
import { prisma } from "../lib/db";
import { isDomainError } from "../lib/domain/errors";
import { ensureEmbeddedDatabase } from "../lib/embedded-db";

/**
 * Runs `command` against DATABASE_URL, else the embedded database (as `npm run
 * dev` does), then exits: 0 once it is done; 2, printing `usage`, when it
 * answers false (the arguments name no command); 1 on a domain error or one
 * `explain` has a message for, printing the message. Any other error is thrown.
 */
export async function runOperatorCommand(
  usage: string,
  command: () => Promise<boolean>,
  explain: (error: unknown) => string | null = () => null,
): Promise<never> {
  const embedded = process.env.DATABASE_URL?.trim() ? null : await ensureEmbeddedDatabase();
  let exitCode = 0;
  try {
    if (!(await command())) {
      console.error(usage);
      exitCode = 2;
    }
  } catch (error) {
    const message = isDomainError(error) ? error.message : explain(error);
    if (message === null) throw error;
    console.error(message);
    exitCode = 1;
  } finally {
    await prisma.$disconnect();
    await embedded?.close();
  }
  process.exit(exitCode);
}
