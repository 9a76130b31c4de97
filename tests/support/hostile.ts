// Generated hostile input for the property-based tests (Vitest on the
// schemas and the domain, Playwright on the REST API): text with NUL, other
// controls, bidi overrides, lone surrogates, markup and SQL; huge strings;
// numbers and dates out of every range; JSON of the wrong shape.
import fc from "fast-check";

const PIECES = [
  "\u0000",
  "\r\n",
  "\n",
  "\r",
  "\t",
  "\u0007",
  "\u001b[31m",
  "\u007f",
  "\u0085",
  "\u009b",
  "\u2028",
  "\u2029",
  "\u202a",
  "\u202b",
  "\u202c",
  "\u202d",
  "\u202e",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\ud800",
  "\udfff",
  "\udc00\ud800",
  "\ufeff",
  "%00",
  "%0d%0a",
  "\\u0000",
  "'; DROP TABLE users; --",
  "' OR '1'='1",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "../../etc/passwd",
  "${7*7}{{7*7}}",
  "\\",
  "%",
  "_",
  "😀",
  "e\u0301",
  "Ali\r\nBcc: victim@example.test",
  "__proto__",
  "constructor",
  "org_",
  "user_",
];

/** Strings an attacker would try, from one nasty piece to a few mixed with arbitrary code points. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: "binary", minLength: 1, maxLength: 4 })), {
        minLength: 1,
        maxLength: 6,
      })
      .map((parts) => parts.join("")),
  },
  { weight: 2, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => `a${String.fromCharCode(code)}b`) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 101, max: 20_000 })
      .chain((n) => fc.constantFrom("a", "\u0000", "é", "😀").map((c) => c.repeat(n))),
  },
);

/** Numbers as text: huge, negative, fractional, exponent forms, NaN-ish, with padding. */
export const hostileNumberText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "99999999999999999999",
    "-99999999999999999999",
    "-1",
    "-0",
    "0",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "1e21",
    "1E3",
    "0x10",
    "0b1",
    "1.5",
    " 1",
    "1 ",
    "+1",
    "9007199254740993",
    "0000000000000000000001",
    "１２",
    "1_000",
    "2147483648",
    "-2147483649",
  ),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.double().map(String),
  fc.integer().map(String),
);

/** Dates as text: Unix milliseconds in and out of range, ISO strings, nonsense. */
export const hostileDateText: fc.Arbitrary<string> = fc.oneof(
  fc.date({ noInvalidDate: false }).map((date) => String(date.getTime())),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom(
    "99999999999999999999",
    "253402300800000",
    "8640000000000000",
    "8640000000000001",
    "-62198755200000",
    "2026-13-45",
    "1e13",
    "0",
    "1700000000000.5",
  ),
);

/** Any of the three, for a query parameter or a path segment. */
export const hostileParam: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 1, arbitrary: hostileNumberText },
  { weight: 1, arbitrary: hostileDateText },
);

/** A number JSON can carry (1e400 arrives as Infinity, written here as the raw token). */
export type RawNumber = { raw: string };

const rawNumber: fc.Arbitrary<RawNumber> = fc.oneof(
  fc
    .constantFrom("1e400", "-1e400", "1e308", "99999999999999999999", "-1", "-0", "0.5", "1E2", "2147483648", "1e-400")
    .map((raw) => ({ raw })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => ({ raw: JSON.stringify(n) })),
  fc.integer().map((n) => ({ raw: String(n) })),
);

/** Nested arrays or objects this deep. */
function nested(depth: number, kind: "array" | "object"): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = kind === "array" ? [value] : { a: value };
  return value;
}

/** A JSON value for a body field: hostile text, numbers, wrong types, deep nesting, hostile keys. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 2, arbitrary: rawNumber },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.boolean(), fc.constant(null), fc.constant(""), fc.constant([]), fc.constant({})),
  },
  { weight: 1, arbitrary: fc.array(hostileText, { minLength: 1, maxLength: 3 }) },
  {
    weight: 2,
    arbitrary: fc.dictionary(hostileText, fc.oneof(hostileText, rawNumber, fc.constant(null)), {
      minKeys: 1,
      maxKeys: 3,
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 20, max: 1000 }), fc.constantFrom("array" as const, "object" as const))
      .map(([depth, kind]) => ({ deep: nested(depth, kind) })),
  },
);

/** JSON text for a value that may hold raw number tokens. */
export function jsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item && typeof item === "object" && "raw" in item && Object.keys(item).length === 1) {
      raws.push((item as RawNumber).raw);
      return `\u0001RAW${raws.length - 1}\u0001`;
    }
    return item;
  });
  return text.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_match, i: string) => raws[Number(i)]!);
}

/** The value as JavaScript sees it after JSON.parse (raw tokens become numbers, 1e400 Infinity). */
export function parsed(value: unknown): unknown {
  return JSON.parse(jsonText(value));
}
