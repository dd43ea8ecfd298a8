/** Plain-text rendering of spec changes, for the CLI and CI logs. */
import type { SpecChange } from './diff.ts';
import { maxSeverity, type Severity } from './rules.ts';

/**
 * One block per package: a header with the bump it needs (the most severe change), then one
 * line per change, e.g. `  major  applyPartialRefund  request body products[].refundCount  type
 * changed from integer to string`. A package without changes says "no API changes".
 */
export function formatChanges(byPackage: { package: string; changes: SpecChange[] }[]): string {
  return byPackage
    .map(({ package: name, changes }) => {
      if (changes.length === 0) return `${name}: no API changes`;
      const bump = changes.map((c) => c.severity).reduce<Severity>(maxSeverity, 'patch');
      const lines = changes.map((c) =>
        ['', c.severity.padEnd(5), c.operation ?? '(document)', c.location, c.message].join('  '),
      );
      return [`${name}: ${bump}`, ...lines].join('\n');
    })
    .join('\n\n');
}
