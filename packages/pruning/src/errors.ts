/**
 * pruning/errors: one place that formats the package's errors in the graphology style
 * `pruning/<function>: <what was wrong> (<the fix>)`, so a user knows where to look without a stack trace.
 */
export function fail(fn: string, message: string): never {
  throw new Error(`pruning/${fn}: ${message}`);
}
