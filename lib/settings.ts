// Numeric settings from the environment. A variable left empty (as copied
// from .env.example) counts as unset, so it never turns a limit into 0.
export function numberSetting(name: string, fallback: number, { min = 0 }: { min?: number } = {}): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) {
    throw new Error(`${name}=${raw} is not a number of at least ${min}. Fix it in the environment (see .env.example).`);
  }
  return value;
}
