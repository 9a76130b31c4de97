// Compares the members page of this checkout with another one, both served at once:
//   DATABASE_URL=postgresql://.../orgs_bench OTHER_DIR=../before OTHER_DATABASE_URL=postgresql://.../orgs_bench_before \
//     npm run bench:compare
// Both checkouts must be built (`npm run build`) and their databases seeded by their own
// `bench:members` (organizations bench-50 and bench-10k). After a warm-up, the two servers are
// loaded in turn, in blocks of BENCH_BLOCK requests, the order swapped every round: a machine
// whose speed drifts (shared virtual machines move single runs by 10-20 %) slows both alike, so
// the ratio is what this prints, with each server's CPU time per request.
import path from "node:path";
import {
  closedLoop,
  processTreeCpuMs,
  rawClient,
  refuseBusyPort,
  signIn,
  startProductionServer,
  waitForServer,
} from "./bench-lib";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 250);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 800);
const SLUGS = (process.env.BENCH_SLUGS ?? "bench-50,bench-10k").split(",");

const otherDir = process.env.OTHER_DIR?.trim();
if (!process.env.DATABASE_URL || !otherDir || !process.env.OTHER_DATABASE_URL) {
  console.error("Set DATABASE_URL, OTHER_DIR (another built checkout) and OTHER_DATABASE_URL (its database).");
  process.exit(2);
}

const builds = [
  { name: "this checkout", dir: path.resolve(import.meta.dirname, ".."), url: process.env.DATABASE_URL, port: 3251 },
  {
    name: path.basename(path.resolve(otherDir)),
    dir: path.resolve(otherDir),
    url: process.env.OTHER_DATABASE_URL,
    port: 3252,
  },
];

for (const build of builds) await refuseBusyPort(`http://localhost:${build.port}`);
const servers = builds.map((build) => {
  const base = `http://localhost:${build.port}`;
  return {
    ...build,
    base,
    process: startProductionServer(build.port, { DATABASE_URL: build.url }, build.dir),
    send: rawClient(base),
  };
});
try {
  for (const server of servers) await waitForServer(server.base);
  console.info(
    `members page, ${ROUNDS} rounds of ${BLOCK} requests at ${CONCURRENCY} clients per server, taking turns`,
  );
  console.info("organization | server | req/s | server CPU ms/req");
  for (const slug of SLUGS) {
    const page = `/orgs/${slug}/settings/members`;
    const runs = [];
    for (const server of servers) {
      const cookie = await signIn(server.base, `admin@${slug}.example`, "demo-password");
      const get = () => server.send(page, { headers: { cookie, "accept-encoding": "gzip" } });
      // A server closes a keep-alive connection left idle while the other server had its turn; a
      // request caught by that close is sent again on a new connection.
      const load = (n: number) => closedLoop(CONCURRENCY, n, () => get().catch(get));
      await load(WARMUP);
      runs.push({ server, load, ms: 0, cpu: 0 });
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const run of round % 2 === 0 ? runs : [...runs].reverse()) {
        const cpu = processTreeCpuMs(run.server.process.pid!) ?? 0;
        const t0 = performance.now();
        await run.load(BLOCK);
        run.ms += performance.now() - t0;
        run.cpu += (processTreeCpuMs(run.server.process.pid!) ?? 0) - cpu;
      }
    }
    const figures = runs.map((run) => ({
      rps: (ROUNDS * BLOCK * 1000) / run.ms,
      cpu: run.cpu / (ROUNDS * BLOCK),
    }));
    runs.forEach((run, i) =>
      console.info(
        `${slug.padEnd(12)} | ${run.server.name} | ${figures[i]!.rps.toFixed(1)} | ${figures[i]!.cpu.toFixed(2)}`,
      ),
    );
    const [mine, other] = figures;
    console.info(
      `${slug.padEnd(12)} | this vs other | ${((mine!.rps / other!.rps - 1) * 100).toFixed(1)} % req/s | ${((mine!.cpu / other!.cpu - 1) * 100).toFixed(1)} % CPU`,
    );
  }
} finally {
  await Promise.all(
    servers.map(({ process: server }) =>
      server.exitCode === null
        ? new Promise((resolve) => {
            server.once("exit", resolve);
            server.kill("SIGTERM");
          })
        : null,
    ),
  );
}
process.exit(0);
