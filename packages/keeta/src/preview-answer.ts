import { toInt64 } from '@refundkit/http';
import type { components } from './generated/openapi.js';

/**
 * The ids-as-strings rule for Keeta's preview answer. Keeta sends ids as JSON integers, and
 * some are int64: the lossless parser gives those above 2^53 as `bigint`, the others as
 * `number`, so one field could be either. Callers store and compare ids, so every id leaves
 * the client as an exact decimal string; counts, amounts and codes keep their JSON type.
 */

/**
 * `T` with every int64 field (generated as `number | bigint`) typed as an exact decimal
 * string, at any depth. Plain integers (`number`) are left alone.
 */
export type WithStringIds<T> = T extends readonly (infer Item)[]
  ? WithStringIds<Item>[]
  : T extends object
    ? {
        [K in keyof T]: [bigint] extends [NonNullable<T[K]>]
          ? string | Exclude<T[K], number | bigint>
          : WithStringIds<T[K]>;
      }
    : T;

/**
 * What `previewPartialRefund` resolves with: the envelope's `data`, with `id`, `spuId` and
 * `skuId` of each product and the ids of its choice groups and their options as exact
 * decimal strings.
 */
export type PartialRefundPreview = WithStringIds<components['schemas']['PartialRefundPreview']>;

/**
 * Where the int64 ids of a preview are (spec `PreviewProduct`, `ChoiceGroup`,
 * `ChoiceGroupSku`): each key names an id field or a list whose items hold more.
 */
interface IdLayout {
  readonly ids: readonly string[];
  readonly lists: Readonly<Record<string, IdLayout>>;
}
const CHOICE_GROUP_SKU: IdLayout = { ids: ['id', 'spuId'], lists: {} };
const CHOICE_GROUP: IdLayout = { ids: ['id'], lists: { choiceGroupSkuList: CHOICE_GROUP_SKU } };
const PRODUCT: IdLayout = {
  ids: ['id', 'spuId', 'skuId'],
  lists: { choiceGroupList: CHOICE_GROUP },
};
const PREVIEW: IdLayout = { ids: [], lists: { products: PRODUCT } };

/**
 * Copies a preview's `data` with its ids as exact decimal strings. A `null` id is left out
 * (the spec types ids as optional, not nullable); other fields pass through untouched.
 *
 * @param fail - called with the reason when the data is not shaped as documented or an id
 *   is not an exact integer (a fraction, or a number that already lost digits).
 */
export function previewWithStringIds(
  data: unknown,
  fail: (reason: string) => never,
): PartialRefundPreview | undefined {
  if (data === undefined || data === null) return undefined;
  return withStringIds(data, PREVIEW, 'data', fail);
}

function withStringIds(
  value: unknown,
  layout: IdLayout,
  path: string,
  fail: (reason: string) => never,
): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(`has a ${path} that is not an object`);
  }
  // A spread copies even an own `__proto__` key (JSON can hold one) as plain data.
  const copy: Record<string, unknown> = { ...value };
  for (const field of layout.ids) {
    const id = copy[field];
    if (id === null) Reflect.deleteProperty(copy, field);
    if (id === null || id === undefined) continue;
    const exact = toInt64(id);
    if (!exact.ok) fail(`has a ${path}.${field} that is not an exact integer id`);
    copy[field] = String(exact.value);
  }
  for (const [field, itemLayout] of Object.entries(layout.lists)) {
    const list = copy[field];
    if (list === null) Reflect.deleteProperty(copy, field);
    if (list === null || list === undefined) continue;
    if (!Array.isArray(list)) fail(`has a ${path}.${field} that is not an array`);
    copy[field] = list.map((item, index) =>
      withStringIds(item, itemLayout, `${path}.${field}[${index}]`, fail),
    );
  }
  return copy;
}
