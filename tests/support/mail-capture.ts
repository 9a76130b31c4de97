// A local stand-in for Resend's HTTP API, for tests: the real `resend` SDK is
// pointed at it with RESEND_BASE_URL. It stores what it accepts, honours
// Idempotency-Key like Resend does, and can be told to fail requests.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type CapturedEmail = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  idempotencyKey: string | null;
  receivedAt: number;
};

export type MailCapture = {
  url: string;
  port: number;
  emails: CapturedEmail[];
  /** Requests seen, accepted or not. */
  requests: number;
  /** Requests answered 200 per idempotency key, duplicates included. */
  acceptedByKey: Map<string, number>;
  /** Decides per request (its number, and the email it carries) whether to answer 500; default never. */
  failWhen: (requestNumber: number, payload: Record<string, unknown>) => boolean;
  close: () => Promise<void>;
};

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export async function startMailCapture({ port = 0 }: { port?: number } = {}): Promise<MailCapture> {
  const byKey = new Map<string, CapturedEmail>();
  const capture: MailCapture = {
    url: "",
    port: 0,
    emails: [],
    requests: 0,
    acceptedByKey: new Map(),
    failWhen: () => false,
    close: async () => {},
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    try {
      if (req.method === "POST" && url.pathname === "/emails") {
        const requestNumber = ++capture.requests;
        if (!req.headers.authorization?.startsWith("Bearer ")) {
          return json(res, 401, { statusCode: 401, name: "missing_api_key", message: "Missing API key" });
        }
        const payload = JSON.parse(await readBody(req)) as Record<string, unknown>;
        if (capture.failWhen(requestNumber, payload)) {
          return json(res, 500, { statusCode: 500, name: "internal_server_error", message: "Injected failure" });
        }
        const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
        if (key) capture.acceptedByKey.set(key, (capture.acceptedByKey.get(key) ?? 0) + 1);
        const previous = key ? byKey.get(key) : undefined;
        if (previous) return json(res, 200, { id: previous.id });
        const email: CapturedEmail = {
          id: randomUUID(),
          from: String(payload.from ?? ""),
          to: Array.isArray(payload.to) ? payload.to.map(String) : [String(payload.to ?? "")],
          subject: String(payload.subject ?? ""),
          html: String(payload.html ?? ""),
          text: String(payload.text ?? ""),
          idempotencyKey: key,
          receivedAt: Date.now(),
        };
        capture.emails.push(email);
        if (key) byKey.set(key, email);
        return json(res, 200, { id: email.id });
      }
      if (req.method === "GET" && url.pathname === "/messages") {
        const to = url.searchParams.get("to")?.toLowerCase();
        return json(
          res,
          200,
          to ? capture.emails.filter((e) => e.to.some((t) => t.toLowerCase() === to)) : capture.emails,
        );
      }
      if (req.method === "GET" && url.pathname === "/health") return json(res, 200, { ok: true });
      json(res, 404, { statusCode: 404, name: "not_found", message: "Not found" });
    } catch (error) {
      json(res, 400, { statusCode: 400, name: "validation_error", message: (error as Error).message });
    }
  });

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  capture.port = (server.address() as AddressInfo).port;
  capture.url = `http://127.0.0.1:${capture.port}`;
  capture.close = () => new Promise((resolve) => server.close(() => resolve()));
  return capture;
}
