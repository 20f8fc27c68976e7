import { Option, type Command } from 'commander';
import {
  EXPLAIN_EXAMPLE,
  ExplainError,
  explain,
  explainProtocols,
  formatExplanation,
  type ExplainProtocol,
  type Explanation,
} from '../annotate/explain.js';
import { AbortError } from './errors.js';

type ExplainCliOptions = {
  readonly protocol?: ExplainProtocol;
  readonly json?: boolean;
};

const EXAMPLES = `
Examples:
  $ mailproto explain 550
  $ mailproto explain 550 5.1.1
  $ mailproto explain 5.7.1
  $ mailproto explain "421 4.4.2 timeout"
  $ mailproto explain 250-PIPELINING --json
  $ mailproto explain "-ERR [IN-USE] locked"
  $ mailproto explain "* OK [UIDVALIDITY 3] UIDs valid"
  $ mailproto explain "A1 NO [AUTHENTICATIONFAILED] Invalid credentials"
  $ mailproto explain "* 3 EXISTS"
  $ mailproto explain --protocol imap TRYCREATE
  $ mailproto explain NO
  $ mailproto explain IN-USE`;

/** Runs the annotator, turning input it cannot explain into a user error. */
function explainOrAbort(input: string, protocol: ExplainProtocol | undefined): Explanation {
  try {
    return explain(input, protocol ? { protocol } : {});
  } catch (err) {
    if (err instanceof ExplainError) throw new AbortError(err.code, err.message, { tryMessage: err.tryMessage });
    throw err;
  }
}

/** `mailproto explain TEXT... [--protocol P] [--json]`. */
export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('explain an SMTP reply code (550, 550 5.1.1, 5.7.1), a POP3 or IMAP response code (IN-USE, TRYCREATE), an IMAP status or untagged response (NO, BYE, EXISTS), or a whole SMTP, POP3 or IMAP reply line')
    .argument('<text...>', 'reply code, enhanced status code, response code or reply line (words are joined with spaces)')
    .addOption(
      new Option('--protocol <protocol>', 'protocol of the reply (detected when omitted)').choices([...explainProtocols()]),
    )
    .option('--json', 'print the explanation as one JSON object')
    // A POP3 reply starts with "-": `explain "-ERR [IN-USE] locked"` is text to explain, not an option.
    .allowUnknownOption()
    .addHelpText('after', EXAMPLES)
    .action((words: string[], opts: ExplainCliOptions) => {
      const input = words.join(' ');
      if (input.trim() === '') {
        throw new AbortError('E_EMPTY_INPUT', 'nothing to explain', { tryMessage: EXPLAIN_EXAMPLE });
      }
      const explanation = explainOrAbort(input, opts.protocol);
      process.stdout.write(`${opts.json ? JSON.stringify(explanation) : formatExplanation(explanation)}\n`);
    });
}
