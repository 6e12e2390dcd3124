/**
 * cli/claimed-units: runs units so that every unit of a results directory is trained once however many processes
 * work on it. Each unit is claimed before it starts (ClaimStore), checked again for a finished record after the
 * claim (another process may have finished it in between), and released after its files are written. Units that
 * other live processes hold are waited for; when their claimant dies, its claim goes stale and the unit is retaken.
 */
import type { ResolvedConfig } from './config/resolve';
import type { ClaimStore } from './claims';
import { runUnits, type PoolCallbacks, type PoolOptions } from './pool';
import type { TrialStore } from './trial-store';
import type { UnitSpec } from './units';

export interface ClaimedRunOptions extends PoolOptions {
  claims: ClaimStore;
  store: TrialStore;
  /** How often to look again at units held by other processes (ms). */
  pollMs?: number;
  /** Told which units other processes hold while this one waits for them. */
  onWaiting?(units: UnitSpec[]): void;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/**
 * Runs the units of `units` that are not finished, each claimed once. Resolves when every one of them has a verified
 * record or was tried by this process and failed (or the signal aborted).
 */
export async function runClaimedUnits(
  config: ResolvedConfig,
  units: UnitSpec[],
  cb: PoolCallbacks,
  options: ClaimedRunOptions,
): Promise<void> {
  const { claims, store } = options;
  const tried = new Set<string>();
  for (;;) {
    if (options.signal?.aborted) return;
    store.refresh();
    const open = units.filter((u) => !tried.has(u.id) && !store.unitDone(u));
    if (open.length === 0) return;
    let started = 0;
    await runUnits(
      config,
      open,
      {
        ...cb,
        claim: (unit) => {
          if (!claims.tryClaim(unit.id)) return false;
          if (store.refreshUnit(unit).unitDone(unit)) {
            claims.release(unit.id);
            return false;
          }
          tried.add(unit.id);
          started++;
          return true;
        },
        onResult: async (unit, result) => {
          try {
            await cb.onResult(unit, result);
          } finally {
            claims.release(unit.id);
          }
        },
        onError: (unit, message) => {
          claims.release(unit.id);
          cb.onError(unit, message);
        },
      },
      options,
    );
    if (started === 0) {
      options.onWaiting?.(open);
      await sleep(options.pollMs ?? 500, options.signal);
    }
  }
}
