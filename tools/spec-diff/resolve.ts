/**
 * Local `$ref` resolution and schema flattening: a schema becomes a map from field path
 * (`products[].refundCount`, `data.list[].refundNo`, `''` for the schema itself) to what the
 * diff compares. `$ref`, `allOf`, `oneOf`/`anyOf`, arrays and nullable forms are folded in
 * here so that the diff never sees how a spec happens to be factored.
 */

type Obj = Record<string, unknown>;

/** What the diff compares about one field of a flattened schema. */
export interface FieldInfo {
  /** JSON types, sorted, `'null'` included when nullable; empty when unconstrained. */
  types: string[];
  format?: string;
  /** Allowed values, when the field is an enum (or a `const`). */
  enum?: unknown[];
  /** Listed in its parent's `required` (array items and the root: as given by the caller). */
  required: boolean;
  /** pattern, minimum, maxLength, … plus `conditional` (if/then/else) and `additionalProperties`. */
  constraints: Record<string, unknown>;
  deprecated?: true;
  /** Documentation keywords (description, example, …) → canonical JSON of their values. */
  docs: Record<string, string>;
}

/** Keywords whose change is documentation only. `x-*` extensions count too. */
const DOC_KEYS = new Set([
  'description',
  'summary',
  'title',
  'example',
  'examples',
  'externalDocs',
  'tags',
  '$comment',
]);

/** Whether a keyword is documentation only. */
function isDocKey(key: string): boolean {
  return DOC_KEYS.has(key) || key.startsWith('x-');
}

const CONSTRAINT_KEYS = [
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
] as const;

// Objects whose keys are names chosen by the spec author (a property may well be called
// `description`), so stripDocs must keep those keys.
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'paths',
  'responses',
  'content',
  'schemas',
  'parameters',
  'requestBodies',
  'headers',
  'securitySchemes',
  'variables',
  'encoding',
  'callbacks',
  'links',
  'webhooks',
]);

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, so equal values give equal strings. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** A deep copy without documentation keywords (names under `properties` etc. are kept). */
export function stripDocs(value: unknown, keysAreNames = false): unknown {
  if (Array.isArray(value)) return value.map((item) => stripDocs(item));
  if (!isObject(value)) return value;
  const out: Obj = {};
  for (const [key, child] of Object.entries(value)) {
    if (!keysAreNames && isDocKey(key)) continue;
    out[key] = stripDocs(child, !keysAreNames && NAME_MAPS.has(key));
  }
  return out;
}

/** The documentation keywords of one object. */
export function docsOf(node: unknown): Obj {
  if (!isObject(node)) return {};
  return Object.fromEntries(Object.entries(node).filter(([key]) => isDocKey(key)));
}

/** The target of a local `$ref` such as `#/components/schemas/Fee`. */
function resolveRef(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`spec-diff: only local $refs are supported: ${ref}`);
  let node = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    node = isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
    if (node === undefined) throw new Error(`spec-diff: dangling $ref ${ref}`);
  }
  return node;
}

/** Follows `$ref`s (parameters, responses, request bodies) until a non-reference object. */
export function deref(doc: unknown, node: unknown): unknown {
  for (let hops = 0; isObject(node) && typeof node.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`spec-diff: $ref loop at ${node.$ref}`);
    node = resolveRef(doc, node.$ref);
  }
  return node;
}

/**
 * A deep copy with every local `$ref` replaced by its target; a reference back into its own
 * chain stays a `$ref`. Used to compare two specs regardless of how they are factored.
 */
export function inlineRefs(doc: unknown, node: unknown, stack: readonly string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => inlineRefs(doc, item, stack));
  if (!isObject(node)) return node;
  const ref = node.$ref;
  if (typeof ref === 'string' && !stack.includes(ref)) {
    return inlineRefs(doc, resolveRef(doc, ref), [...stack, ref]);
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, child]) => [key, inlineRefs(doc, child, stack)]),
  );
}

// ---------------------------------------------------------------- flattening

