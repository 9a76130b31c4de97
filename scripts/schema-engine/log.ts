// Stderr log lines shaped like the native engine's tracing output: the CLI
// parses them as JSON, and ERROR lines with fields.error_code become its
// error message.
export function logLine(
  level: "INFO" | "WARN" | "ERROR",
  fields: Record<string, unknown>,
  target = "schema_engine",
): void {
  const line = JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target });
  try {
    process.stderr.write(`${line}\n`);
  } catch {
    // The CLI may already have closed the pipe.
  }
}
