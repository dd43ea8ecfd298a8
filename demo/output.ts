import { styleText } from 'node:util';

/** The few styles the story uses; each maps to `node:util` styleText formats. */
const STYLES = {
  heading: ['bold', 'cyan'],
  dim: ['dim'],
  bold: ['bold'],
  ok: ['green'],
  bad: ['red', 'bold'],
  value: ['yellow'],
} as const satisfies Record<string, Parameters<typeof styleText>[0]>;

/** A style name of {@link Output.style}. */
export type Style = keyof typeof STYLES;

/**
 * Where the story writes, and how: colour only when asked (the caller decides from the
 * terminal and `NO_COLOR`), so a pipe or a test gets plain text without escape codes.
 */
export class Output {
  readonly #write: (text: string) => void;
  /** Colour on. */
  readonly color: boolean;
  /** A terminal: lines may be rewritten in place (the progress bar). */
  readonly tty: boolean;

  constructor(write: (text: string) => void, options: { color: boolean; tty: boolean }) {
    this.#write = write;
    this.color = options.color;
    this.tty = options.tty;
  }

  /** `text` in a style, or as it is without colour. */
  style(style: Style, text: string): string {
    // validateStream: false, because the caller already decided (the stream may be a test's).
    return this.color ? styleText(STYLES[style], text, { validateStream: false }) : text;
  }

  /** Writes text as it is (no newline added). */
  raw(text: string): void {
    this.#write(text);
  }

  /** One line, indented under the current step. */
  line(text = ''): void {
    this.#write(text === '' ? '\n' : `   ${text}\n`);
  }

  /** Prose at the page's left edge, wrapped. */
  paragraph(text: string): void {
    for (const line of wrap(text)) this.#write(`${line}\n`);
  }

  /** Dim prose under a step (an explanation, an error's message), wrapped to the page. */
  note(text: string): void {
    for (const line of wrap(text, 93)) this.line(this.style('dim', line));
  }

  /** Something the story does (as against ✓ what it checked, and prose). */
  act(text: string): void {
    this.line(`· ${text}`);
  }

  /** A section title, with a blank line before it. */
  heading(text: string): void {
    this.#write(`\n${this.style('heading', text)}\n`);
  }

  /** An expectation that held. */
  pass(text: string): void {
    this.line(`${this.style('ok', '✓')} ${text}`);
  }

  /** An expectation that did not hold. */
  fail(text: string): void {
    this.line(`${this.style('bad', '✗')} ${this.style('bad', text)}`);
  }
}

/** Words wrapped into lines of at most `width` characters (a long word gets a line of its own). */
function wrap(text: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  // Widths as seen: colour codes take no room on the screen.
  // eslint-disable-next-line no-control-regex -- SGR escapes are what is measured away
  const visible = (part: string) => part.replace(/\x1b\[[\d;]*m/g, '').length;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && visible(line) + 1 + visible(word) > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Whether to colour: `NO_COLOR` (any non-empty value) wins, then `FORCE_COLOR` (anything but
 * `0`/`false`), else only on a terminal. See https://no-color.org.
 */
export function colorWanted(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if ((env['NO_COLOR'] ?? '') !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return isTTY;
}