/** A schema still to be read: one node (with the $refs followed to reach it), or a combination. */
type Expr = { node: unknown; stack: readonly string[] } | { all: Expr[] } | { any: Expr[] };

/** One level of a schema with allOf/oneOf/anyOf/$ref folded in; children stay unread. */
interface Level {
  types: string[] | null; // null: no type constraint
  format?: string;
  enum?: unknown[];
  constraints: Obj;
  required: Set<string>;
  props: Map<string, Expr>;
  items?: Expr;
  docs: Record<string, unknown[]>;
  deprecated: boolean;
  /** Set when this node is a $ref back into its own chain: children are not read again. */
  cycle?: string;
}

const emptyLevel = (): Level => ({
  types: null,
  constraints: {},
  required: new Set(),
  props: new Map(),
  docs: {},
  deprecated: false,
});

const isNullOnly = (level: Level) => level.types?.length === 1 && level.types[0] === 'null';

function union<T>(a: T[], b: T[]): T[] {
  const seen = new Set(a.map(canonical));
  return [...a, ...b.filter((item) => !seen.has(canonical(item)))];
}

function mergeDocs(a: Level['docs'], b: Level['docs']): Level['docs'] {
  const out = { ...a };
  for (const [key, values] of Object.entries(b)) out[key] = [...(out[key] ?? []), ...values];
  return out;
}

/** allOf: the value satisfies both, so types intersect and fields and requirements add up. */
function mergeAll(a: Level, b: Level): Level {
  const [typesA, typesB] = [a.types, b.types];
  const out: Level = {
    types:
      typesA === null
        ? typesB
        : typesB === null
          ? typesA
          : typesA.filter((t) => typesB.includes(t)),
    constraints: { ...a.constraints, ...b.constraints },
    required: new Set([...a.required, ...b.required]),
    props: new Map(a.props),
    docs: mergeDocs(a.docs, b.docs),
    deprecated: a.deprecated || b.deprecated,
  };
  for (const [name, expr] of b.props) {
    const prev = out.props.get(name);
    out.props.set(name, prev ? { all: [prev, expr] } : expr);
  }
  const format = a.format ?? b.format;
  if (format !== undefined) out.format = format;
  const [enumA, enumB] = [a.enum, b.enum];
  const values =
    enumA && enumB
      ? enumA.filter((v) => enumB.some((w) => canonical(v) === canonical(w)))
      : (enumA ?? enumB);
  if (values) out.enum = values;
  if (a.items && b.items) out.items = { all: [a.items, b.items] };
  else if (a.items) out.items = a.items;
  else if (b.items) out.items = b.items;
  const cycle = a.cycle ?? b.cycle;
  if (cycle !== undefined) out.cycle = cycle;
  return out;
}

/** oneOf/anyOf: the value matches one branch, so types unite and a field is required only if every branch requires it. */
function mergeAny(a: Level, b: Level): Level {
  // A `{type: 'null'}` branch only makes the other one nullable (keeps its enum, format…).
  if (isNullOnly(b) && a.types !== null) return { ...a, types: union(a.types, ['null']) };
  if (isNullOnly(a) && b.types !== null) return { ...b, types: union(b.types, ['null']) };
  const out: Level = {
    types: a.types === null || b.types === null ? null : union(a.types, b.types),
    constraints: { ...a.constraints, ...b.constraints },
    required: new Set([...a.required].filter((name) => b.required.has(name))),
    props: new Map(a.props),
    docs: mergeDocs(a.docs, b.docs),
    deprecated: a.deprecated && b.deprecated,
  };
  for (const [name, expr] of b.props) {
    const prev = out.props.get(name);
    out.props.set(name, prev ? { any: [prev, expr] } : expr);
  }
  if (a.format !== undefined && a.format === b.format) out.format = a.format;
  if (a.enum && b.enum) out.enum = union(a.enum, b.enum);
  if (a.items && b.items) out.items = { any: [a.items, b.items] };
  else if (a.items) out.items = a.items;
  else if (b.items) out.items = b.items;
  return out;
}

