/**
 * Compares two parsed OpenAPI 3.x documents and lists what changed in the API surface, each
 * change classified by {@link RULES}. Operations are matched by method and path, parameters
 * by (in, name), responses by status, servers by URL; schemas are compared field by field
 * after flattening (resolve.ts), so a change inside a shared component is reported at every
 * field that uses it, in request or response position.
 */
import {
  canonical,
  deref,
  docsOf,
  type FieldInfo,
  flattenSchema,
  inlineRefs,
  isObject,
  stripDocs,
} from './resolve.ts';
import { type ChangeKind, type Severity, severityOf } from './rules.ts';

/** One classified change between two versions of a spec. */
export interface SpecChange {
  kind: ChangeKind;
  severity: Severity;
  /** The operationId (or `METHOD /path`); absent for document-wide changes such as servers. */
  operation?: string;
  /** Where: `request body products[].refundCount`, `response 200 data.refundNo`, `query parameter limit`, `server <url>`… */
  location: string;
  /** One readable line. */
  message: string;
}

type Obj = Record<string, unknown>;
type Fields = Map<string, FieldInfo>;
type Position = 'request' | 'response';

/** Where changes go, plus the two documents being compared (each resolves its own $refs). */
interface Ctx {
  base: Obj;
  head: Obj;
  // Function properties, not methods: they are arrow functions, safe to destructure.
  report: (kind: ChangeKind, location: string, message: string) => void;
  reportDocs: (location: string, keys: string[]) => void;
}

