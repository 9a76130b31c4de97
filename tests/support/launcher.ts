// scripts/run.ts, what `npm run dev` and `npm start` run, started as a child
// process by the tests of what it checks and prints before it serves.
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** Runs scripts/run.ts until it exits or prints `until`; returns its exit code (null: stopped at `until`) and output. */
export function runLauncher(
  args: string[],
  env: NodeJS.ProcessEnv,
  until: RegExp,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/run.ts"), ...args], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    let done = false;
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (!done && until.test(output)) {
        done = true;
        process.kill(-child.pid!, "SIGTERM");
        resolve({ code: null, output });
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => {
      if (!done) resolve({ code, output });
    });
  });
}
