/**
 * The one table of spec change kinds and the semver bump each one needs in the generated
 * client package. Judged from the point of view of code that calls the API through our
 * generated types: "request" is what the caller sends, "response" what it receives.
 * Widening what a caller may send is a feature; widening what a caller may receive is
 * breaking, because its code may not handle the new value. Narrowing is the mirror image.
 */

/** A semver bump: breaking, feature, or fix/docs. */
export type Severity = 'major' | 'minor' | 'patch';

/** Every change kind the engine reports, its severity and why. */
export const RULES = {
  'operation-added': { severity: 'minor', why: 'a new endpoint is a feature' },
  'operation-removed': { severity: 'major', why: 'callers of the endpoint break' },
  'operation-id-changed': {
    severity: 'major',
    why: 'the operationId names the generated operation type, so code using the old name breaks',
  },
  deprecated: {
    severity: 'minor',
    why: 'marking something deprecated (or lifting it) warns callers without breaking them',
  },

  'parameter-added-required': { severity: 'major', why: 'existing calls lack the parameter' },
  'parameter-added-optional': { severity: 'minor', why: 'a new option; existing calls still work' },
  'parameter-removed': {
    severity: 'major',
    why: 'calls passing it no longer type-check (and may be rejected)',
  },
  'parameter-made-required': { severity: 'major', why: 'calls leaving it out now fail' },
  'parameter-made-optional': { severity: 'minor', why: 'calls may now leave it out' },

  'request-field-added-required': { severity: 'major', why: 'existing bodies lack the field' },
  'request-field-added-optional': { severity: 'minor', why: 'a new option in the body' },
  'request-field-removed': {
    severity: 'major',
    why: 'bodies sending it fail the excess-property check and may be rejected',
  },
  'request-field-made-required': { severity: 'major', why: 'bodies leaving it out now fail' },
  'request-field-made-optional': { severity: 'minor', why: 'bodies may now leave it out' },

  'response-field-added': { severity: 'minor', why: 'more data for callers; old code ignores it' },
  'response-field-removed': { severity: 'major', why: 'code reading the field breaks' },
  'response-field-made-optional': {
    severity: 'major',
    why: 'code assuming the field is present breaks',
  },
  'response-field-made-required': {
    severity: 'minor',
    why: 'a stronger guarantee; code that checked for absence still works',
  },

  'type-changed': {
    severity: 'major',
    why: 'a request no longer accepts a type it did, or a response may carry a type it did not',
  },
  'request-type-widened': {
    severity: 'minor',
    why: 'the request accepts every old type and more (e.g. integer to number, null allowed)',
  },
  'response-type-narrowed': {
    severity: 'minor',
    why: 'the response carries a subset of its old types; code handling all of them still works',
  },
  'format-changed': {
    severity: 'major',
    why: 'formats drive parsing and validation (int64, date-time); either direction can break',
  },

  'request-enum-value-added': { severity: 'minor', why: 'callers may send a new value' },
  'request-enum-value-removed': { severity: 'major', why: 'calls sending that value now fail' },
  'response-enum-value-added': {
    severity: 'major',
    why: 'exhaustive handling of the values (switch, union type) misses the new one',
  },
  'response-enum-value-removed': {
    severity: 'minor',
    why: 'the response promises fewer values; code handling all of them still works',
  },

  // Constraints: pattern, minimum/maximum, min/maxLength, min/maxItems, enum introduced or
  // dropped, if/then/else. A changed pattern or conditional cannot be ordered, so it counts as
  // tightened in a request and loosened in a response: the breaking reading in each position.
  'request-constraint-tightened': { severity: 'major', why: 'some valid calls are now rejected' },
  'request-constraint-loosened': { severity: 'minor', why: 'more calls are accepted' },
  'response-constraint-tightened': {
    severity: 'patch',
    why: 'the provider promises a narrower range; no generated type changes and every value code handled is still handled',
  },
  'response-constraint-loosened': {
    severity: 'major',
    why: 'values beyond a documented limit may arrive (e.g. a longer id than storage allows)',
  },

  'response-status-added': { severity: 'minor', why: 'a new documented answer, typed for callers' },
  'response-status-removed': { severity: 'major', why: 'code typed against that answer breaks' },

  'server-added': { severity: 'minor', why: 'a new base URL to choose from' },
  'server-removed': { severity: 'major', why: 'clients configured with that base URL break' },
  'server-changed': {
    severity: 'major',
    why: 'the variables (allowed values, default) of a base URL changed',
  },

  'security-requirement-added': {
    severity: 'minor',
    why: 'a new way to authenticate; the old ones still work',
  },
  'security-requirement-removed': {
    severity: 'major',
    why: 'callers authenticating that way (or anonymously) are refused',
  },
  'security-scheme-changed': {
    severity: 'major',
    why: 'where or how credentials are sent changed (type, header name, scheme, flows)',
  },

  'docs-changed': {
    severity: 'patch',
    why: 'descriptions, summaries, examples, titles, tags, info or x-* extensions only',
  },
  'unclassified-change': {
    severity: 'major',
    why: 'the API surface differs in a way the engine does not compare (headers, callbacks…); review by hand',
  },
} as const satisfies Record<string, { severity: Severity; why: string }>;

/** A change kind: a key of {@link RULES}. */
export type ChangeKind = keyof typeof RULES;

/** Severities from least to most severe. */
export const SEVERITY_ORDER: readonly Severity[] = ['patch', 'minor', 'major'];

/** The severity of a change kind, from {@link RULES}. */
export function severityOf(kind: ChangeKind): Severity {
  return RULES[kind].severity;
}

/** The more severe of two severities; `a` may be undefined (nothing seen yet). */
export function maxSeverity(a: Severity | undefined, b: Severity): Severity {
  if (a === undefined) return b;
  return SEVERITY_ORDER.indexOf(a) >= SEVERITY_ORDER.indexOf(b) ? a : b;
}
