/**
 * spec-diff: what changed in an OpenAPI spec's API surface between two versions, with the
 * semver bump each change needs. See rules.ts for the classification.
 */
export { diffSpecs, type SpecChange } from './diff.ts';
export { formatChanges } from './format.ts';
export { flattenSchema } from './resolve.ts';
export { type ChangeKind, maxSeverity, RULES, type Severity, SEVERITY_ORDER } from './rules.ts';
