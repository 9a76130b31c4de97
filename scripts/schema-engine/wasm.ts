// Loads the official schema engine compiled to wasm. The npm package's glue
// is built for bundlers (it imports the .wasm as a module), so in Node the
// module is instantiated by hand with the glue as its import object.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";

export type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

type PanicRegistry = { get: () => string; set_message: (message: string) => void };

declare global {
  // The wasm module reports Rust panic messages through this global.
  var PRISMA_WASM_PANIC_REGISTRY: PanicRegistry | undefined;
}

let lastPanic = "";

type WasmApi = {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

// The global WebAssembly is typed only by the DOM lib, which a Node script's
// tsconfig may leave out: declare the one call used.
function wasmApi(): WasmApi {
  return (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
}

/** The message of the last Rust panic, if the engine panicked. */
export function lastPanicMessage(): string {
  return lastPanic;
}

export async function loadSchemaEngine(): Promise<typeof glue.SchemaEngine> {
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    get: () => lastPanic,
    set_message: (message: string) => {
      lastPanic = message;
    },
  };
  // The CLI ships the wasm of its own engine commit; its glue-facing imports
  // match the pinned @prisma/schema-engine-wasm, so prefer it, so migrations
  // behave exactly as the CLI version expects.
  const require = createRequire(import.meta.url);
  const cliBuild = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "schema_engine_bg.wasm");
  const wasmPath = fs.existsSync(cliBuild)
    ? cliBuild
    : path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
  const { instance } = await wasmApi().instantiate(fs.readFileSync(wasmPath), { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue.SchemaEngine;
}

/** The engine commit this CLI version expects, for `--version`. */
export function engineCommit(): string {
  // Resolved from the CLI package so the version it was built against wins.
  const fromCli = createRequire(createRequire(import.meta.url).resolve("prisma/package.json"));
  try {
    const pkg = fromCli("@prisma/engines-version/package.json") as { prisma?: { enginesVersion?: string } };
    return pkg.prisma?.enginesVersion ?? "unknown";
  } catch {
    return "unknown";
  }
}
