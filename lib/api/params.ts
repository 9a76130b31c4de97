// Reading Clerk-style parameters: snake_case query keys (arrays repeat the
// key), snake_case JSON bodies (top level only; metadata passes as it is).
import { ApiError, paramError, readBodyText } from "./http";
import { normalizeRoleKey, type Role } from "../authz";
import type { ListParams } from "../domain/roles/shared";
import { isSingleLineText, singleLineMessage } from "../validation/text";

/** The latest instant a timestamp parameter may name: the end of year 9999 (JavaScript and PostgreSQL both go further, but apart). */
export const MAX_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export class Query {
  constructor(private readonly params: URLSearchParams) {}

  static of(request: Request): Query {
    return new Query(new URL(request.url).searchParams);
  }

  /**
   * A single-valued parameter. Sent twice (`limit=1&limit=2`) it is refused
   * rather than one of the two picked; like every parameter, it must be one
   * line of printable text.
   */
  string(name: string): string | undefined {
    const values = this.params.getAll(name);
    if (values.length > 1) throw paramError("form_param_format_invalid", name, `Send ${name} once.`);
    const value = values[0];
    if (value === undefined || value === "") return undefined;
    return checked(name, value);
  }

  /** Repeated keys (`role=a&role=b`), also accepting `role[]=` and comma-free single values. */
  list(name: string): string[] {
    return [...this.params.getAll(name), ...this.params.getAll(`${name}[]`)]
      .filter((value) => value !== "")
      .map((value) => checked(name, value));
  }

  bool(name: string): boolean {
    const value = this.string(name);
    if (value === undefined) return false;
    if (value === "true" || value === "1") return true;
    if (value === "false" || value === "0") return false;
    throw paramError("form_param_format_invalid", name, `${name} must be true or false.`);
  }

  int(name: string, { min, max, fallback }: { min: number; max: number; fallback: number }): number {
    const value = this.string(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value)) throw paramError("form_param_format_invalid", name, `${name} must be a whole number.`);
    const n = Number(value);
    if (n < min || n > max)
      throw paramError("form_param_value_invalid", name, `${name} must be between ${min} and ${max}.`);
    return n;
  }

  /** A Unix-millisecond timestamp parameter (Clerk's created_at_before / created_at_after). */
  timestamp(name: string): Date | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value))
      throw paramError("form_param_format_invalid", name, `${name} must be a Unix timestamp in milliseconds.`);
    const ms = Number(value);
    // 99999999999999999999 is digits too, but no date.
    if (ms > MAX_TIMESTAMP_MS) {
      throw paramError(
        "form_param_value_invalid",
        name,
        `${name} must be a Unix timestamp in milliseconds up to ${MAX_TIMESTAMP_MS} (the end of year 9999).`,
      );
    }
    return new Date(ms);
  }

  /** Whether any of these list parameters was sent non-empty. */
  anyOf(...names: string[]): boolean {
    return names.some((name) => this.list(name).length > 0);
  }

  page(): { limit: number; offset: number } {
    return {
      limit: this.int("limit", { min: 1, max: 500, fallback: 10 }),
      offset: this.int("offset", { min: 0, max: 10_000_000, fallback: 0 }),
    };
  }

  /** `order_by=-created_at` / `+name` / `name`, from an allowed set. */
  orderBy<F extends string>(allowed: readonly F[], fallback: string): { field: F; direction: "asc" | "desc" } {
    // A literal "+" in a query string arrives as a space: "+name" sent unencoded reads " name".
    const raw = (this.string("order_by") ?? fallback).trim();
    const direction = raw.startsWith("-") ? "desc" : "asc";
    const field = raw.replace(/^[+-]/, "") as F;
    if (!allowed.includes(field)) {
      throw paramError(
        "form_param_value_invalid",
        "order_by",
        `order_by must be one of ${allowed.map((f) => `${f}, -${f}`).join(", ")}.`,
      );
    }
    return { field, direction };
  }
}

/** The parameters of Clerk's role and permission lists: paging, `query`, `order_by` (newest first unless named). */
export function catalogListParams(request: Request): ListParams {
  const q = Query.of(request);
  return {
    ...q.page(),
    query: q.string("query"),
    orderBy: q.orderBy(["created_at", "name", "key"] as const, "-created_at"),
  };
}

/** A parameter's value, refused (naming the parameter) unless it is one line of printable text. */
function checked(name: string, value: string): string {
  if (!isSingleLineText(value)) throw paramError("form_param_format_invalid", name, singleLineMessage(name));
  return value;
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A JSON object body (an empty body reads as {}), keys made camelCase at the top level. */
export async function readBody(request: Request): Promise<Record<string, unknown>> {
  const value = await readJson(request);
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiError(422, "form_param_format_invalid", "The request body must be a JSON object.", {});
  }
  return camelKeys(value as Record<string, unknown>);
}

/** A JSON array body (bulk endpoints), each item's keys made camelCase. */
export async function readArrayBody(request: Request): Promise<Array<Record<string, unknown>>> {
  const value = await readJson(request);
  if (!Array.isArray(value) || value.some((item) => typeof item !== "object" || item === null || Array.isArray(item))) {
    throw new ApiError(
      422,
      "form_param_format_invalid",
      "The request body must be a JSON array of invitation objects.",
      {},
    );
  }
  return value.map((item) => camelKeys(item as Record<string, unknown>));
}

async function readJson(request: Request): Promise<unknown> {
  const text = await readBodyText(request);
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(422, "form_param_format_invalid", "The request body is not valid JSON.", {});
  }
}

function camelKeys(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [camel(key), value]));
}

export function requireParams(body: Record<string, unknown>, ...names: string[]): void {
  for (const name of names) {
    const value = body[camel(name)];
    if (value === undefined || value === null || value === "") {
      throw paramError("form_param_missing", name, `${name} is missing.`);
    }
  }
}

/**
 * The named body parameters, each null one read as not sent: Clerk's SDK sends
 * null for an optional parameter it was not given, and the domain's schemas
 * read only undefined as absent. The names are the body's (camelCase) keys.
 */
export function optionalParams<K extends string>(body: Record<string, unknown>, ...names: K[]): Record<K, unknown> {
  return Object.fromEntries(names.map((name) => [name, body[name] ?? undefined])) as Record<K, unknown>;
}

/** A role or permission to create, as sent: name and key are required; the `optional` others may be null. */
export function catalogCreateParams(body: Record<string, unknown>, ...optional: string[]): Record<string, unknown> {
  requireParams(body, "name", "key");
  return { name: body.name, key: body.key, ...optionalParams(body, ...optional) };
}

/** Role keys as sent: admin / basic_member (and member) are spellings of org:admin / org:member; other keys pass to the domain, which checks the instance has them. */
export function roleFromApi(value: unknown): Role | unknown {
  if (value === "member") return "org:member";
  return typeof value === "string" ? normalizeRoleKey(value) : value;
}

/**
 * Role filters in both spellings. A role key this instance does not have
 * (Clerk allows custom roles) matches nobody, as it would in Clerk; null
 * when the filter can match nobody at all.
 */
export function rolesFromApi(values: string[]): Role[] | null {
  if (values.length === 0) return [];
  return values.map((value) => roleFromApi(value) as Role);
}
