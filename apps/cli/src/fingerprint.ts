/**
 * cli/fingerprint: what makes two runs compute the same numbers, in a form that can be stored and compared: the
 * spectral-ts version, a sha256 of the resolved config (without the keys that do not change results) and a sha256 of
 * each plugin's contents. A resume, a shard or a queue worker whose fingerprint differs from the results directory's
 * would mix two experiments, so it is refused, naming the difference.
 */
import * as path from 'path';
import { sha256File, sha256Hex } from '@spectral-ts/results';
import { COSMETIC } from './config/resolve';

export interface RunFingerprint {
  /** The spectral-ts (CLI) version. */
  version: string;
  /** sha256 hex of the canonical resolved config (keys sorted, cosmetic keys left out). */
  config: string;
  /** Each plugin's file (as given to the run) and the sha256 hex of its contents, in load order. */
  plugins: { file: string; sha256: string }[];
}

/** The spectral-ts version this CLI reports. */
export const SPECTRAL_VERSION: string = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

/** sha256 hex of a file's bytes. */
export function hashFile(file: string): string {
  return sha256File(file);
}

/** JSON with object keys sorted at every level, so that equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The part of a resolved config that decides results (plugins count by their contents, not their paths). */
function computationalPart(resolved: unknown): unknown {
  if (typeof resolved !== 'object' || resolved === null || Array.isArray(resolved)) return resolved;
  return Object.fromEntries(Object.entries(resolved).filter(([k]) => !COSMETIC.has(k)));
}

/** The fingerprint of a run of `resolved` with these plugin files loaded. */
export function fingerprintRun(resolved: unknown, pluginFiles: readonly string[]): RunFingerprint {
  return {
    version: SPECTRAL_VERSION,
    config: sha256Hex(canonicalJson(computationalPart(resolved))),
    plugins: pluginFiles.map((file) => ({ file, sha256: hashFile(file) })),
  };
}

/** True when `value` has the shape of a RunFingerprint. */
export function isRunFingerprint(value: unknown): value is RunFingerprint {
  const v = value as RunFingerprint;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.version === 'string' &&
    typeof v.config === 'string' &&
    Array.isArray(v.plugins) &&
    v.plugins.every((p) => typeof p?.file === 'string' && typeof p?.sha256 === 'string')
  );
}

/**
 * The differences between two fingerprints, one human-readable line each ([] when they compute the same results).
 * Plugins are matched by content, not path: the same plugin may live at different paths on different machines.
 */
export function fingerprintDifferences(expected: RunFingerprint, actual: RunFingerprint): string[] {
  const out: string[] = [];
  if (expected.version !== actual.version) {
    out.push(`spectral-ts version: ${expected.version} expected, ${actual.version} here`);
  }
  if (expected.config !== actual.config) {
    out.push(`resolved config: sha256 ${expected.config.slice(0, 12)} expected, ${actual.config.slice(0, 12)} here`);
  }
  const name = (p: { file: string }) => path.basename(p.file);
  const have = new Set(actual.plugins.map((p) => p.sha256));
  const want = new Set(expected.plugins.map((p) => p.sha256));
  for (const p of expected.plugins) {
    if (have.has(p.sha256)) continue;
    const sameName = actual.plugins.find((q) => name(q) === name(p));
    out.push(
      sameName
        ? `plugin ${name(p)}: contents differ (sha256 ${p.sha256.slice(0, 12)} expected, ${sameName.sha256.slice(0, 12)} here)`
        : `plugin ${name(p)} (sha256 ${p.sha256.slice(0, 12)}): expected, not loaded here`,
    );
  }
  for (const q of actual.plugins) {
    if (want.has(q.sha256) || expected.plugins.some((p) => name(p) === name(q))) continue;
    out.push(`plugin ${name(q)} (sha256 ${q.sha256.slice(0, 12)}): loaded here, not expected`);
  }
  return out;
}
