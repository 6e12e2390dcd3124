/**
 * cli/commands/status: `spectral status DIR` tells, for every unit of a results directory, whether it is done (a
 * verified record for each trial), claimed (by which host and process, heartbeat how long ago, stale or not), damaged
 * (a record or weights file that fails verification: it will be recomputed) or missing.
 */
import { resultsPaths } from '@spectral-ts/results';
import { ClaimStore, type ClaimState } from '../claims';
import { openRunDirectory } from '../run-directory';
import { TrialStore } from '../trial-store';
import { planUnits } from '../units';

export interface UnitStatus {
  unit: string;
  state: 'done' | 'claimed' | 'damaged' | 'missing';
  /** For claimed units: who holds the claim and how long ago its heartbeat was. */
  claim?: { host?: string; pid?: number; ageSeconds: number; stale: boolean };
  /** For damaged units: why a record was refused. */
  problem?: string;
}

export interface StatusReport {
  dir: string;
  counts: Record<UnitStatus['state'], number>;
  units: UnitStatus[];
}

/** The state of every unit of `dir`. */
export function runStatus(dir: string): StatusReport {
  const opened = openRunDirectory(dir, 'status');
  const units = planUnits(opened.config);
  const store = new TrialStore(dir, opened.fingerprint?.config).refresh();
  const damaged = new Map(store.damaged().map((d) => [d.id, d.problem]));
  const claims = new Map<string, ClaimState>(
    new ClaimStore(resultsPaths(dir).claimsDir).list().map((c) => [c.name, c]),
  );
  const counts = { done: 0, claimed: 0, damaged: 0, missing: 0 };
  const out: UnitStatus[] = units.map((u) => {
    const claim = claims.get(u.id);
    const problem = u.trialIds.map((id) => damaged.get(id)).find((p) => p !== undefined);
    let status: UnitStatus;
    if (store.unitDone(u)) status = { unit: u.id, state: 'done' };
    else if (claim) {
      const c = {
        host: claim.info?.host,
        pid: claim.info?.pid,
        ageSeconds: Math.round(claim.ageMs / 100) / 10,
        stale: claim.stale,
      };
      status = { unit: u.id, state: 'claimed', claim: c };
    } else if (problem) status = { unit: u.id, state: 'damaged', problem };
    else status = { unit: u.id, state: 'missing' };
    counts[status.state]++;
    return status;
  });
  return { dir: opened.root, counts, units: out };
}

/** The report as lines for a terminal: the counts, then every unit that is not done. */
export function formatStatus(report: StatusReport): string {
  const c = report.counts;
  const lines = [
    `${report.dir}: ${c.done} done, ${c.claimed} claimed, ${c.damaged} damaged, ${c.missing} missing of ${report.units.length} units`,
  ];
  for (const u of report.units) {
    if (u.state === 'claimed' && u.claim) {
      const who = `${u.claim.host ?? '?'} pid ${u.claim.pid ?? '?'}`;
      lines.push(
        `  claimed  ${u.unit}  by ${who}, heartbeat ${u.claim.ageSeconds} s ago${u.claim.stale ? ' (stale: will be retaken)' : ''}`,
      );
    } else if (u.state === 'damaged') lines.push(`  damaged  ${u.unit}  ${u.problem}`);
    else if (u.state === 'missing') lines.push(`  missing  ${u.unit}`);
  }
  return lines.join('\n') + '\n';
}
