/**
 * topology/errors: one helper so that every error names the package and the function, graphology style:
 * `topology/<function>: <what was wrong> (<the fix>)`.
 */
export function fail(fn: string, message: string): never {
  throw new Error(`topology/${fn}: ${message}`);
}
