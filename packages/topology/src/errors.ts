/**
 * topology/errors: one helper so that every error names the package and the function, graphology style:
 * `topology/<function>: <what was wrong> (<the fix>)`.
 */
export function fail(fn: string, message: string): never {
  throw new Error(`topology/${fn}: ${message}`);
}

/** Throws when a computed number is not finite, so that no NaN leaves this package silently. */
export function assertFinite(fn: string, what: string, value: number): number {
  if (!Number.isFinite(value)) fail(fn, `${what} is ${value} (check the network weights for NaN or Infinity)`);
  return value;
}
