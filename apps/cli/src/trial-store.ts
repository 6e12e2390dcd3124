/**
 * cli/trial-store: the verified trial records of a results directory, as one process sees them while others may be
 * adding to it. A record counts only when it parses, has the record schema, is named after its id, was computed
 * under the run's fingerprint and its weights file still has the sha256 the record kept; anything else is a damaged
 * unit, recomputed rather than trusted. Records are immutable once written, so a refresh reads only new or changed
 * files.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  isTemporaryFile,
  readJsonFile,
  resultsPaths,
  validateTrialRecord,
  weightsFileProblem,
  type TrialRecord,
} from '@spectral-ts/results';
import type { UnitSpec } from './units';

/** The file of a trial as last read: its stat, and the verified record or why it was refused. */
interface Entry {
  key: string;
  record?: TrialRecord;
  problem?: string;
}

export class TrialStore {
  readonly dir: string;
  private readonly entries = new Map<string, Entry>();
  private readonly configHash?: string;

  /** `configHash`: records whose fingerprint names another config are refused (records without one are accepted). */
  constructor(dir: string, configHash?: string) {
    this.dir = dir;
    this.configHash = configHash;
  }

  private read(id: string, file: string): void {
    let key: string;
    try {
      const st = fs.statSync(file);
      key = `${st.mtimeMs}:${st.size}`;
    } catch {
      this.entries.delete(id);
      return;
    }
    if (this.entries.get(id)?.key === key) return;
    try {
      const record = validateTrialRecord(readJsonFile(file), file);
      if (record.id !== id)
        throw new Error(`${file} holds trial '${record.id}' (a trial file must be named after its id)`);
      if (this.configHash && record.fingerprint && record.fingerprint.config !== this.configHash) {
        throw new Error(
          `${file} was computed with another config (fingerprint ${record.fingerprint.config.slice(0, 12)})`,
        );
      }
      const problem = weightsFileProblem(this.dir, record);
      if (problem) throw new Error(problem);
      this.entries.set(id, { key, record });
    } catch (err) {
      this.entries.set(id, { key, problem: (err as Error).message });
    }
  }

  /** Reads every trial file that is new or changed since the last refresh. */
  refresh(): this {
    const { trialsDir } = resultsPaths(this.dir);
    const names = fs.existsSync(trialsDir) ? fs.readdirSync(trialsDir) : [];
    const seen = new Set<string>();
    for (const name of names) {
      if (!name.endsWith('.json') || isTemporaryFile(name)) continue;
      const id = name.slice(0, -'.json'.length);
      seen.add(id);
      this.read(id, path.join(trialsDir, name));
    }
    for (const id of [...this.entries.keys()]) if (!seen.has(id)) this.entries.delete(id);
    return this;
  }

  /** Rereads the trial files of one unit (after claiming it: another process may have finished it meanwhile). */
  refreshUnit(unit: UnitSpec): this {
    const paths = resultsPaths(this.dir);
    for (const id of unit.trialIds) this.read(id, paths.trial(id));
    return this;
  }

  /** Records a trial this process has just written. */
  add(record: TrialRecord): void {
    this.refreshUnit({ trialIds: [record.id] } as UnitSpec);
  }

  get(id: string): TrialRecord | undefined {
    return this.entries.get(id)?.record;
  }

  /** True when every trial of the unit has a verified record. */
  unitDone(unit: UnitSpec): boolean {
    return unit.trialIds.every((id) => this.entries.get(id)?.record !== undefined);
  }

  /** The verified records of these units' trials, in unit order. */
  recordsOf(units: readonly UnitSpec[]): TrialRecord[] {
    return units.flatMap((u) => u.trialIds.map((id) => this.get(id)).filter((r): r is TrialRecord => r !== undefined));
  }

  /** Trial files that were refused, with the reason. */
  damaged(): { id: string; problem: string }[] {
    return [...this.entries].filter(([, e]) => e.problem).map(([id, e]) => ({ id, problem: e.problem! }));
  }
}
