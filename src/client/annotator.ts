/**
 * The session's link to the annotator (src/annotate): pure functions from a line and the session's
 * facts to explanation lines. Injected, so that tests and `--no-annotate` can run without it.
 */
import { annotateServerLine, checkClientLine } from '../annotate/annotate.js';
import type { ClientLineContext, ServerLineContext } from '../annotate/context.js';

export type Annotator = {
  /** Explanations of one server line. */
  server(line: string, ctx: ServerLineContext): readonly string[];
  /** Mistakes in a line the learner is sending (already redacted). */
  client(line: string, ctx: ClientLineContext): readonly string[];
};

export const defaultAnnotator: Annotator = {
  server: annotateServerLine,
  client: checkClientLine,
};

/** `--no-annotate`. */
export const silentAnnotator: Annotator = {
  server: () => [],
  client: () => [],
};
