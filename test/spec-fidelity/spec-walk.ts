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

export type Spec = {
  paths: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, Schema> };
  servers?: { url: string; variables?: Record<string, unknown> }[];
};

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

export type FoundField = { schema: Schema; required: boolean };

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
export function requestSchema(spec: Spec, path: string, method: string): Schema {
  const body = spec.paths[path]?.[method]?.requestBody;
  if (!body) throw new Error(`${method.toUpperCase()} ${path} has no request body`);
  return body.content['application/json'].schema;
}

/** The JSON response schema of an operation for one status. */
export function responseSchema(spec: Spec, path: string, method: string, status: string): Schema {
  const response = spec.paths[path]?.[method]?.responses?.[status];
  if (!response) throw new Error(`${method.toUpperCase()} ${path} has no ${status} response`);
  return response.content['application/json'].schema;
}

/** A path parameter's schema and required flag. */
export function pathParameter(
  spec: Spec,
  path: string,
  method: string,
  name: string,
): FoundField | undefined {
  const operation = spec.paths[path]?.[method];
  const parameters = [...(spec.paths[path]?.parameters ?? []), ...(operation?.parameters ?? [])];
  const parameter = parameters
    .map((p: any) => (p.$ref ? (spec as any).components.parameters[p.$ref.split('/').pop()] : p))
    .find((p: any) => p.in === 'path' && p.name === name);
  return parameter
    ? { schema: parameter.schema, required: parameter.required === true }
    : undefined;
}
