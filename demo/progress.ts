import type { Output } from './output.ts';

const WIDTH = 24;

/**
 * A batch's progress: on a terminal, one bar redrawn in place; elsewhere (a pipe, a log, a
 * test), one plain line per finished item, so nothing is lost to carriage returns.
 */
export class Progress {
  readonly #out: Output;
  readonly #total: number;

  constructor(out: Output, total: number) {
    this.#out = out;
    this.#total = total;
    if (out.tty) this.#draw(0, '');
  }

  /**
   * `done` items have finished; `short` names the one that just did on the bar (kept short,
   * so the line fits a narrow terminal and redraws in place), `long` on its plain line.
   */
  update(done: number, short: string, long: string): void {
    if (this.#out.tty) this.#draw(done, short);
    else this.#out.line(`[${done}/${this.#total}] ${long}`);
  }

  /** Ends the bar's line (nothing to do without a terminal). */
  end(): void {
    if (this.#out.tty) {
      this.#draw(this.#total, 'done');
      this.#out.raw('\n');
    }
  }

  #draw(done: number, text: string): void {
    const filled = Math.round((done / this.#total) * WIDTH);
    const bar =
      this.#out.style('ok', '█'.repeat(filled)) +
      this.#out.style('dim', '░'.repeat(WIDTH - filled));
    // \r back to the line's start, \x1b[2K clears what a longer text left behind.
    this.#out.raw(`\r\x1b[2K   ${bar} ${done}/${this.#total} ${text}`);
  }
}
