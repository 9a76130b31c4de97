// What the email outbox and the webhook deliveries share: a pass that claims
// due rows (SKIP LOCKED) and reports what it did, drained until nothing is due,
// and the in-process loop that runs it: a kick right after a commit that
// queued something, and a periodic sweep that picks up retries and what a
// crashed process left behind. OUTBOX_WORKER=off turns the loop off in a
// process (another one, e.g. `npm run worker`, delivers; tests drive delivery).

/** A pass's report: how many rows it claimed, and counts of what became of them. */
export type PassReport = { claimed: number } & Record<string, number>;

/** Runs passes until one claims nothing; the reports added up. */
export async function drainPasses<R extends PassReport>(pass: () => Promise<R>): Promise<R> {
  let total: Record<string, number> | null = null;
  for (;;) {
    const report = await pass();
    if (total === null) total = { ...report };
    else for (const [key, value] of Object.entries(report)) total[key] = (total[key] ?? 0) + value;
    if (report.claimed === 0) return total as R;
  }
}

export type DeliveryLoop = {
  /** Starts a drain soon without making the caller wait; one already running is followed by one more. */
  kick(): void;
  /** Resolves once no drain of this loop is running (tests; a clean shutdown). */
  settled(): Promise<void>;
  /** Kicks every `intervalMs` (an unref'd timer, one per process) and once now. */
  start(intervalMs: number): void;
  stop(): void;
};

const timers = globalThis as unknown as Record<string, NodeJS.Timeout | undefined>;

/** The loop of one kind of delivery; `name` labels its log lines and keys its timer. */
export function deliveryLoop(name: string, drain: () => Promise<unknown>): DeliveryLoop {
  let running: Promise<unknown> | null = null;
  let again = false;
  const timerKey = `${name}DeliveryTimer`;

  function kick(): void {
    if (process.env.OUTBOX_WORKER === "off") return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((error) => console.error(`[${name}] delivery pass failed:`, error))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          kick();
        }
      });
  }

  return {
    kick,
    async settled() {
      while (running) await running;
    },
    start(intervalMs) {
      if (timers[timerKey]) return;
      timers[timerKey] = setInterval(kick, intervalMs);
      timers[timerKey].unref();
      kick();
    },
    stop() {
      clearInterval(timers[timerKey]);
      timers[timerKey] = undefined;
    },
  };
}