/** The keywords of one schema object itself, ignoring $ref and the combinators. */
function ownLevel(node: Obj, stack: readonly string[]): Level {
  const level = emptyLevel();
  if (node.type !== undefined) level.types = [node.type].flat().map(String);
  else if (isObject(node.properties)) level.types = ['object'];
  else if (node.items !== undefined) level.types = ['array'];
  if (node.nullable === true && level.types) level.types = union(level.types, ['null']); // OpenAPI 3.0
  if (typeof node.format === 'string') level.format = node.format;
  if (Array.isArray(node.enum)) level.enum = node.enum;
  else if ('const' in node) level.enum = [node.const];
  for (const key of CONSTRAINT_KEYS)
    if (node[key] !== undefined) level.constraints[key] = node[key];
  // if/then/else cannot be flattened into fields; it is compared as one opaque constraint.
  const conditional = ['if', 'then', 'else'].filter((key) => key in node);
  if (conditional.length > 0) {
    level.constraints.conditional = canonical(
      stripDocs(Object.fromEntries(conditional.map((k) => [k, node[k]]))),
    );
  }
  if (node.additionalProperties === false) level.constraints.additionalProperties = false;
  if (Array.isArray(node.required))
    node.required.forEach((name) => level.required.add(String(name)));
  if (isObject(node.properties)) {
    for (const [name, child] of Object.entries(node.properties))
      level.props.set(name, { node: child, stack });
  }
  if (node.items !== undefined) level.items = { node: node.items, stack };
  for (const [key, value] of Object.entries(docsOf(node))) level.docs[key] = [value];
  level.deprecated = node.deprecated === true;
  return level;
}

function readNode(doc: unknown, node: unknown, stack: readonly string[]): Level {
  if (!isObject(node)) return emptyLevel();
  let level = ownLevel(node, stack);
  const ref = node.$ref;
  if (typeof ref === 'string') {
    if (stack.includes(ref)) level.cycle = ref;
    else level = mergeAll(level, readNode(doc, resolveRef(doc, ref), [...stack, ref]));
  }
  for (const part of Array.isArray(node.allOf) ? node.allOf : []) {
    level = mergeAll(level, readNode(doc, part, stack));
  }
  for (const key of ['oneOf', 'anyOf']) {
    const branches = node[key];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    level = mergeAll(level, branches.map((b) => readNode(doc, b, stack)).reduce(mergeAny));
  }
  return level;
}

function readExpr(doc: unknown, expr: Expr): Level {
  if ('all' in expr) return expr.all.map((e) => readExpr(doc, e)).reduce(mergeAll);
  if ('any' in expr) return expr.any.map((e) => readExpr(doc, e)).reduce(mergeAny);
  return readNode(doc, expr.node, expr.stack);
}

/**
 * Flattens a schema into field path → {@link FieldInfo}. The schema itself is at path `''`
 * with the given `required` flag (a request body's `required`, a parameter's, or true for a
 * response). Array items add `[]` to the path. Below a $ref that points back into its own
 * chain (a recursive schema) nothing more is read, so every field is listed once.
 */
export function flattenSchema(
  doc: unknown,
  schema: unknown,
  required: boolean,
): Map<string, FieldInfo> {
  const out = new Map<string, FieldInfo>();
  const walk = (expr: Expr, path: string, isRequired: boolean) => {
    const level = readExpr(doc, expr);
    const info: FieldInfo = {
      types: [...(level.types ?? [])].sort(),
      required: isRequired,
      constraints: level.constraints,
      docs: Object.fromEntries(Object.entries(level.docs).map(([k, v]) => [k, canonical(v)])),
    };
    if (level.format !== undefined) info.format = level.format;
    if (level.enum !== undefined) info.enum = level.enum;
    if (level.deprecated) info.deprecated = true;
    out.set(path, info);
    if (level.cycle !== undefined) return;
    for (const [name, child] of level.props) {
      walk(child, path === '' ? name : `${path}.${name}`, level.required.has(name));
    }
    if (level.items) walk(level.items, `${path}[]`, true);
  };
  walk({ node: schema, stack: [] }, '', required);
  return out;
}
