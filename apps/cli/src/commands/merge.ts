/**
 * cli/commands/merge: `spectral merge DIR` rebuilds summary.json and the CSV tables of a results directory from its
 * verified trial records (what the shards of a job array wrote), under the summary lock, and names the units still
 * missing. Idempotent: merging twice writes the same files. `--report` then writes the report.
 */
import * as fs from 'fs';
import { readJsonFile, resultsPaths, writeCsvFiles, writeJsonAtomic, type Summary } from '@spectral-ts/results';
import { ClaimStore } from '../claims';
import { EXIT } from '../errors';
import { loadPlugins } from '../plugins';
import { openRunDirectory } from '../run-directory';
import { buildSummary } from '../run-experiment';
import { TrialStore } from '../trial-store';
import { planUnits } from '../units';
import { writeReportFor } from './report';

export interface MergeOutcome {
  dir: string;
  summary: Summary;
  unitsTotal: number;
  unitsDone: number;
  /** Units without a verified record for every trial. */
  missing: string[];
  /** Trial files that were refused (damaged, or of another config), with the reason. */
  damaged: { id: string; problem: string }[];
  reportFile?: string;
  /** 0: complete and every trial ok; 1: units missing or trials failed. */
  exitCode: number;
}

function previousSummary(file: string): Summary | undefined {
  try {
    return fs.existsSync(file) ? (readJsonFile(file) as Summary) : undefined;
  } catch {
    return undefined;
  }
}

/** Merges the finished units of `dir` into its summary and tables. */
export async function mergeResults(dir: string, options: { report?: boolean } = {}): Promise<MergeOutcome> {
  const opened = openRunDirectory(dir, 'merge');
  const { config } = opened;
  const paths = resultsPaths(dir);
  await loadPlugins(
    (config.plugins ?? []).filter((p) => fs.existsSync(p)),
    opened.root,
    paths.config,
  );
  const units = planUnits(config);
  const store = new TrialStore(dir, opened.fingerprint?.config);
  const claims = new ClaimStore(paths.claimsDir);
  const summary = await claims.withClaim('summary', () => {
    const records = store.refresh().recordsOf(units);
    const previous = previousSummary(paths.summary);
    const sessions = previous?.sessions ?? [];
    const now = Date.now();
    const built = buildSummary(
      config,
      records,
      {
        // replaced below: a merge adds no session
        id: 'merge',
        startedAt: sessions[0]?.startedAt ?? new Date(now).toISOString(),
        started: now,
        backend: config.execution.backend,
        workers: previous?.workers ?? 1,
      },
      0,
      previous,
    );
    // A merge trains nothing: it adds no session, so that merging again writes the same files.
    built.sessions = sessions;
    built.wallSeconds = sessions.reduce((s, x) => s + x.wallSeconds, 0);
    if (sessions.length) built.startedAt = sessions[0].startedAt;
    if (previous?.finishedAt && previous.trialsFinished === built.trialsFinished)
      built.finishedAt = previous.finishedAt;
    writeJsonAtomic(paths.summary, built);
    writeCsvFiles(dir, built, records);
    return built;
  });
  claims.close();
  const missing = units.filter((u) => !store.unitDone(u)).map((u) => u.id);
  const outcome: MergeOutcome = {
    dir: opened.root,
    summary,
    unitsTotal: units.length,
    unitsDone: units.length - missing.length,
    missing,
    damaged: store.damaged(),
    exitCode: missing.length > 0 || summary.trialsFailed > 0 ? EXIT.failed : EXIT.ok,
  };
  if (options.report) outcome.reportFile = (await writeReportFor(dir)).html;
  return outcome;
}
