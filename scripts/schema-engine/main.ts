// The schema-engine binary's command line and JSON-RPC protocol, served by
// the wasm engine. Spawned by the Prisma CLI as
//   ENGINE [--datamodels FILE]... [--datasource JSON] [cli COMMAND]
// See docs/prisma-schema-engine.md.
import fs from "node:fs";
import readline from "node:readline";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { migrationAdapterFactory } from "./adapter";
import { EngineError, canConnect, createDatabase, dropDatabase, toEngineError } from "./databases";
import { embeddedDataDirOf, serveEmbedded } from "./embedded";
import { logLine } from "./log";
import { engineCommit, lastPanicMessage, loadSchemaEngine, type SchemaEngine } from "./wasm";

type Datasource = { url?: string; shadowDatabaseUrl?: string };
type Args = { datamodels: string[]; datasource: Datasource; cliCommand?: string; version: boolean };

function parseArgs(argv: string[]): Args {
  const args: Args = { datamodels: [], datasource: {}, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--datamodels") args.datamodels.push(value());
    else if (arg === "--datasource") args.datasource = JSON.parse(value()) as Datasource;
    else if (arg === "--version" || arg === "-V") args.version = true;
    else if (arg === "cli") args.cliCommand = value();
    // --enabled-preview-features / --extension-types: nothing the wasm
    // engine takes at construction; skip their values.
    else if (arg.startsWith("--")) i++;
  }
  return args;
}

// Resources to release however the process ends: the embedded server this
// process started, shadow databases the engine did not get to drop.
const cleanups: Array<() => Promise<void>> = [];
let exiting: Promise<never> | undefined;

// Every path out goes through here once: the CLI ends stdin and sends SIGTERM
// back to back, and the second must not cut the first one's cleanup short.
function exit(code: number): Promise<never> {
  return (exiting ??= (async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    // The wasm engine leaves a timer of its own (~10 s): exit explicitly.
    process.exit(code);
  })());
}

async function serveEmbeddedFor(url: string | undefined): Promise<void> {
  const dataDir = url ? embeddedDataDirOf(url) : undefined;
  if (!dataDir) return;
  try {
    cleanups.push(await serveEmbedded(dataDir));
  } catch (error) {
    // Not a connection failure: report it as it is rather than as P1001.
    throw new EngineError(
      undefined,
      `Could not start the embedded database in ${dataDir}: ${(error as Error).stack ?? String(error)}`,
    );
  }
}

async function runCliCommand(command: string, datasource: Datasource): Promise<never> {
  // The CLI discards the first stderr line of a one-shot command.
  logLine("INFO", { message: `Starting schema engine CLI command ${command}` });
  const url = datasource.url;
  try {
    if (!url) throw new EngineError(undefined, "The --datasource argument needs a url.");
    await serveEmbeddedFor(url);
    if (command === "can-connect-to-database") await canConnect(url);
    else if (command === "create-database") {
      const name = await createDatabase(url);
      logLine("INFO", { message: `Database '${name}' was successfully created.` });
    } else if (command === "drop-database") await dropDatabase(url);
    else throw new EngineError(undefined, `Unknown cli command: ${command}`);
  } catch (error) {
    const e = error instanceof EngineError ? error : toEngineError(error, url ?? "postgresql://localhost");
    logLine("ERROR", { error_code: e.errorCode, message: e.message }, "schema_engine::logger");
    return exit(1);
  }
  return exit(0);
}

type RpcRequest = { jsonrpc: "2.0"; id: number | string; method: string; params?: unknown };
type RpcResponse = { id: number | string; result?: unknown; error?: unknown };

