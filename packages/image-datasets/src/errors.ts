/**
 * image-datasets/errors: the package's error format, `image-datasets/<function>: <what was wrong> (<the fix>)`.
 */

/** Throws an Error named after this package and the calling function. */
export function fail(fn: string, message: string): never {
  throw new Error(`image-datasets/${fn}: ${message}`);
}
