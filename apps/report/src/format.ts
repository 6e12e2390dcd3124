/**
 * report/format: how numbers look in the report's tables and captions. One place, so that the HTML, the Markdown and
 * the tests agree on every digit.
 */
import type { Stat } from '@spectral-ts/results';

/**
 * A number with 4 significant digits; exponent notation below 1e-3 and from 1e5 on. Integers print as integers.
 * Non-finite values print as `NaN` / `Infinity` so that a broken number is visible, never hidden.
 */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e7) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** `mean ± std` of a Stat (the `n` is shown in its own column where it matters). */
export function formatStat(stat: Stat | undefined, scale = 1): string {
  if (!stat) return 'n/a';
  // a std that is only float round-off of identical values (e.g. 1.1e-16 around 0.7) prints as 0
  const std = Math.abs(stat.std) <= 1e-12 * Math.max(1, Math.abs(stat.mean)) ? 0 : stat.std;
  return `${formatNumber(stat.mean * scale)} ± ${formatNumber(std * scale)}`;
}

/** A duration in seconds as `1 h 02 min 03 s`, `4 min 05 s` or `12.3 s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds < 60) return `${Number(seconds.toFixed(1))} s`;
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const pad = (v: number): string => String(v).padStart(2, '0');
  return h > 0 ? `${h} h ${pad(m)} min ${pad(rest)} s` : `${m} min ${pad(rest)} s`;
}
