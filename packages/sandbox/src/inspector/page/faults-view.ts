import type { FaultRule, FaultSpec } from '../../faults.js';
import { h, replaceChildren } from './dom.js';
import { providerName } from './format.js';
import type { Store } from './store.js';

/** Requests listed per rule at most; the count says how many more. */
const FIRED_SHOWN = 8;

/** Renders the active rules with what each fired on and a Remove button (`data-remove`). */
export function renderFaults(
  tbody: HTMLTableSectionElement,
  empty: HTMLElement,
  store: Store,
): void {
  empty.hidden = store.faults.length > 0;
  replaceChildren(
    tbody,
    store.faults.map((rule) => {
      const fired = store.firedOn(rule.id);
      return h(
        'tr',
        { 'data-rule': rule.id },
        h('td', { class: 'mono' }, rule.id),
        h('td', null, h('span', { class: 'badge fault' }, rule.kind), parameters(rule)),
        h(
          'td',
          null,
          rule.provider === undefined ? 'any provider' : providerName(rule.provider),
          rule.operation === undefined ? undefined : ` · ${rule.operation}`,
        ),
        h('td', null, budget(rule)),
        h('td', { class: 'num' }, rule.fired),
        h(
          'td',
          { class: 'mono' },
          ...fired
            .slice(0, FIRED_SHOWN)
            .flatMap((id, i) => [
              i > 0 ? ', ' : undefined,
              h('a', { href: `#requests/${id}` }, id),
            ]),
          fired.length > FIRED_SHOWN ? ` and ${fired.length - FIRED_SHOWN} more` : undefined,
        ),
        h(
          'td',
          null,
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-remove': rule.id,
              'aria-label': `Remove ${rule.id}`,
            },
            'Remove',
          ),
        ),
      );
    }),
  );
}

function parameters(rule: FaultRule): string | undefined {
  const parts: string[] = [];
  if (rule.status !== undefined) parts.push(`status ${rule.status}`);
  if (rule.latencyMs !== undefined) parts.push(`${rule.latencyMs} ms`);
  if (rule.retryAfterSeconds !== undefined) parts.push(`Retry-After ${rule.retryAfterSeconds}`);
  if (rule.location !== undefined) parts.push(rule.location);
  return parts.length === 0 ? undefined : ` ${parts.join(', ')}`;
}

function budget(rule: FaultRule): string {
  if (rule.probability !== undefined) {
    return `p = ${rule.probability}${rule.times === undefined ? '' : `, ${rule.times} times`}`;
  }
  return `${rule.times ?? 1} time${(rule.times ?? 1) === 1 ? '' : 's'}`;
}

/**
 * The rule the form describes; empty fields left out (the sandbox's defaults apply). Numbers
 * are read as the integers or the probability the API checks; the API names a bad field.
 */
export function faultFromForm(form: HTMLFormElement): FaultSpec {
  const data = new FormData(form);
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  const spec: Record<string, unknown> = { kind: text('kind') };
  if (text('provider') !== '') spec['provider'] = text('provider');
  if (text('operation') !== '') spec['operation'] = text('operation');
  for (const name of ['times', 'probability', 'status', 'latencyMs', 'retryAfterSeconds']) {
    if (text(name) !== '') spec[name] = Number(text(name));
  }
  if (text('location') !== '') spec['location'] = text('location');
  return spec as unknown as FaultSpec;
}