interface Operation {
  op: Obj;
  pathItem: Obj;
  label: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const obj = (value: unknown): Obj => (isObject(value) ? value : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** The union of two maps' keys, sorted, each with its value on either side. */
function pairs<T>(a: Map<string, T> | Obj, b: Map<string, T> | Obj) {
  const toMap = (m: Map<string, T> | Obj) =>
    m instanceof Map ? m : new Map(Object.entries(m) as [string, T][]);
  const [ma, mb] = [toMap(a), toMap(b)];
  const keys = [...new Set([...ma.keys(), ...mb.keys()])].sort();
  // Every key is in at least one of the two, which the tuple type says so callers need no `!`.
  return keys.map((key) => [key, ma.get(key), mb.get(key)] as Pair<T>);
}
type Pair<T> =
  [key: string, a: T, b: T] | [key: string, a: T, b: undefined] | [key: string, a: undefined, b: T];
const changedKeys = (a: Obj, b: Obj) => pairs(a, b).flatMap(([k, x, y]) => (same(x, y) ? [] : [k]));
const show = (value: unknown) =>
  value === undefined ? '(none)' : typeof value === 'string' ? value : canonical(value);
const showTypes = (types: string[]) => (types.length === 0 ? 'any' : types.join(' | '));

/**
 * Lists the changes from `base` to `head` (parsed OpenAPI documents), sorted by operation,
 * location, kind and message. An undefined `base` means the spec is new (every operation is
 * added), an undefined `head` that it was deleted (every operation is removed).
 */
export function diffSpecs(base: unknown, head: unknown): SpecChange[] {
  const changes: SpecChange[] = [];
  const docs = new Map<string, SpecChange & { keys: Set<string> }>();
  const ctx = (operation?: string): Ctx => {
    const op = operation === undefined ? {} : { operation };
    return {
      base: obj(base),
      head: obj(head),
      report: (kind, location, message) =>
        changes.push({ kind, severity: severityOf(kind), ...op, location, message }),
      // Collected so that each location gets one docs entry naming every keyword that changed.
      reportDocs: (location, keys) => {
        if (keys.length === 0) return;
        const id = `${operation ?? ''}\u0000${location}`;
        const kind = 'docs-changed';
        const severity = severityOf(kind);
        const entry = docs.get(id) ?? {
          kind,
          severity,
          ...op,
          location,
          message: '',
          keys: new Set(),
        };
        keys.forEach((key) => entry.keys.add(key));
        docs.set(id, entry);
      },
    };
  };

  for (const [key, b, h] of pairs(operationsOf(base), operationsOf(head))) {
    if (!b) ctx(h.label).report('operation-added', 'operation', `${key} added`);
    else if (!h) ctx(b.label).report('operation-removed', 'operation', `${key} removed`);
    else diffOperation(ctx(h.label), b, h);
  }

  // Document-wide parts; a new or deleted spec is described by its operations alone.
  if (isObject(base) && isObject(head)) {
    const global = ctx();
    diffServers(global, base.servers, head.servers);
    diffSecuritySchemes(global);
    for (const [key, b, h] of pairs(base, head)) {
      if (key === 'info') global.reportDocs('info', changedKeys(obj(b), obj(h)));
      else if (['tags', 'externalDocs'].includes(key) || key.startsWith('x-')) {
        if (!same(b, h)) global.reportDocs(key, [key]);
      }
    }
    // Safety net: the API surface (refs inlined, docs dropped) differs but no change above
    // explains it, so a breaking change cannot pass as "docs only" or as nothing at all.
    if (changes.length === 0 && !same(surface(base), surface(head))) {
      global.report(
        'unclassified-change',
        'document',
        'the specs differ in something spec-diff does not compare (callbacks, links, parameter style…); review by hand',
      );
    } else if (changes.length === 0 && docs.size === 0 && !same(base, head)) {
      global.reportDocs('document', ['unreferenced components or $ref layout']);
    }
  }

  for (const { keys, ...change } of docs.values()) {
    changes.push({ ...change, message: `${[...keys].sort().join(', ')} changed` });
  }
  const order = (c: SpecChange) =>
    `${c.operation ?? ''}\u0000${c.location}\u0000${c.kind}\u0000${c.message}`;
  return changes.sort((x, y) => compare(order(x), order(y)));
}

/** The document with $refs inlined and docs dropped, limited to what callers depend on. */
function surface(doc: Obj): unknown {
  const { paths, servers, security, webhooks } = doc;
  const securitySchemes = obj(doc.components).securitySchemes;
  return stripDocs(inlineRefs(doc, { paths, servers, security, webhooks, securitySchemes }));
}

/** Operations keyed by `METHOD /path`. */
function operationsOf(doc: unknown): Map<string, Operation> {
  const ops = new Map<string, Operation>();
  for (const [path, rawItem] of Object.entries(obj(obj(doc).paths))) {
    const pathItem = obj(deref(doc, rawItem));
    for (const method of METHODS.filter((m) => isObject(pathItem[m]))) {
      const op = obj(pathItem[method]);
      const key = `${method.toUpperCase()} ${path}`;
      ops.set(key, {
        op,
        pathItem,
        label: typeof op.operationId === 'string' ? op.operationId : key,
      });
    }
  }
  return ops;
}

function diffOperation(ctx: Ctx, b: Operation, h: Operation) {
  const { report } = ctx;
  if (b.op.operationId !== h.op.operationId) {
    const [from, to] = [show(b.op.operationId), show(h.op.operationId)];
    report('operation-id-changed', 'operation', `operationId changed from ${from} to ${to}`);
  }
  diffDeprecated(ctx, 'operation', 'operation', b.op, h.op);
  ctx.reportDocs('operation', changedKeys(docsOf(b.op), docsOf(h.op)));

  // Parameters: path-level ones, overridden by the operation's, matched by (in, name).
  const params = (doc: Obj, { op, pathItem }: Operation) =>
    new Map(
      [...list(pathItem.parameters), ...list(op.parameters)]
        .map((raw) => obj(deref(doc, raw)))
        .map((p) => [`${String(p.in)} parameter ${String(p.name)}`, p]),
    );
  for (const [location, pb, ph] of pairs(params(ctx.base, b), params(ctx.head, h))) {
    if (!pb) {
      const required = ph.required === true;
      const kind = required ? 'parameter-added-required' : 'parameter-added-optional';
      report(kind, location, `${required ? 'required' : 'optional'} parameter added`);
    } else if (!ph) report('parameter-removed', location, 'parameter removed');
    else {
      diffDeprecated(ctx, location, 'parameter', pb, ph);
      ctx.reportDocs(location, changedKeys(docsOf(pb), docsOf(ph)));
      // The schema is in `schema`, or in `content` for a parameter serialised as JSON.
      const schema = (p: Obj) => p.schema ?? obj(Object.values(obj(p.content))[0]).schema;
      const fb = flattenSchema(ctx.base, schema(pb), pb.required === true);
      const fh = flattenSchema(ctx.head, schema(ph), ph.required === true);
      diffFields(ctx, fb, fh, 'request', location, 'parameter');
    }
  }

  const [rb, rh] = [deref(ctx.base, b.op.requestBody), deref(ctx.head, h.op.requestBody)];
  diffBody(ctx, 'request', obj(rb), obj(rh), 'request body');
  for (const [status, sb, sh] of pairs(obj(b.op.responses), obj(h.op.responses))) {
    const location = `response ${status}`;
    if (!sb) report('response-status-added', location, `status ${status} added`);
    else if (!sh) report('response-status-removed', location, `status ${status} removed`);
    else diffBody(ctx, 'response', obj(deref(ctx.base, sb)), obj(deref(ctx.head, sh)), location);
  }

  // Security: each requirement object is one alternative way in.
  const [ab, ah] = [requirements(ctx.base, b.op), requirements(ctx.head, h.op)];
  for (const alt of ab.filter((a) => !ah.includes(a))) {
    report('security-requirement-removed', 'security', `no longer accepts ${alt}`);
  }
  for (const alt of ah.filter((a) => !ab.includes(a))) {
    report('security-requirement-added', 'security', `now accepts ${alt}`);
  }

  // Servers overridden at path or operation level (the global list is compared once, globally).
  const servers = ({ op, pathItem }: Operation) => op.servers ?? pathItem.servers;
  if (servers(b) !== undefined || servers(h) !== undefined) {
    diffServers(ctx, servers(b) ?? ctx.base.servers, servers(h) ?? ctx.head.servers);
  }
}

/** The security alternatives of an operation, e.g. `bearerAuth`, `oauth [read]`, `anonymous calls`. */
function requirements(doc: Obj, op: Obj): string[] {
  const alternatives = list(op.security ?? doc.security).map((req) =>
    Object.entries(obj(req))
      .sort(([x], [y]) => compare(x, y))
      .map(([name, scopes]) =>
        list(scopes).length ? `${name} [${list(scopes).join(', ')}]` : name,
      )
      .join(' + '),
  );
  // No requirement, or an empty one `{}`, lets anonymous callers in.
  return alternatives.length === 0
    ? ['anonymous calls']
    : alternatives.map((a) => a || 'anonymous calls');
}

/** A request body or one response: its docs, headers (responses) and each media type's schema. */
function diffBody(ctx: Ctx, position: Position, bb: Obj, bh: Obj, prefix: string) {
  ctx.reportDocs(prefix, changedKeys(docsOf(bb), docsOf(bh)));
  // A response body comes whenever its status does; a request body is needed when `required`.
  const required = (body: Obj) => position === 'response' || body.required === true;
  for (const [media, cb, ch] of pairs(obj(bb.content), obj(bh.content))) {
    const location = media === 'application/json' ? prefix : `${prefix} (${media})`;
    const fields = (doc: Obj, body: Obj, content: unknown): Fields =>
      content === undefined
        ? new Map<string, FieldInfo>()
        : flattenSchema(doc, obj(content).schema, required(body));
    if (cb && ch) ctx.reportDocs(location, changedKeys(docsOf(cb), docsOf(ch)));
    diffFields(ctx, fields(ctx.base, bb, cb), fields(ctx.head, bh, ch), position, location, 'body');
  }
  const headers = (doc: Obj, body: Obj) =>
    new Map(
      Object.entries(obj(body.headers)).map(([name, h]) => [
        name.toLowerCase(),
        obj(deref(doc, h)),
      ]),
    );
  for (const [name, hb, hh] of pairs(headers(ctx.base, bb), headers(ctx.head, bh))) {
    const fields = (doc: Obj, header?: Obj): Fields =>
      header
        ? flattenSchema(doc, header.schema, header.required === true)
        : new Map<string, FieldInfo>();
    diffFields(
      ctx,
      fields(ctx.base, hb),
      fields(ctx.head, hh),
      position,
      `${prefix} header ${name}`,
      'header',
    );
    if (hb && hh) ctx.reportDocs(`${prefix} header ${name}`, changedKeys(docsOf(hb), docsOf(hh)));
  }
}

/**
 * Compares two flattened schemas. `root` names what path `''` is: a parameter (added and
 * removed by the caller, required flag → parameter kinds), a body or a header.
 */
function diffFields(
  ctx: Ctx,
  base: Fields,
  head: Fields,
  position: Position,
  prefix: string,
  root: 'parameter' | 'body' | 'header',
) {
  const gone: string[] = []; // added or removed paths: their descendants are not listed again
  const below = (path: string, top: string) =>
    top === '' || path.startsWith(`${top}.`) || path.startsWith(`${top}[]`);
  // Sorted, so an ancestor (a prefix of the path) comes before its descendants.
  for (const [path, fb, fh] of pairs(base, head)) {
    if (gone.some((top) => below(path, top))) continue;
    const location = path === '' ? prefix : `${prefix} ${path}`;
    const what = path === '' ? root : 'field';
    const report = (kind: ChangeKind, message: string) => ctx.report(kind, location, message);
    if (!fb || !fh) {
      gone.push(path);
      if (fb) report(`${position}-field-removed`, `${what} removed`);
      else if (position === 'response') report('response-field-added', `${what} added`);
      else if (fh.required) report('request-field-added-required', `required ${what} added`);
      else report('request-field-added-optional', `optional ${what} added`);
      continue;
    }
    if (fb.required !== fh.required) {
      const made = fh.required ? 'required' : 'optional';
      const subject = what === 'parameter' ? 'parameter' : (`${position}-field` as const);
      report(`${subject}-made-${made}`, `${what} made ${made}`);
    }
    if (!same(fb.types, fh.types)) {
      const kind: ChangeKind =
        position === 'request' && covers(fh.types, fb.types)
          ? 'request-type-widened'
          : position === 'response' && covers(fb.types, fh.types)
            ? 'response-type-narrowed'
            : 'type-changed';
      report(kind, `type changed from ${showTypes(fb.types)} to ${showTypes(fh.types)}`);
    }
    if (fb.format !== fh.format) {
      report('format-changed', `format changed from ${show(fb.format)} to ${show(fh.format)}`);
    }
    diffEnum(fb, fh, position, report);
    for (const [key, before, after] of pairs(fb.constraints, fh.constraints)) {
      if (same(before, after)) continue;
      const message =
        key === 'conditional'
          ? `if/then/else ${before === undefined ? 'added' : after === undefined ? 'removed' : 'changed'}`
          : `${key} changed from ${show(before)} to ${show(after)}`;
      report(constraintKind(position, tightens(key, before, after)), message);
    }
    if (fb.deprecated !== fh.deprecated) {
      report('deprecated', fh.deprecated ? `${what} deprecated` : `${what} no longer deprecated`);
    }
    ctx.reportDocs(location, changedKeys(fb.docs, fh.docs));
  }
}

function diffEnum(
  fb: FieldInfo,
  fh: FieldInfo,
  position: Position,
  report: (kind: ChangeKind, message: string) => void,
) {
  if (!fb.enum || !fh.enum) {
    // An enum introduced restricts the values; one dropped frees them.
    if (fb.enum)
      report(constraintKind(position, false), `enum removed (was ${fb.enum.map(show).join(', ')})`);
    if (fh.enum)
      report(constraintKind(position, true), `enum added: ${fh.enum.map(show).join(', ')}`);
    return;
  }
  const missing = (from: unknown[], to: unknown[]) =>
    from.filter((v) => !to.some((w) => same(v, w))).map(show);
  for (const [values, change] of [
    [missing(fh.enum, fb.enum), 'added'],
    [missing(fb.enum, fh.enum), 'removed'],
  ] as const) {
    if (values.length === 0) continue;
    const label = `enum value${values.length > 1 ? 's' : ''} ${change}: ${values.join(', ')}`;
    report(`${position}-enum-value-${change}`, label);
  }
}

const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];

/** Whether a constraint change admits fewer values; undefined when it cannot be ordered (pattern, if/then). */
function tightens(key: string, before: unknown, after: unknown): boolean | undefined {
  if (before === undefined) return true;
  if (after === undefined) return false;
  if (typeof before === 'number' && typeof after === 'number') {
    if (LOWER_BOUNDS.includes(key)) return after > before;
    if (UPPER_BOUNDS.includes(key)) return after < before;
  }
  if (key === 'uniqueItems') return after === true;
  return undefined;
}

/** An unordered change is read the breaking way for its position (see rules.ts). */
function constraintKind(position: Position, tightened: boolean | undefined): ChangeKind {
  return `${position}-constraint-${(tightened ?? position === 'request') ? 'tightened' : 'loosened'}`;
}

/** Whether every value of types `sub` is also of types `sup` (empty = any type; integer ⊂ number). */
function covers(sup: string[], sub: string[]): boolean {
  if (sup.length === 0) return true;
  if (sub.length === 0) return false;
  return sub.every((t) => sup.includes(t) || (t === 'integer' && sup.includes('number')));
}

function diffDeprecated(ctx: Ctx, location: string, what: string, b: Obj, h: Obj) {
  if ((b.deprecated === true) === (h.deprecated === true)) return;
  const message = h.deprecated === true ? `${what} deprecated` : `${what} no longer deprecated`;
  ctx.report('deprecated', location, message);
}

/** Servers matched by URL; their variables' allowed values and defaults are part of the API. */
function diffServers(ctx: Ctx, base: unknown, head: unknown) {
  const byUrl = (servers: unknown) =>
    new Map(list(servers).map((s) => [String(obj(s).url), obj(s)]));
  for (const [url, b, h] of pairs(byUrl(base), byUrl(head))) {
    const location = `server ${url}`;
    if (!b) ctx.report('server-added', location, 'server added');
    else if (!h) ctx.report('server-removed', location, 'server removed');
    else {
      // `variables` is a map of names: stripDocs must keep its keys.
      const changed = !same(stripDocs(b.variables, true), stripDocs(h.variables, true));
      if (changed) ctx.report('server-changed', location, 'server variables changed');
      const docKeys = changedKeys(docsOf(b), docsOf(h));
      if (!changed && !same(b.variables, h.variables)) docKeys.push('variables');
      ctx.reportDocs(location, docKeys);
    }
  }
}

/** Schemes defined on both sides; one added or removed matters through the requirements using it. */
function diffSecuritySchemes(ctx: Ctx) {
  const schemes = (doc: Obj) => obj(obj(doc.components).securitySchemes);
  for (const [name, rawB, rawH] of pairs(schemes(ctx.base), schemes(ctx.head))) {
    if (rawB === undefined || rawH === undefined) continue;
    const [b, h] = [obj(deref(ctx.base, rawB)), obj(deref(ctx.head, rawH))];
    const location = `security scheme ${name}`;
    const changed = changedKeys(obj(stripDocs(b)), obj(stripDocs(h)));
    if (changed.length > 0)
      ctx.report('security-scheme-changed', location, `${changed.join(', ')} changed`);
    ctx.reportDocs(location, changedKeys(docsOf(b), docsOf(h)));
  }
}
