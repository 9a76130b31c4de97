// The REST API's route handlers (app/api/v1/**/route.ts) served over real
// HTTP without `next build`: the file tree is matched the way the App Router
// matches it (a static segment before [param] before [...catchAll]) and each
// request goes to the module's exported method handler, with the route's
// params, as Next.js calls it. What a client meets is the handlers' own
// answers, so @clerk/backend's createClerkClient drives it as it drives the
// built server. Like the app's proxy, it passes the peer's address in the
// client-address header.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { CLIENT_ADDRESS_HEADER } from "@/lib/server/client-address";

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type Segment = { kind: "static"; name: string } | { kind: "param"; name: string } | { kind: "rest"; name: string };
type Route = { segments: Segment[]; file: string; module?: Promise<Record<string, unknown>> };

const API_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../app/api/v1");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

function segmentsOf(file: string): Segment[] {
  const relative = path.relative(API_ROOT, path.dirname(file));
  if (!relative) return [];
  return relative.split(path.sep).map((part): Segment => {
    const rest = /^\[\.\.\.(\w+)\]$/.exec(part);
    if (rest) return { kind: "rest", name: rest[1]! };
    const param = /^\[(\w+)\]$/.exec(part);
    if (param) return { kind: "param", name: param[1]! };
    return { kind: "static", name: part };
  });
}

const RANK = { static: 0, param: 1, rest: 2 } as const;
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade"]);

/** Most specific first: segment by segment, static before [param] before [...rest]. */
function bySpecificity(a: Route, b: Route): number {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const [x, y] = [a.segments[i], b.segments[i]];
    if (!x || !y) return x ? -1 : 1;
    if (RANK[x.kind] !== RANK[y.kind]) return RANK[x.kind] - RANK[y.kind];
  }
  return 0;
}

function match(route: Route, parts: string[]): Record<string, string | string[]> | null {
  const params: Record<string, string | string[]> = {};
  for (const [i, segment] of route.segments.entries()) {
    if (segment.kind === "rest") {
      if (i >= parts.length) return null;
      params[segment.name] = parts.slice(i);
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (segment.kind === "static" && segment.name !== part) return null;
    if (segment.kind === "param") params[segment.name] = part;
  }
  return parts.length === route.segments.length ? params : null;
}

export type ApiServer = { url: string; port: number; close: () => Promise<void> };

/** Serves /api/v1/... on 127.0.0.1 (a free port unless given); `url` is what createClerkClient takes as apiUrl. */
export async function startApiServer(port = 0): Promise<ApiServer> {
  const routes: Route[] = routeFiles(API_ROOT)
    .map((file) => ({ file, segments: segmentsOf(file) }))
    .sort(bySpecificity);

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", `http://${request.headers.host ?? "localhost"}`);
    const prefix = "/api/v1";
    const pathname = url.pathname.startsWith(prefix + "/") ? url.pathname.slice(prefix.length + 1) : null;
    const parts = pathname === null ? null : pathname.split("/").filter(Boolean).map(decodeURIComponent);
    let found: { route: Route; params: Record<string, string | string[]> } | null = null;
    for (const route of parts ? routes : []) {
      const params = match(route, parts!);
      if (params) {
        found = { route, params };
        break;
      }
    }
    if (!found) {
      response.writeHead(404).end();
      return;
    }
    found.route.module ??= import(found.route.file) as Promise<Record<string, unknown>>;
    const handler = (await found.route.module)[request.method ?? "GET"] as Handler | undefined;
    if (!handler) {
      response.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || name === CLIENT_ADDRESS_HEADER || HOP_BY_HOP.has(name)) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
    }
    headers.set(CLIENT_ADDRESS_HEADER, request.socket.remoteAddress ?? "");
    const body =
      chunks.length && request.method !== "GET" && request.method !== "HEAD"
        ? new Uint8Array(Buffer.concat(chunks))
        : null;
    const answer = await handler(new Request(url, { method: request.method, headers, body }), {
      params: Promise.resolve(found.params),
    });
    const out = Buffer.from(await answer.arrayBuffer());
    const outHeaders: Record<string, string> = {};
    answer.headers.forEach((value, name) => (outHeaders[name] = value));
    outHeaders["content-length"] = String(out.length);
    response.writeHead(answer.status, outHeaders).end(out);
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error("[api-server]", error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/api`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