function send(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

// Requests the engine sends to the CLI (only `print`), awaiting its answer.
let nextOutgoingId = 1;
const pendingOutgoing = new Map<number | string, () => void>();

function printToCli(content: string): Promise<void> {
  const id = `print-${nextOutgoingId++}`;
  return new Promise((resolve) => {
    pendingOutgoing.set(id, resolve);
    send({ jsonrpc: "2.0", id, method: "print", params: { content } });
  });
}

/** The native engine's JSON-RPC error shape, which the CLI unpacks. */
function rpcError(error: unknown, panicked: boolean): object {
  if (panicked) {
    const message = lastPanicMessage() || (error as Error)?.message || String(error);
    // The CLI shows the top-level message of a panic, so put the panic there.
    return { code: 4466, message, data: { is_panic: true, message, backtrace: null } };
  }
  let message = error instanceof Error ? error.message : String(error);
  let errorCode: string | undefined;
  let meta: unknown;
  if (error instanceof EngineError) errorCode = error.errorCode;
  // The wasm engine rejects with Errors whose message may be the serialized
  // user-facing error the native engine would have sent.
  try {
    const parsed = JSON.parse(message) as { message?: string; error_code?: string; meta?: unknown };
    if (parsed && typeof parsed.message === "string") {
      message = parsed.message;
      errorCode = parsed.error_code;
      meta = parsed.meta;
    }
  } catch {
    // plain message
  }
  const code = (error as { code?: unknown })?.code;
  if (!errorCode && typeof code === "string" && /^P\d{4}$/.test(code)) errorCode = code;
  // The wasm engine appends its span trace ("   0: module::fn ...") to
  // messages; the binary keeps that out of user-facing errors.
  const trace = /\n\s+0: [\s\S]*$/.exec(message);
  const migrationName = trace && /apply_migration::apply_script\s+with migration_name="([^"]+)"/.exec(trace[0])?.[1];
  if (trace) message = message.slice(0, trace.index);
  if (!errorCode && migrationName) {
    // What the binary reports for a failed migration; the wasm engine reports
    // only "external connector error" with no code.
    errorCode = "P3018";
    message =
      "A migration failed to apply. New migrations cannot be applied before the error is recovered from. " +
      "Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\n" +
      `Migration name: ${migrationName}\n\nDatabase error:\n${message.replace(/^external connector error\n/, "")}`;
  }
  return {
    code: 4466,
    message: "An error happened. Check the data field for details.",
    data: { is_panic: false, message, error_code: errorCode, meta },
  };
}

type EngineMethod = (params: unknown) => Promise<unknown>;

