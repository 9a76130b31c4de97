// Checks a webhook payload against Clerk's own types, read from
// @clerk/backend's declaration files with the TypeScript compiler (so an
// upgrade of the SDK moves the contract with it): the event union in
// dist/api/resources/Webhooks.d.ts picks the member for the payload's `type`,
// and the payload must then have every required key of every object, each
// value of its declared type (string, number, boolean, null, a literal, an
// array of..., an object of...). Keys Clerk's types do not name are allowed
// (Clerk sends more than its types say too).
import path from "node:path";
import { createRequire } from "node:module";
import ts from "typescript";

const require = createRequire(import.meta.url);
const WEBHOOKS_DTS = path.join(
  path.dirname(require.resolve("@clerk/backend/package.json")),
  "dist/api/resources/Webhooks.d.ts",
);

type Contract = { checker: ts.TypeChecker; events: ts.Type[]; named: Map<string, ts.Type> };
let contract: Contract | null = null;

function load(): Contract {
  if (contract) return contract;
  const program = ts.createProgram([WEBHOOKS_DTS], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  });
  const checker = program.getTypeChecker();
  const named = new Map<string, ts.Type>();
  const moduleOf = (file: string) => checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  for (const file of [WEBHOOKS_DTS, path.join(path.dirname(WEBHOOKS_DTS), "JSON.d.ts")])
    for (const symbol of checker.getExportsOfModule(moduleOf(file)))
      if (symbol.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface))
        named.set(symbol.name, checker.getDeclaredTypeOfSymbol(symbol));
  const union = named.get("WebhookEvent");
  if (!union?.isUnion()) throw new Error(`WebhookEvent is not a union in ${WEBHOOKS_DTS}`);
  contract = { checker, events: union.types, named };
  return contract;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `"${value.slice(0, 40)}"` : typeof value;
}

function kindOfValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function kindOf(checker: ts.TypeChecker, type: ts.Type): string {
  const flags = type.flags;
  if (flags & ts.TypeFlags.Null) return "null";
  if (flags & ts.TypeFlags.StringLike) return "string";
  if (flags & ts.TypeFlags.NumberLike) return "number";
  if (flags & ts.TypeFlags.BooleanLike) return "boolean";
  if (checker.isArrayType(type) || checker.isTupleType(type)) return "array";
  if (flags & (ts.TypeFlags.Object | ts.TypeFlags.NonPrimitive)) return "object";
  return "other";
}

/** The problems of `value` as a `type`, each with its path; none when it fits. */
function problems(checker: ts.TypeChecker, value: unknown, type: ts.Type, at: string, depth = 0): string[] {
  const flags = type.flags;
  if (depth > 12 || flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return [];
  if (type.isUnion()) {
    // The member of the value's kind (an object for an object, not the `| null`) tells what is wrong.
    let best: { found: string[]; sameKind: boolean } | null = null;
    for (const member of type.types) {
      const found = problems(checker, value, member, at, depth + 1);
      if (found.length === 0) return [];
      const sameKind = kindOf(checker, member) === kindOfValue(value);
      if (!best || (sameKind && !best.sameKind) || (sameKind === best.sameKind && found.length < best.found.length))
        best = { found, sameKind };
    }
    // Literal unions read better as the list of allowed values.
    if (type.types.every((member) => member.isLiteral() || member.flags & ts.TypeFlags.BooleanLiteral))
      return [`${at}: ${describeValue(value)} is not one of ${checker.typeToString(type)}`];
    return best?.found ?? [`${at}: no type matches`];
  }
  if (type.isIntersection()) return type.types.flatMap((member) => problems(checker, value, member, at, depth + 1));
  const wrong = (expected: string) => [`${at}: expected ${expected}, got ${describeValue(value)}`];
  if (type.isStringLiteral()) return value === type.value ? [] : wrong(`"${type.value}"`);
  if (type.isNumberLiteral()) return value === type.value ? [] : wrong(String(type.value));
  if (flags & ts.TypeFlags.BooleanLiteral) {
    const literal = checker.typeToString(type) === "true";
    return value === literal ? [] : wrong(String(literal));
  }
  if (flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping))
    return typeof value === "string" ? [] : wrong("a string");
  if (flags & ts.TypeFlags.Number) return typeof value === "number" ? [] : wrong("a number");
  if (flags & ts.TypeFlags.Boolean) return typeof value === "boolean" ? [] : wrong("a boolean");
  if (flags & ts.TypeFlags.Null) return value === null ? [] : wrong("null");
  if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return value === undefined ? [] : wrong("undefined");
  if (flags & ts.TypeFlags.Never) return wrong("nothing");
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    if (!Array.isArray(value)) return wrong("an array");
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    return element ? value.flatMap((item, i) => problems(checker, item, element, `${at}[${i}]`, depth + 1)) : [];
  }
  if (flags & ts.TypeFlags.Object || flags & ts.TypeFlags.NonPrimitive) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return wrong("an object");
    const record = value as Record<string, unknown>;
    const found: string[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      const key = property.name;
      if (!(key in record) || record[key] === undefined) {
        if (!optional) found.push(`${at}.${key}: missing`);
        continue;
      }
      const declared = checker.getTypeOfSymbol(property);
      found.push(...problems(checker, record[key], declared, `${at}.${key}`, depth + 1));
    }
    const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
    if (index && !(index.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) {
      const named = new Set(checker.getPropertiesOfType(type).map((p) => p.name));
      for (const [key, item] of Object.entries(record))
        if (!named.has(key)) found.push(...problems(checker, item, index, `${at}.${key}`, depth + 1));
    }
    return found;
  }
  return [];
}

