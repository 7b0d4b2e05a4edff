/**
 * The progress line: when a build has run for 2 s, stderr shows which page and
 * which stage it is in, and how far (`cws-docgen: linux (page 1 of 2): lint, stage 8 of 13`),
 * rewritten in place as it goes and erased at the end. Only on a terminal:
 * piped or in CI, stderr gets nothing extra.
 */
import { printable } from "../core/problems.js";
import { STAGES, type Stage } from "../pipeline/pipeline.js";

/** How long a build runs before the line appears. */
export const PROGRESS_AFTER_MS = 2000;

export interface Progress {
  onStage(page: string, stage: Stage, place?: { index: number; count: number }): void;
  /** Erases the line (if shown) and stops the timer. */
  stop(): void;
}

/** Where a progress line goes: a stream, shown only when it is a terminal. */
export interface Terminal {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** A progress line on `stream` when it is a terminal; undefined otherwise. */
export function progressLine(stream: Terminal): Progress | undefined {
  if (!stream.isTTY) return undefined;
  let current: { page: string; stage: Stage; place?: { index: number; count: number } } | undefined;
  let shown = false;
  const show = () => {
    if (!current) return;
    const { page, stage, place } = current;
    // Page names come from the config: escaped, so that only printable text reaches the terminal.
    const where = place && place.count > 1 ? `${printable(page)} (page ${place.index + 1} of ${place.count})` : printable(page);
    stream.write(`\r\x1b[2Kcws-docgen: ${where}: ${stage}, stage ${STAGES.indexOf(stage) + 1} of ${STAGES.length}`);
    shown = true;
  };
  const timer = setTimeout(show, PROGRESS_AFTER_MS);
  timer.unref();
  return {
    onStage(page, stage, place) {
      current = place ? { page, stage, place } : { page, stage };
      if (shown) show();
    },
    stop() {
      clearTimeout(timer);
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}
