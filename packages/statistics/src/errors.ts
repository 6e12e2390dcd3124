/** statistics/errors: every error names the package and the function, then the fix: `statistics/<fn>: ...`. */
export function fail(fn: string, message: string): never {
  throw new Error(`statistics/${fn}: ${message}`);
}
