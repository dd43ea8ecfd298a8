import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { mapBigInts } from './json.js';

/** The three providers the sandbox stands in for. */
export type ProviderName = 'keeta' | 'shoplazza' | 'kakaclo';

/** One `{field, message}` per schema violation; `field` is a path such as `products[0].refundCount`. */
export interface Violation {
  /** Where the violation is: a path such as `products[0].refundCount` (`''` for the whole body). */
  field: string;
  /** What is wrong, in the validator's words. */
  message: string;
  /** The JSON Schema keyword that failed (`required`, `type`, `pattern`, …), or `json` / `body`. */
  keyword: string;
}

/** One documented operation, with validators compiled from its spec. */
export interface SpecOperation {
  /** The provider whose spec documents the operation. */
  provider: ProviderName;
  /** The spec's `operationId`. */
  operationId: string;
  /** The HTTP method, upper case. */
  method: string;
  /** The spec's path template, e.g. `/openapi/v2/order/orders/{id}/refund`. */
  template: string;
  /**
   * Matches a concrete path and captures the path parameters by name, percent-decoded; a
   * parameter whose encoding is malformed (`%ZZ`) does not match (the path is unknown).
   */
  match(path: string): Record<string, string> | undefined;
  /** Whether a request body is required. */
  bodyRequired: boolean;
  /** Violations of the request (path parameters and body). */
  validateRequest(request: { pathParams: Record<string, string>; body: unknown }): Violation[];
  /** Violations of an answer; `undefined` when the spec documents no JSON body for that status. */
  validateResponse(status: number, body: unknown): Violation[] | undefined;
}

// ajv-formats is CommonJS with a default export; under NodeNext its namespace arrives here.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** Reads a spec bundled by `scripts/bundle-specs.ts` (`<package>/specs/<provider>.json`). */
export function loadSpec(provider: ProviderName): OpenApiDocument {
  const url = new URL(`../specs/${provider}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as OpenApiDocument;
}

/** The parts of an OpenAPI 3.1 document the sandbox reads. */
export interface OpenApiDocument {
  /** Path templates → method (or `parameters`, …) → the operation (its `operationId`, parameters, body and responses). */
  paths: Record<string, Record<string, unknown>>;
  /** Shared parts; the sandbox reads the named responses a `$ref` points at. */
  components?: {
    /** Responses by name (`#/components/responses/<name>`). */
    responses?: Record<string, OpenApiResponse>;
  };
  [key: string]: unknown;
}

interface OpenApiOperation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: object }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: object }> };
  responses: Record<string, OpenApiResponse | { $ref: string }>;
}

/** An OpenAPI response as far as the sandbox reads it: its JSON schema per media type. */
export interface OpenApiResponse {
  /** Media type (`application/json`) → its body. */
  content?: Record<
    string,
    {
      /** The body's JSON Schema. */
      schema?: object;
    }
  >;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * Compiles every operation of a spec with Ajv (JSON Schema 2020-12, the dialect of OpenAPI
 * 3.1). Schemas are referenced by JSON pointer into the spec itself, never copied by hand, so
 * the sandbox enforces exactly what the spec says.
 */
export function compileOperations(provider: ProviderName, spec: OpenApiDocument): SpecOperation[] {
  // strict: false because OpenAPI adds keywords (example, x-…) that are not JSON Schema.
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  const specId = `https://refundkit.local/specs/${provider}.json`;
  ajv.addSchema({ ...spec, $id: specId });
  const ref = (pointer: string): ValidateFunction => ajv.compile({ $ref: `${specId}#${pointer}` });

  const operations: SpecOperation[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as OpenApiOperation | undefined;
      if (!operation) continue;
      const base = `/paths/${escapePointer(template)}/${method}`;
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
      const validateBody = bodySchema
        ? ref(`${base}/requestBody/content/application~1json/schema`)
        : undefined;
      const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path');
      const validateParams = pathParams.map((p, index) => ({
        name: p.name,
        validate: ref(`${base}/parameters/${index}/schema`),
      }));
      const responseValidators = compileResponses(spec, operation, base, ref);
      const { regex, names } = templateRegex(template);
      operations.push({
        provider,
        operationId: operation.operationId,
        method: method.toUpperCase(),
        template,
        bodyRequired: operation.requestBody?.required === true,
        match(path) {
          const found = regex.exec(path);
          if (!found) return undefined;
          const params: Record<string, string> = {};
          for (const [i, name] of names.entries()) {
            const value = decodePathSegment(found[i + 1] ?? '');
            if (value === undefined) return undefined;
            params[name] = value;
          }
          return params;
        },
        validateRequest({ pathParams: values, body }) {
          const violations: Violation[] = [];
          for (const { name, validate } of validateParams) {
            if (!validate(values[name])) violations.push(...toViolations(validate.errors, name));
          }
          if (validateBody && body !== undefined && !validateBody(asJsonTypes(body))) {
            violations.push(...toViolations(validateBody.errors));
          }
          return violations;
        },
        validateResponse(status, body) {
          const validate =
            responseValidators.get(String(status)) ??
            responseValidators.get(`${String(status)[0]}XX`);
          if (!validate) return undefined;
          return validate(asJsonTypes(body)) ? [] : toViolations(validate.errors);
        },
      });
    }
  }
  return operations;
}

function compileResponses(
  spec: OpenApiDocument,
  operation: OpenApiOperation,
  base: string,
  ref: (pointer: string) => ValidateFunction,
): Map<string, ValidateFunction> {
  const validators = new Map<string, ValidateFunction>();
  for (const [status, response] of Object.entries(operation.responses)) {
    let pointer = `${base}/responses/${escapePointer(status)}`;
    let resolved = response as OpenApiResponse;
    if ('$ref' in response && typeof response.$ref === 'string') {
      pointer = response.$ref.slice(1);
      resolved = spec.components?.responses?.[response.$ref.split('/').pop() ?? ''] ?? {};
    }
    if (resolved.content?.['application/json']?.schema) {
      validators.set(status, ref(`${pointer}/content/application~1json/schema`));
    }
  }
  return validators;
}

/** Ajv knows only numbers; JSON Schema's `integer` covers exact bigints too. */
const asJsonTypes = (value: unknown) => mapBigInts(value, Number);

/** `decodeURIComponent`, or `undefined` for malformed percent-encoding. */
export function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function templateRegex(template: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (part.startsWith('{')) {
        names.push(part.slice(1, -1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp(`^${source}$`), names };
}

/** Ajv errors as `{field, message}` with readable paths (`products[0].refundCount`). */
function toViolations(errors: ErrorObject[] | null | undefined, root = ''): Violation[] {
  const seen = new Set<string>();
  const violations: Violation[] = [];
  for (const error of errors ?? []) {
    // if/then failures repeat the real error from `then`; skip the summary.
    if (error.keyword === 'if') continue;
    let path = error.instancePath
      .split('/')
      .slice(1)
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce(
        (acc, segment) =>
          /^\d+$/.test(segment) ? `${acc}[${segment}]` : acc ? `${acc}.${segment}` : segment,
        root,
      );
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      path = path ? `${path}.${missing}` : missing;
      message = 'is required';
    } else if (error.keyword === 'additionalProperties') {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      path = path ? `${path}.${extra}` : extra;
      message = 'is not a documented field';
    }
    const key = `${path}|${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      violations.push({ field: path || '(body)', message, keyword: error.keyword });
    }
  }
  return violations;
}
