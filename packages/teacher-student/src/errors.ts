/**
 * teacher-student/errors: the package's error format, `teacher-student/<function>: <what was wrong> (<the fix>)`,
 * and the small config checks every teacher, data and student function shares.
 */

/** Throws an Error named after this package and the calling function. */
export function fail(fn: string, message: string): never {
  throw new Error(`teacher-student/${fn}: ${message}`);
}

/** A positive integer, or a named error mentioning the field and how to fix it. */
export function checkPositiveInteger(fn: string, field: string, value: unknown, fix: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    fail(fn, `${field} must be a positive integer, got ${JSON.stringify(value)} (${fix})`);
  }
  return value;
}

/** A non-negative integer usable as a seed (deriveSeed and createRng read it as 32 bits). */
export function checkSeed(fn: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    fail(fn, `${field} must be an integer in [0, 2^32), got ${JSON.stringify(value)} (use e.g. 0)`);
  }
  return value;
}

/** A non-empty list of positive integers (hidden-layer widths). */
export function checkWidths(fn: string, field: string, value: unknown, fix: string): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail(fn, `${field} must be a non-empty array of positive integers, got ${JSON.stringify(value)} (${fix})`);
  }
  value.forEach((v, i) => checkPositiveInteger(fn, `${field}[${i}]`, v, fix));
  return value.slice() as number[];
}

/** A value from a fixed list of choices. */
export function checkChoice<T extends string>(fn: string, field: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    fail(
      fn,
      `${field} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(value)} (pick one of those)`,
    );
  }
  return value as T;
}

/** Rejects keys outside `known`, so that a typo ('hiden') is an error instead of a silently used default. */
export function rejectUnknownFields(fn: string, where: string, config: object, known: readonly string[]): void {
  for (const key of Object.keys(config)) {
    if (!known.includes(key)) {
      fail(fn, `${where} has an unknown field '${key}' (known fields: ${known.join(', ')})`);
    }
  }
}

/** A plain object, or a named error. */
export function checkObject(fn: string, where: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(
      fn,
      `${where} must be an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value} (pass e.g. { kind: 'nn' })`,
    );
  }
  return value as Record<string, unknown>;
}
