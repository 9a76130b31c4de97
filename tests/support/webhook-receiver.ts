// A webhook receiver as an application runs one: a real HTTP server that
// verifies every delivery with @clerk/backend's verifyWebhook and with the
// standardwebhooks package before answering, and that a test can tell to fail,
// time out, throttle, or hold requests without ever answering them.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook } from "@clerk/backend/webhooks";
import { Webhook } from "standardwebhooks";

export type Received = {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
};

export type Behaviour = (
  id: string,
  attempt: number,
) => { status?: number; delayMs?: number; headers?: Record<string, string>; hold?: boolean };

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** A receiver that verifies each delivery with both libraries before answering as `behave` says. */
export async function startReceiver(secretOf: () => string) {
  /** Deliveries answered with a 2xx (a late one too: the sender gave up and sends the same id again). */
  const received: Received[] = [];
  /** Every request's svix-id, in arrival order (answered or not). */
  const seen: string[] = [];
  const attempts = new Map<string, number>();
  const invalid: string[] = [];
  const held = new Set<http.ServerResponse>();
  let behave: Behaviour = () => ({ status: 200 });
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const id = String(request.headers["svix-id"]);
      seen.push(id);
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      const { status = 200, delayMs = 0, headers = {}, hold = false } = behave(id, attempt);
      try {
        const secret = secretOf();
        new Webhook(secret).verify(body, request.headers as Record<string, string>);
        const event = await verifyWebhook(
          new Request("http://receiver.test/webhooks", {
            method: "POST",
            headers: request.headers as Record<string, string>,
            body,
          }),
          { signingSecret: secret },
        );
        if (!hold && status >= 200 && status < 300)
          received.push({ id, type: event.type, payload: JSON.parse(body), headers: request.headers });
      } catch (error) {
        invalid.push(`${id}: ${(error as Error).message}`);
      }
      if (hold) {
        // Never answered: the sender is stuck mid-delivery until it times out or dies.
        held.add(response);
        response.on("close", () => held.delete(response));
        return;
      }
      setTimeout(() => {
        if (response.destroyed) return;
        response.writeHead(status, headers).end(status >= 400 ? `nope ${status}` : "ok");
      }, delayMs);
    });
  });
  // Longer than any pause between deliveries: a sender never reuses a connection the receiver just closed.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  return {
    url,
    received,
    seen,
    invalid,
    attempts,
    /** Requests being held open right now. */
    get holding() {
      return held.size;
    },
    set behave(value: Behaviour) {
      behave = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
