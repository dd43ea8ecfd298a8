import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// ajv-formats is CommonJS with a default export; under NodeNext its namespace arrives here.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface Spec {
  paths: Record<
    string,
    Record<
      string,
      { operationId?: string; requestBody?: { content?: Record<string, { schema?: unknown }> } }
    >
  >;
}

/**
 * A validator for the request body of one operation of `specs/<provider>/openapi.yaml`,
 * compiled by JSON pointer into the spec itself (as the sandbox does), for the property
 * tests' "whatever is sent validates against the spec".
 *
 * @returns the list of violations (`[]` when valid) of a body given as JSON text.
 */
export function specRequestValidator(
  provider: 'keeta' | 'shoplazza' | 'kakaclo',
  operationId: string,
): (bodyText: string) => string[] {
  const file = fileURLToPath(new URL(`../../../specs/${provider}/openapi.yaml`, import.meta.url));
  const spec = parse(readFileSync(file, 'utf8')) as Spec;
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  const id = `https://refundkit.test/${provider}.json`;
  ajv.addSchema({ ...spec, $id: id });
  let validate: ValidateFunction | undefined;
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation.operationId !== operationId) continue;
      const pointer = `/paths/${template.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/requestBody/content/application~1json/schema`;
      validate = ajv.compile({ $ref: `${id}#${pointer}` });
    }
  }
  if (validate === undefined)
    throw new Error(`${provider} has no operation ${operationId} with a JSON body`);
  const check = validate;
  return (bodyText) => {
    // JSON.parse on purpose: Ajv types numbers, and a bigint id is an integer all the same.
    const body: unknown = JSON.parse(bodyText);
    return check(body)
      ? []
      : (check.errors ?? []).map(
          (e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message ?? ''}`,
        );
  };
}
