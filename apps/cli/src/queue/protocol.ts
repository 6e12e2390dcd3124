/**
 * cli/queue/protocol: what travels through the queue, and the rules both ends share. A job is data only: the run's
 * fingerprint, its resolved config and a unit id (the job id is the unit id, so enqueueing a unit twice is a no-op);
 * its result is the unit's records and weights. Neither side trusts the other: the worker re-validates the config
 * with the config schema and derives the unit from it, the coordinator checks the returned trial ids.
 */
import type { ResolvedConfig } from '../config/resolve';
import type { RunFingerprint } from '../fingerprint';
import { isRunFingerprint } from '../fingerprint';
import type { UnitResult } from '../run-unit';
import type { UnitSpec } from '../units';

/** Redis key prefix of every queue spectral-ts makes. */
export const QUEUE_PREFIX = 'spectral';
/** The queue name used when --queue-name is not given. */
export const DEFAULT_QUEUE_NAME = 'units';

/**
 * Tries per unit, a worker that died mid-unit included: a job whose worker stops renewing its lock is moved back to
 * the queue by another worker (stalled-job recovery) until this many tries are used, then it fails with its reason.
 */
export const MAX_ATTEMPTS = 3;

/** Lock and stalled-check defaults (BullMQ's): the lock of a live worker is renewed every half lock duration. */
export const DEFAULT_LOCK_MS = 30_000;
export const DEFAULT_STALLED_MS = 30_000;

export interface UnitJobData {
  fingerprint: RunFingerprint;
  config: ResolvedConfig;
  unitId: string;
}

export interface UnitJobResult {
  /** host:pid of the worker that computed it. */
  worker: string;
  result: UnitResult;
}

/** Progress a worker reports while a unit trains (BullMQ job progress). */
export interface UnitJobProgress {
  worker: string;
  epoch: number;
  epochs: number;
  loss: number | null;
  diverged: number;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The shape check of a job's data before anything in it is used; returns what is wrong, or undefined. */
export function jobDataProblem(data: unknown): string | undefined {
  if (!isObject(data)) return 'the job data is not an object';
  if (!isRunFingerprint(data.fingerprint)) return 'the job has no valid run fingerprint';
  if (!isObject(data.config)) return 'the job has no config object';
  if (typeof data.unitId !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(data.unitId))
    return 'the job has no valid unit id';
  return undefined;
}

/** What is wrong with a worker's answer for `unit`, or undefined when it is the unit's result. */
export function jobResultProblem(value: unknown, unit: UnitSpec): string | undefined {
  if (!isObject(value) || !isObject(value.result)) return 'the job returned no unit result';
  const r = value.result as Partial<UnitResult>;
  if (r.unitId !== unit.id) return `the job returned the result of unit '${String(r.unitId)}'`;
  if (!Array.isArray(r.records) || !isObject(r.weights)) return 'the job result has no records or weights';
  const ids = r.records.map((x) => (isObject(x) ? x.id : undefined));
  if (ids.length !== unit.trialIds.length || ids.some((id, i) => id !== unit.trialIds[i])) {
    return `the job returned trials [${ids.join(', ')}], expected [${unit.trialIds.join(', ')}]`;
  }
  const allowed = new Set(unit.trialIds);
  const extra = Object.keys(r.weights).find((id) => !allowed.has(id));
  if (extra) return `the job returned weights for '${extra}', not a trial of the unit`;
  return undefined;
}
