import { afterEach } from "vitest";

/**
 * Puts the named environment variables back as they were when the test file
 * started, after each of its tests; returns that environment.
 */
export function restoreEnvAfterEach(names: readonly string[]): NodeJS.ProcessEnv {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  return saved;
}
