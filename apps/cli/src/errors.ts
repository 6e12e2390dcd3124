/**
 * cli/errors: the two kinds of failure the CLI reports without a stack trace. A UsageError is bad input (a config
 * field, a flag, a path): exit code 2, one paragraph naming the field and the fix. Anything else that escapes a
 * command is an internal failure: exit code 1 with its message (the stack only with SPECTRAL_DEBUG=1).
 */

/** Exit codes of every command. */
export const EXIT = {
  /** Everything ran and every trial finished. */
  ok: 0,
  /** The run completed but some trials failed (diverged), or an internal error occurred. */
  failed: 1,
  /** Bad input: config, flags, paths, plugins, a mismatched resume. Nothing was trained. */
  usage: 2,
} as const;

/** Bad input. The message is shown as is: `cli/<where>: <what was wrong> (<the fix>)`. */
export class UsageError extends Error {
  readonly exitCode = EXIT.usage;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Something outside the command stopped it (the Redis of a queue run went away): exit code 1, one line naming what
 * happened and how to continue. Everything written before it is complete, so rerunning the command continues.
 */
export class FaultError extends Error {
  readonly exitCode = EXIT.failed;
  constructor(message: string) {
    super(message);
    this.name = 'FaultError';
  }
}

/** Throws a UsageError `cli/<where>: <message>`. */
export function usage(where: string, message: string): never {
  throw new UsageError(`cli/${where}: ${message}`);
}

/**
 * Errors thrown by the packages while resolving a config (createTeacher, getStrategy, ...) are bad input too: this
 * wraps them so that they reach the user as a UsageError with the field they concern.
 */
export function asUsageError(where: string, field: string, err: unknown): UsageError {
  if (err instanceof UsageError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new UsageError(`cli/${where}: ${field} is invalid: ${message}`);
}

/** Wraps a long message at about 100 columns so that it reads as a paragraph in a terminal. */
export function paragraph(text: string, width = 100): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