async function serveRpc(args: Args): Promise<void> {
  const { url, shadowDatabaseUrl } = args.datasource;
  await serveEmbeddedFor(url);
  const factory = migrationAdapterFactory(url, shadowDatabaseUrl);
  cleanups.push(() => factory.cleanup());

  const SchemaEngineClass = await loadSchemaEngine();
  const datamodels: [string, string][] = args.datamodels.map((file) => [file, fs.readFileSync(file, "utf8")]);
  const engine: SchemaEngine = await SchemaEngineClass.new(
    { datamodels: datamodels.length > 0 ? datamodels : undefined },
    (log: string) => {
      // Forward the engine's tracing as stderr log lines, as the binary does.
      try {
        const parsed = JSON.parse(log) as Record<string, unknown>;
        process.stderr.write(`${JSON.stringify(parsed)}\n`);
      } catch {
        logLine("INFO", { message: String(log) });
      }
    },
    bindMigrationAwareSqlAdapterFactory(factory),
  );

  // createMigration and evaluateDataLoss read a cache only devDiagnostic
  // fills (else: "shadow DB must be provided through an external factory"),
  // and the CLI does not always call it first. Remember for which migrations
  // directory contents the cache is valid.
  let diagnosedFor: string | undefined;
  const ensureDiagnosed = async (params: unknown) => {
    const { migrationsList, filters } = params as { migrationsList: unknown; filters: unknown };
    const key = JSON.stringify(migrationsList);
    if (diagnosedFor === key) return;
    await engine.devDiagnostic({ migrationsList, filters } as Parameters<SchemaEngine["devDiagnostic"]>[0]);
    diagnosedFor = key;
  };

  const methods: Record<string, EngineMethod> = {
    getDatabaseVersion: (params) => engine.version(params as Parameters<SchemaEngine["version"]>[0]),
    createDatabase: async (params) => {
      const datasource = (params as { datasource?: { tag?: string; url?: string } }).datasource;
      const target = datasource?.tag === "ConnectionString" && datasource.url ? datasource.url : url;
      if (!target) throw new EngineError(undefined, "No datasource URL to create a database for.");
      return { databaseName: await createDatabase(target) };
    },
    devDiagnostic: async (params) => {
      const result = await engine.devDiagnostic(params as Parameters<SchemaEngine["devDiagnostic"]>[0]);
      diagnosedFor = JSON.stringify((params as { migrationsList: unknown }).migrationsList);
      return result;
    },
    createMigration: async (params) => {
      await ensureDiagnosed(params);
      return engine.createMigration(params as Parameters<SchemaEngine["createMigration"]>[0]);
    },
    evaluateDataLoss: async (params) => {
      await ensureDiagnosed(params);
      return engine.evaluateDataLoss(params as Parameters<SchemaEngine["evaluateDataLoss"]>[0]);
    },
    diff: async (params) => {
      const result = await engine.diff(params as Parameters<SchemaEngine["diff"]>[0]);
      // The binary prints the diff by asking the CLI to, and the CLI captures
      // that output for --output; it does not read a stdout field.
      if (result.stdout !== null && result.stdout !== undefined) await printToCli(result.stdout);
      return { exitCode: result.exitCode };
    },
  };

  // Calls after which the devDiagnostic cache is stale (applyMigrations
  // empties it): everything but the calls that only read it.
  const keepsDiagnosis = new Set([
    "devDiagnostic",
    "evaluateDataLoss",
    "createMigration",
    "getDatabaseVersion",
    "diagnoseMigrationHistory",
  ]);

  const dispatch = (method: string, params: unknown): Promise<unknown> => {
    if (!keepsDiagnosis.has(method)) diagnosedFor = undefined;
    const own = Object.hasOwn(methods, method) ? methods[method] : undefined;
    if (own) return own(params);
    const fn = (engine as unknown as Record<string, unknown>)[method];
    if (method === "constructor" || method === "free" || typeof fn !== "function") {
      const error = new Error(`Method not found: ${method}`);
      return Promise.reject(Object.assign(error, { rpcCode: -32601 }));
    }
    return (fn as EngineMethod).call(engine, params);
  };

  // One request at a time, in order, like the native engine's single
  // connection; the CLI never pipelines anyway.
  let queue: Promise<void> = Promise.resolve();
  const handle = async (request: RpcRequest) => {
    try {
      const result = await dispatch(request.method, request.params);
      send({ jsonrpc: "2.0", id: request.id, result: result ?? {} });
    } catch (error) {
      const rpcCode = (error as { rpcCode?: number }).rpcCode;
      if (rpcCode) {
        send({ jsonrpc: "2.0", id: request.id, error: { code: rpcCode, message: (error as Error).message } });
        return;
      }
      // A Rust panic surfaces as a wasm trap; the engine is unusable after it.
      const panicked = (error as Error | undefined)?.name === "RuntimeError" || lastPanicMessage() !== "";
      send({ jsonrpc: "2.0", id: request.id, error: rpcError(error, panicked) });
      if (panicked) {
        logLine("ERROR", { message: lastPanicMessage() || String(error), is_panic: true });
        await exit(101);
      }
    }
  };

  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    let message: RpcRequest | RpcResponse;
    try {
      message = JSON.parse(line) as RpcRequest | RpcResponse;
    } catch {
      logLine("ERROR", { message: `Could not parse JSON-RPC message: ${line.slice(0, 200)}` });
      return;
    }
    if ("method" in message && typeof message.method === "string") {
      const request = message;
      queue = queue.then(() => handle(request));
    } else if (message.id !== undefined && pendingOutgoing.has(message.id)) {
      const resolve = pendingOutgoing.get(message.id);
      pendingOutgoing.delete(message.id);
      resolve?.();
    }
  });
  // The CLI ends stdin when done (and sends SIGTERM right after).
  lines.on("close", () => {
    void queue.then(() => exit(0));
  });
}

process.on("SIGTERM", () => void exit(0));
process.on("SIGINT", () => void exit(130));
process.stdout.on("error", () => void exit(0)); // EPIPE: the CLI is gone

const args = parseArgs(process.argv.slice(2));
if (args.version) {
  process.stdout.write(`schema-engine-cli ${engineCommit()}\n`);
  process.exit(0);
} else if (args.cliCommand) {
  await runCliCommand(args.cliCommand, args.datasource);
} else {
  try {
    await serveRpc(args);
  } catch (error) {
    const e =
      error instanceof EngineError ? error : toEngineError(error, args.datasource.url ?? "postgresql://localhost");
    logLine("ERROR", { error_code: e.errorCode, message: e.message }, "schema_engine::logger");
    await exit(1);
  }
}
