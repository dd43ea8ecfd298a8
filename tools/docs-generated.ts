/**
 * TypeDoc plugin (loaded by typedoc.json for `pnpm run docs`) for the openapi-typescript output in
 * `packages/<provider>/src/generated/`, which is never edited by hand.
 *
 * 1. openapi-typescript writes each spec `description` as an `@description` block (declared as
 *    a block tag in typedoc.json); it is moved into the comment's summary, so it reads as the
 *    member's description rather than under a "Description" heading.
 * 2. The three roots a package exports get a one-line description: openapi-typescript gives
 *    them none, and TypeDoc would otherwise show the file's "generated, do not edit" header
 *    as the description of `paths`, the first declaration.
 * 3. That output is exempt from `validation.notDocumented`, and only where it has nothing to
 *    show. Every schema, property and operation there carries its spec's description. What
 *    has no comment is openapi-typescript's own scaffolding: the `paths`, `components` and
 *    `operations` roots, `parameters`/`query`/`header`, `requestBody`, `content`,
 *    `application/json`, `responses`, `get?: never`, … Those are the OpenAPI document's
 *    shape, not API to describe, and a generated file cannot take a hand-written comment.
 *    Listing them in `intentionallyNotDocumented` by hand would go stale with every
 *    `pnpm generate`, so this computes the list per package, after conversion and before
 *    validation. Every hand-written export is still checked.
 */
import { Comment, Converter, ReflectionKind, type Application } from 'typedoc';

/** What the exported roots of a generated file are, for their pages. */
const ROOTS: Readonly<Record<string, string>> = {
  paths: "Every path of the provider's OpenAPI spec, by URL template, with its operations.",
  components:
    'The reusable parts of the spec: `components["schemas"]` are its request and answer bodies.',
  operations:
    'Every operation of the spec by `operationId`: its parameters, request body and answers.',
};

/** `@description` text becomes the summary (after openapi-typescript's title, if any). */
function descriptionAsSummary(comment: Comment): void {
  const index = comment.blockTags.findIndex((tag) => tag.tag === '@description');
  const block = comment.blockTags[index];
  if (block === undefined) return;
  const separator = comment.summary.length > 0 ? [{ kind: 'text' as const, text: '\n\n' }] : [];
  comment.summary = [...comment.summary, ...separator, ...block.content];
  comment.blockTags.splice(index, 1);
}

/** TypeDoc's plugin entry point. */
export function load(app: Application): void {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const { project } = context;
    for (const reflection of Object.values(project.reflections)) {
      const generated = project
        .getSymbolIdFromReflection(reflection)
        ?.packagePath.startsWith('src/generated/');
      const root = ROOTS[reflection.name];
      if (generated === true && root !== undefined && reflection.kindOf(ReflectionKind.Interface)) {
        reflection.comment = new Comment([{ kind: 'text', text: root }]);
      } else if (reflection.comment) {
        descriptionAsSummary(reflection.comment);
      }
    }
  });
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const { project } = context;
    // The kinds the check looks at (an entry for a kind it skips would be reported unused);
    // for a function or method TypeDoc checks its call signatures.
    const kinds = new Set([...app.options.getValue('requiredToBeDocumented'), 'CallSignature']);
    const names = new Set<string>();
    for (const reflection of Object.values(project.reflections)) {
      if (!kinds.has(ReflectionKind[reflection.kind])) continue;
      const source = project.getSymbolIdFromReflection(reflection)?.packagePath;
      if (source?.startsWith('src/generated/') !== true || reflection.hasComment()) continue;
      names.add(reflection.getFriendlyFullName());
    }
    if (names.size === 0) return;
    const listed = app.options.getValue('intentionallyNotDocumented');
    app.options.setValue('intentionallyNotDocumented', [...new Set([...listed, ...names])]);
  });
}
