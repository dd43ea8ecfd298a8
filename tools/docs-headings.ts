/**
 * TypeDoc plugin (loaded by typedoc.json for `pnpm run docs`): a README heading with inline code
 * in it ("The `shop` option", "`raw`") keeps that code in the page's "On This Page" list and
 * in its anchor. TypeDoc 0.28 builds both from a heading's text tokens only, so it would list
 * "The  option" and an empty entry, with anchors unlike GitHub's (`#the-option`, `#_`). Here a
 * heading's inline code becomes a text token that still renders as `<code>`.
 */
import { RendererEvent, type Application } from 'typedoc';

/** The parts of markdown-it's token this needs (TypeDoc types its parser as `any`). */
interface Token {
  type: string;
  content: string;
  meta: unknown;
  children: Token[] | null;
}

/** The parts of markdown-it's parser this needs. */
interface MarkdownIt {
  core: { ruler: { push(name: string, rule: (state: { tokens: Token[] }) => void): void } };
  renderer: { rules: Record<string, RenderRule | undefined> };
  utils: { escapeHtml(text: string): string };
}

type RenderRule = (tokens: Token[], index: number, ...rest: unknown[]) => string;

const HEADING_CODE = { headingCode: true };

function keepHeadingCode(parser: MarkdownIt): void {
  parser.core.ruler.push('refundkit_heading_code', (state) => {
    state.tokens.forEach((token, index) => {
      if (token.type !== 'inline' || state.tokens[index - 1]?.type !== 'heading_open') return;
      for (const child of token.children ?? []) {
        if (child.type !== 'code_inline') continue;
        child.type = 'text';
        child.meta = HEADING_CODE;
      }
    });
  });
  const text = parser.renderer.rules['text'];
  parser.renderer.rules['text'] = (tokens, index, ...rest) => {
    const token = tokens[index];
    if (token?.meta === HEADING_CODE)
      return `<code>${parser.utils.escapeHtml(token.content)}</code>`;
    return text === undefined
      ? parser.utils.escapeHtml(token?.content ?? '')
      : text(tokens, index, ...rest);
  };
}

/** TypeDoc's plugin entry point. */
export function load(app: Application): void {
  // At render start, before TypeDoc builds its parser (priority above its own listener): the
  // options are reset after plugins load, so setting it in load() would be lost.
  app.renderer.on(
    RendererEvent.BEGIN,
    () => {
      app.options.setValue('markdownItLoader', keepHeadingCode);
    },
    100,
  );
}
