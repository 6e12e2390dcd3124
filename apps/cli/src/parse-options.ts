/**
 * cli/parse-options: strict number syntax for command-line values. Number() reads '' as 0, '0x1' as 1 and '1e3' as
 * 1000, so `--seed ''` would silently become seed 0; a count or a seed on the command line is decimal digits only.
 */

/** The integer written in plain decimal digits (optionally signed), or undefined for anything else. */
export function integerOption(value: string): number | undefined {
  if (!/^[+-]?\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}
