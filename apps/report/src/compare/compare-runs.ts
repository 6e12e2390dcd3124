/**
 * report/compare/compare-runs: several results directories side by side. Groups are matched across runs by
 * (teacher size h_T, variant, N1); for each headline number every run gets its value with a bootstrap interval over
 * its trials, and every run after the first its difference from the first (the baseline) with a two-sample bootstrap
 * interval. Pure apart from reading the directories.
 */
import * as path from 'path';
import { isOkTrial, teachersOf, type OkTrialRecord, type Summary } from '@spectral-ts/results';
import { sortedGroups } from '../groups';
import { loadResults, type ResultsData } from '../read-results';
import { COMPARE_BOOTSTRAP, difference, runValue, type Difference, type RunValue } from './difference';
import { CLASSIFICATION_METRICS, exponentEstimate, exponentStatistic, GROUP_METRICS } from './metrics';

/** One compared run. */
export interface ComparedRun {
  label: string;
  dir: string;
  name?: string;
  backend: string;
  engines: string[];
  trialsFinished: number;
  trialsTotal: number;
  trialsFailed: number;
  wallSeconds: number;
  startedAt: string;
  version?: string;
  complete?: boolean;
}

/** One headline number across the runs: each run's value (undefined when it has none) and each difference. */
export interface MetricRow {
  metric: string;
  label: string;
  /** One per run, in the runs' order. */
  runs: (RunValue | undefined)[];
  /** One per run after the baseline: run k minus run 0 (undefined when either has no value). */
  differences: (Difference | undefined)[];
}

/** A matched group: the same (h_T, variant, N1) in every run. */
export interface ComparedGroup {
  /** "h_T = 20", with "#2" for a second teacher of the same size in a run. */
  teacher: string;
  teacherSize: number;
  variant: string;
  hidden: number;
  metrics: MetricRow[];
}

/** The phase-transition exponent β of one (h_T, variant) across the runs. */
export interface ComparedExponent extends MetricRow {
  teacher: string;
  teacherSize: number;
  variant: string;
}

export interface Comparison {
  runs: ComparedRun[];
  groups: ComparedGroup[];
  exponents: ComparedExponent[];
  /** Groups not present in every run: key and the labels of the runs that have it. */
  unmatched: { group: string; runs: string[] }[];
  /** Config keys (dotted paths) whose values differ between runs, with each run's value as JSON. */
  settings: { key: string; values: (string | undefined)[] }[];
  bootstrap: { resamples: number; level: number; seed: number };
}

export interface CompareOptions {
  /** One per directory; default each directory's name (its path when two names clash). */
  labels?: readonly string[];
}

function fail(message: string): never {
  throw new Error(`report/compareRuns: ${message}`);
}

