// Playwright's web server for email: the app sends through the real Resend SDK
// to this capture, and tests read links from what was "sent".
import { startMailCapture } from "../tests/support/mail-capture";

const port = Number(process.env.MAIL_CAPTURE_PORT ?? 3025);
const capture = await startMailCapture({ port });
console.info(`[mail-capture] listening on ${capture.url}`);
const stop = () => void capture.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
