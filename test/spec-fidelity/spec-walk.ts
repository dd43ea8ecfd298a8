/**
 * Reads an OpenAPI spec and finds the schema behind a documented field path such as
 * `data.products.choiceGroupList.id`, following `$ref`, `allOf`, array `items` and
 * nullable `oneOf`/`anyOf` branches the way a reader of the spec would.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  enum?: unknown[];
  format?: string;
};

/** A request body or a response: its schema per media type. */
interface Content {
  content?: Record<string, { schema?: Schema } | undefined>;
}

/** A parameter as written in the spec: inline, or a `$ref` to `components.parameters`. */
interface Parameter {
  $ref?: string;
  in?: string;
  name?: string;
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: Content;
  responses?: Record<string, Content | undefined>;
}

/** The HTTP methods our specs use. */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A path item: its operations by method, plus the parameters they all share. */
type PathItem = Partial<Record<Method, Operation>> & { parameters?: Parameter[] };

export interface Spec {
  paths: Record<string, PathItem | undefined>;
  components?: {
    schemas?: Record<string, Schema>;
    parameters?: Record<string, Parameter>;
    securitySchemes?: Record<string, unknown>;
  };
  servers?: { url: string; variables?: Record<string, unknown> }[];
}

export function loadSpec(file: string): Spec {
  return parse(readFileSync(file, 'utf8')) as Spec;
}

export function deref(spec: Spec, schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; current.$ref !== undefined; hops++) {
    if (hops > 20) throw new Error(`$ref loop at ${current.$ref}`);
    const prefix = '#/components/schemas/';
    if (!current.$ref.startsWith(prefix)) throw new Error(`unsupported $ref ${current.$ref}`);
    const target = spec.components?.schemas?.[current.$ref.slice(prefix.length)];
    if (!target) throw new Error(`dangling $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

/** The branches a value of this schema may take, with `null`-only branches dropped. */
function branches(spec: Spec, schema: Schema): Schema[] {
  const resolved = deref(spec, schema);
  const alternatives = resolved.oneOf ?? resolved.anyOf;
  if (!alternatives) return [resolved];
  return alternatives
    .map((branch) => deref(spec, branch))
    .filter((branch) => branch.type !== 'null')
    .flatMap((branch) => branches(spec, branch));
}

/** Properties and required names of an object schema, merged across `allOf`. */
function objectShape(
  spec: Spec,
  schema: Schema,
): { properties: Record<string, Schema>; required: Set<string> } {
  const properties: Record<string, Schema> = {};
  const required = new Set<string>();
  for (const part of branches(spec, schema)) {
    Object.assign(properties, part.properties ?? {});
    (part.required ?? []).forEach((name) => required.add(name));
    for (const member of part.allOf ?? []) {
      const nested = objectShape(spec, member);
      Object.assign(properties, nested.properties);
      nested.required.forEach((name) => required.add(name));
    }
  }
  return { properties, required };
}

/** The JSON types a schema admits, `null` excluded (e.g. `["integer"]`). */
export function typesOf(spec: Spec, schema: Schema): string[] {
  const types = new Set<string>();
  for (const branch of branches(spec, schema)) {
    const own = branch.type ?? (branch.allOf ?? []).flatMap((member) => typesOf(spec, member));
    for (const type of [own].flat()) if (type !== 'null') types.add(type);
  }
  return [...types].sort();
}

/** Whether `null` is an allowed value. */
export function isNullable(spec: Spec, schema: Schema): boolean {
  const resolved = deref(spec, schema);
  if ([resolved.type].flat().includes('null')) return true;
  return (resolved.oneOf ?? resolved.anyOf ?? []).some((branch) => isNullable(spec, branch));
}

export interface FoundField {
  schema: Schema;
  required: boolean;
}

/**
 * Follows a dotted field path from `root`. Arrays are stepped through transparently,
 * as the provider pages do (`products.refundCount` is a field of each product).
 */
export function findField(spec: Spec, root: Schema, path: string): FoundField | undefined {
  let current: FoundField = { schema: root, required: true };
  for (const name of path.split('.')) {
    let container = deref(spec, current.schema);
    while (typesOf(spec, container).includes('array') && container.items) {
      container = deref(spec, container.items);
    }
    const shape = objectShape(spec, container);
    const next = shape.properties[name];
    if (!next) return undefined;
    current = { schema: next, required: shape.required.has(name) };
  }
  return current;
}

/** The JSON request body schema of an operation. */
export function requestSchema(spec: Spec, path: string, method: Method): Schema {
  const schema = spec.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} has no JSON request body`);
  return schema;
}

/** The JSON response schema of an operation for one status. */
export function responseSchema(spec: Spec, path: string, method: Method, status: string): Schema {
  const response = spec.paths[path]?.[method]?.responses?.[status];
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} has no JSON ${status} response`);
  return schema;
}

/** A path parameter's schema and required flag. */
export function pathParameter(
  spec: Spec,
  path: string,
  method: Method,
  name: string,
): FoundField | undefined {
  const item = spec.paths[path];
  const parameters = [...(item?.parameters ?? []), ...(item?.[method]?.parameters ?? [])];
  const parameter = parameters
    .map((p) => (p.$ref === undefined ? p : parameterRef(spec, p.$ref)))
    .find((p) => p.in === 'path' && p.name === name);
  if (!parameter) return undefined;
  if (!parameter.schema) throw new Error(`path parameter ${name} of ${path} has no schema`);
  return { schema: parameter.schema, required: parameter.required === true };
}

/** The parameter behind a `#/components/parameters/<name>` reference. */
function parameterRef(spec: Spec, ref: string): Parameter {
  const prefix = '#/components/parameters/';
  const target = ref.startsWith(prefix)
    ? spec.components?.parameters?.[ref.slice(prefix.length)]
    : undefined;
  if (!target) throw new Error(`dangling or unsupported $ref ${ref}`);
  return target;
}