/** The teacher's name for matching: its size, and after the first its rank among the run's teachers of that size. */
function teacherKeys(summary: Summary): Map<number, { key: string; size: number }> {
  const keys = new Map<number, { key: string; size: number }>();
  const seen = new Map<number, number>();
  for (const t of teachersOf(summary)) {
    const k = (seen.get(t.size) ?? 0) + 1;
    seen.set(t.size, k);
    keys.set(t.index, { key: `h_T = ${t.size}${k > 1 ? ` #${k}` : ''}`, size: t.size });
  }
  return keys;
}

function labelsFor(dirs: readonly string[], given: readonly string[] | undefined): string[] {
  if (given) {
    if (given.length !== dirs.length)
      fail(`${given.length} labels for ${dirs.length} directories (give one label per directory, in order)`);
    const dup = given.find((l, i) => given.indexOf(l) !== i);
    if (dup !== undefined) fail(`label "${dup}" is given twice (give each run its own label)`);
    if (given.some((l) => !l.trim())) fail('a label is empty (give each run a non-empty label)');
    return [...given];
  }
  const names = dirs.map((d) => path.basename(path.resolve(d)));
  const byPath = names.map((n, i) => (names.indexOf(n) !== names.lastIndexOf(n) ? dirs[i] : n));
  // the same directory given twice still gets two column names
  return byPath.map((n, i) =>
    byPath.indexOf(n) !== i ? `${n} #${byPath.slice(0, i + 1).filter((x) => x === n).length}` : n,
  );
}

function describeRun(label: string, data: ResultsData): ComparedRun {
  const s = data.summary;
  const engines = [...new Set(data.trials.map((t) => t.engine).filter((e): e is string => !!e))].sort();
  const name = s.name ?? (data.config as { name?: unknown } | undefined)?.name;
  return {
    label,
    dir: data.dir,
    ...(typeof name === 'string' ? { name } : {}),
    backend: s.backend,
    engines,
    trialsFinished: s.trialsFinished,
    trialsTotal: s.trialsTotal,
    trialsFailed: s.trialsFailed,
    wallSeconds: s.wallSeconds,
    startedAt: s.startedAt,
    ...(s.versions['spectral-ts'] ? { version: s.versions['spectral-ts'] } : {}),
    ...(s.complete !== undefined ? { complete: s.complete } : {}),
  };
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, JSON.stringify(value));
}

function differingSettings(configs: unknown[]): Comparison['settings'] {
  const flat = configs.map((c) => {
    const m = new Map<string, string>();
    flatten(c ?? {}, '', m);
    return m;
  });
  const keys = [...new Set(flat.flatMap((m) => [...m.keys()]))].sort();
  return keys
    .map((key) => ({ key, values: flat.map((m) => m.get(key)) }))
    .filter((row) => row.values.some((v) => v !== row.values[0]));
}

/** A row of one number across the runs: values, and differences from run 0 where both have one. */
function metricRow<T>(
  metric: string,
  label: string,
  items: T[][],
  values: (RunValue | undefined)[],
  statistic: (s: T[]) => number,
): MetricRow {
  const base = values[0];
  const differences = values
    .slice(1)
    .map((v, k) =>
      base && v
        ? difference({ items: items[0], value: base }, { items: items[k + 1], value: v }, statistic, COMPARE_BOOTSTRAP)
        : undefined,
    );
  return { metric, label, runs: values, differences };
}

interface RunGroups {
  data: ResultsData;
  teachers: Map<number, { key: string; size: number }>;
  ok: OkTrialRecord[];
}

function groupTrials(run: RunGroups, teacherIndex: number, variant: string, hidden: number): OkTrialRecord[] {
  return run.ok.filter((t) => t.teacher.index === teacherIndex && t.variant === variant && t.hidden === hidden);
}

/** Reads every directory and compares them. Throws `report/compareRuns: ...` (naming the directory) on bad input. */
export function compareRuns(dirs: readonly string[], options: CompareOptions = {}): Comparison {
  if (dirs.length < 2) fail(`${dirs.length} results directory given (compare needs at least two)`);
  const labels = labelsFor(dirs, options.labels);
  const runs: RunGroups[] = dirs.map((d) => {
    const data = loadResults(d);
    return { data, teachers: teacherKeys(data.summary), ok: data.trials.filter(isOkTrial) };
  });

  // groups of each run by their matching key, in the first run's order
  const keyed = runs.map(
    (r) =>
      new Map(
        sortedGroups(r.data.summary.groups).map((g) => {
          const t = r.teachers.get(g.teacher.index) as { key: string; size: number };
          return [`${t.key} · ${g.variant} · N1 = ${g.hidden}`, { g, t }] as const;
        }),
      ),
  );
  const allKeys = [...new Set(keyed.flatMap((m) => [...m.keys()]))];
  const common = allKeys.filter((k) => keyed.every((m) => m.has(k)));
  if (!common.length) {
    const set = (xs: (string | number)[]): string => `{${[...new Set(xs)].join(', ')}}`;
    const per = runs
      .map((r, i) => {
        const gs = [...keyed[i].values()];
        const has = `h_T ${set(gs.map((x) => x.t.size))}, variants ${set(gs.map((x) => x.g.variant))}`;
        return `${r.data.dir} has ${has}, N1 ${set(gs.map((x) => x.g.hidden))}`;
      })
      .join('; ');
    fail(`no (h_T, variant, N1) group is in every directory: ${per} (compare runs that share h_T, variant and N1)`);
  }
  const unmatched = allKeys
    .filter((k) => !common.includes(k))
    .map((k) => ({ group: k, runs: labels.filter((_, i) => keyed[i].has(k)) }));

  const groups: ComparedGroup[] = common.map((key) => {
    const first = keyed[0].get(key)!;
    const trials = runs.map((r, i) => {
      const { g } = keyed[i].get(key)!;
      return groupTrials(r, g.teacher.index, g.variant, g.hidden);
    });
    // Classifiers have their own headline numbers; the teacher runs' comparisons keep their rows.
    const classifiers = trials.some((ts) => ts.some((t) => t.classification));
    const metrics = (classifiers ? CLASSIFICATION_METRICS : GROUP_METRICS).map((m) => {
      const items = trials.map((t) => m.items(t, first.t.size));
      const values = items.map((it) => runValue(it, m.statistic, COMPARE_BOOTSTRAP));
      return metricRow(m.id, m.label, items, values, m.statistic);
    });
    return {
      teacher: first.t.key,
      teacherSize: first.t.size,
      variant: first.g.variant,
      hidden: first.g.hidden,
      metrics,
    };
  });

  const exponents: ComparedExponent[] = [];
  const pairs = [...new Map(groups.map((g) => [`${g.teacher}|${g.variant}`, g])).values()];
  for (const { teacher, teacherSize, variant } of pairs) {
    const curves = runs.map((r) => {
      const index = [...r.teachers.entries()].find(([, t]) => t.key === teacher)?.[0];
      return r.ok
        .filter((t) => t.teacher.index === index && t.variant === variant && t.hidden > teacherSize)
        .map((t) => t.pruning?.rankCurve)
        .filter((c): c is NonNullable<typeof c> => c !== undefined);
    });
    const values = curves.map((c): RunValue | undefined => {
      const e = c.length ? exponentEstimate(c, teacherSize) : undefined;
      return e ? { value: e.beta, n: c.length, ci: e.ci } : undefined;
    });
    if (values.every((v) => v === undefined)) continue;
    const row = metricRow('exponent', 'exponent β', curves, values, exponentStatistic(teacherSize));
    exponents.push({ ...row, teacher, teacherSize, variant });
  }

  return {
    runs: runs.map((r, i) => describeRun(labels[i], r.data)),
    groups,
    exponents,
    unmatched,
    settings: differingSettings(runs.map((r) => r.data.config)),
    bootstrap: { ...COMPARE_BOOTSTRAP },
  };
}
