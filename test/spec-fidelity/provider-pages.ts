/**
 * Reads the fields a provider page documents, straight from the copies in
 * `../shared/provider-docs/`, so a field nobody transcribed is still checked.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const providerDocsDir = resolve(import.meta.dirname, '../../../shared/provider-docs');

export function readPage(name: string): string {
  const file = resolve(providerDocsDir, name);
  if (!existsSync(file)) {
    throw new Error(
      `${file} not found: the spec-fidelity tests read the provider pages from ../shared/provider-docs, ` +
        'which must sit beside the repository (as it does in CI).',
    );
  }
  return readFileSync(file, 'utf8');
}

/** One field as a page documents it. `required` is undefined when the page has no say. */
export interface DocumentedField {
  section: string;
  name: string;
  type: string;
  required: boolean | undefined;
}

/**
 * Keeta's pages list fields as ``- `data.products.id` (integer, required)`` bullets
 * under "## Request fields" and "## Response 200 fields" (all on one line).
 */
export function keetaFields(page: string): DocumentedField[] {
  const fields: DocumentedField[] = [];
  const sections = page.split(/## (Request fields|Response 200 fields)/);
  for (let i = 1; i < sections.length; i += 2) {
    const section = sections[i]!;
    for (const match of sections[i + 1]!.matchAll(/- `([\w.]+)` \((\w+)(, required)?\)/g)) {
      fields.push({ section, name: match[1]!, type: match[2]!, required: match[3] !== undefined });
    }
  }
  return fields;
}

/**
 * Markdown tables whose header has a `Type` column. A table's section is the nearest
 * line above it that is not part of a table. Rows without a leading `|` (as the
 * Shoplazza render has them) are read too.
 */
export function tableFields(page: string): DocumentedField[] {
  const fields: DocumentedField[] = [];
  let section = '';
  let columns: string[] | undefined;
  for (const line of page.split('\n')) {
    if (!line.includes('|')) {
      section = line.trim();
      columns = undefined;
      continue;
    }
    const cells = splitRow(line);
    if (cells.includes('Type')) {
      columns = cells;
      continue;
    }
    if (!columns || /^-+$/.test(cells[0] ?? '')) continue;
    const requiredColumn = columns.indexOf('Required');
    const { name, type, description } = lostNameRow(cells) ?? {
      name: cells[0] ?? '',
      type: cells[columns.indexOf('Type')] ?? '',
      description: cells[columns.indexOf('Description')] ?? '',
    };
    fields.push({
      section,
      name,
      type,
      required:
        requiredColumn >= 0
          ? cells[requiredColumn] === 'Yes'
          : description.includes('(required)') || undefined,
    });
  }
  return fields;
}

function splitRow(line: string): string[] {
  const cells = line.split('|').map((cell) => cell.trim());
  if (line.trim().startsWith('|')) cells.shift();
  if (line.trim().endsWith('|')) cells.pop();
  return cells;
}

/**
 * The Shoplazza 2022-01 page lost one row's name to an e-mail obfuscation script:
 * `string | Email address of the customer. | "[email protected]" | |`.
 * Its description names the field, so it is read back as `Email`.
 */
function lostNameRow(cells: string[]) {
  if (cells[0] === 'string' && cells[1] === 'Email address of the customer.') {
    return { name: 'Email', type: 'string', description: cells[1] };
  }
  return undefined;
}

/** JSON types (null excluded) for a type as the pages write it, and whether it is a pointer. */
export function jsonTypeOf(documented: string): { type: string; nullable: boolean } {
  const nullable = documented.startsWith('*');
  const bare = documented
    .replace(/^\*/, '')
    .replace(/\s*\(?ISO8601\)?/, '')
    .trim();
  const lower = bare.toLowerCase();
  if (lower === 'string') return { type: 'string', nullable };
  if (lower === 'int' || lower === 'integer' || lower === 'long')
    return { type: 'integer', nullable };
  if (lower === 'bool' || lower === 'boolean') return { type: 'boolean', nullable };
  if (lower === 'array' || lower.startsWith('array of') || bare.startsWith('[]')) {
    return { type: 'array', nullable };
  }
  // Anything else is a named structure (`Order`, `ShippingLine`, `Config`, …): an object.
  return { type: 'object', nullable };
}
