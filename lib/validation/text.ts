// What text the app accepts from people and API callers. Names, slugs, ids,
// search terms and other single-line text refuse characters that have no
// business there: line breaks and other control characters (C0, DEL, C1),
// Unicode line and paragraph separators, bidirectional overrides and isolates
// (which make "gpj.exe" read as "exe.jpg"), and lone surrogate halves (not
// text at all; PostgreSQL cannot store them in JSON). NUL is among the
// controls: PostgreSQL cannot store it in text or JSON at all.
import { z } from "zod";

// C0 controls (tab, CR and LF included), DEL, C1 controls, U+2028/U+2029,
// the bidi embeddings and overrides U+202A-U+202E and the isolates U+2066-U+2069.
const CONTROL_OR_BIDI = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
// A surrogate half not paired with its other half (with the u flag a pair reads as one code point).
const LONE_SURROGATE = /\p{Cs}/u;

/** True when the text is one line of printable text (see above); "" counts. */
export function isSingleLineText(value: string): boolean {
  return !CONTROL_OR_BIDI.test(value) && !LONE_SURROGATE.test(value);
}

/** True when PostgreSQL can store the text (no NUL, no lone surrogate); line breaks are fine. */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

/** The message for a field that got such characters; `what` names it ("the name", "first_name"). */
export function singleLineMessage(what: string): string {
  return `Remove line breaks, control characters and text-direction overrides from ${what}.`;
}

/** A zod string refused unless it is single-line text; the error names the field. */
export function singleLine<T extends z.ZodType<string>>(schema: T, what: string): T {
  return schema.refine(isSingleLineText, { message: singleLineMessage(what), params: FORMAT }) as unknown as T;
}

/**
 * Marks a refusal as a malformed value rather than an unacceptable one: the
 * REST API answers form_param_format_invalid for it (lib/domain/errors.ts).
 */
export const FORMAT = { format: true } as const;

/**
 * An identifier or reference taken from outside (a user id, an invitation id,
 * an organization's id or slug): true when it could name a stored row at all.
 * Anything else names nothing, and is answered "not found" without a query.
 */
export function isLookupKey(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= 255 && isSingleLineText(value);
}

/** The deepest nesting metadata may have (an object or array inside another counts one level). */
export const MAX_JSON_DEPTH = 32;

/**
 * Why PostgreSQL's jsonb would refuse this value, or null when it stores it:
 * NUL or a lone surrogate in any string (keys too), or nesting past MAX_JSON_DEPTH.
 * Any other text is the application's business and is kept as sent.
 */
export function jsonProblem(value: unknown, depth = 0): string | null {
  if (typeof value === "string")
    return isStorableText(value) ? null : "Metadata cannot contain NUL characters (\\u0000) or unpaired surrogates.";
  if (typeof value !== "object" || value === null) return null;
  if (depth >= MAX_JSON_DEPTH) return `Nest metadata at most ${MAX_JSON_DEPTH} levels deep.`;
  for (const [key, item] of Object.entries(value)) {
    const problem = (Array.isArray(value) ? null : jsonProblem(key, depth)) ?? jsonProblem(item, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/**
 * A one-line version of text meant for a single line, such as an email
 * subject: every run of controls, separators, bidi characters and whitespace
 * becomes one space, lone surrogates go. The second line of defence behind
 * the schemas, for text stored before they refused these characters.
 */
export function toSingleLine(value: string): string {
  return value
    .replace(/\p{Cs}/gu, "")
    .replace(/[\s\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]+/gu, " ")
    .trim();
}