/**
 * Clerk's webhook payload type for an event type (the member of WebhookEvent
 * whose `type` names it). Types Clerk lacks take the shape of a sibling:
 * organizationInvitation.declined, .resent and .expired carry an invitation, as
 * organizationInvitation.revoked does.
 */
const SHAPE_OF: Record<string, string> = {
  "organizationInvitation.declined": "organizationInvitation.revoked",
  "organizationInvitation.resent": "organizationInvitation.revoked",
  "organizationInvitation.expired": "organizationInvitation.revoked",
};

function eventTypeFor(checker: ts.TypeChecker, events: ts.Type[], type: string): ts.Type | null {
  for (const member of events) {
    const typeProperty = member.getProperty("type");
    if (!typeProperty) continue;
    const literals = checker.getTypeOfSymbol(typeProperty);
    const values = (literals.isUnion() ? literals.types : [literals]).map((t) =>
      t.isStringLiteral() ? t.value : null,
    );
    if (values.includes(type)) return member;
  }
  return null;
}

/**
 * Where Clerk's types ask for more than Clerk itself sends, and we send what
 * Clerk sends: a verification (VerificationJSON extends ClerkResourceJSON) has no
 * `id` in Clerk's payloads, and its `object` ("verification_email_link" here)
 * is not among ObjectType's values. A domain's verification has no expiry once
 * no code is pending (verified at once, or through the API): Clerk's Backend
 * API answers `expire_at: null` there, while OrganizationDomainVerificationJSON
 * declares `expires_at: number`.
 */
const CLERK_TYPES_STRICTER_THAN_CLERK = [
  /\.verification\.(id: missing|object: )/,
  /^organizationDomain\.(created|updated)\.data\.verification\.expires_at: expected a number, got null$/,
];

/** What is wrong with a delivered payload, measured against Clerk's types; empty when it fits. */
export function clerkShapeProblems(payload: Record<string, unknown>): string[] {
  const { checker, events } = load();
  const type = String(payload.type);
  const shape = SHAPE_OF[type] ?? type;
  const member = eventTypeFor(checker, events, shape);
  if (!member) return [`${type}: not an event type of Clerk's WebhookEvent`];
  return problems(checker, { ...payload, type: shape }, member, type).filter(
    (problem) => !CLERK_TYPES_STRICTER_THAN_CLERK.some((known) => known.test(problem)),
  );
}

/** The same for one named JSON type of @clerk/backend (e.g. "OrganizationMembershipJSON"). */
export function clerkJsonProblems(name: string, value: unknown): string[] {
  const { checker, named } = load();
  const type = named.get(name);
  if (!type) throw new Error(`${name} is not a type of @clerk/backend's resources`);
  return problems(checker, value, type, name);
}
