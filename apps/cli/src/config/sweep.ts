/**
 * cli/config/sweep: grid sweeps over any config key. `sweep: { 'training.learningRate': [0.002, 0.005], 'data.train':
 * [2000, 10000] }` maps dotted config paths to lists of values; the grid is their Cartesian product, in key order
 * then value order (the last key varies fastest), and each point is named p0, p1, ... in that order. A point's config
 * is the resolved base config with the point's values written at their paths, validated by the config schema and
 * resolved like any config: the schema and resolveConfig stay the one owner of what a valid value is.
 *
 * Points are expanded from the resolved config (not the file as written), so that a run and its resume (which reads
 * DIR/config.json) plan exactly the same units.
 *
 * A point that sets `students.layers` takes its N1 from its own first layer, as a config with those layers and no
 * `students.hidden` would; a `students.hidden` that the config sets (other than its default) or sweeps still overrides
 * the first width of every point.
 */
import { usage, UsageError } from '../errors';
import { describeIssue, schemaAt } from './load-config';
import { resolveConfig, type ResolvedConfig } from './resolve';
import { DEFAULT_HIDDEN, experimentConfigSchema, type ExperimentConfig } from './schema';

/** Dotted config path -> the values it takes. */
export type SweepGrid = Record<string, unknown[]>;

/** One point of the grid. */
export interface SweepPoint {
  /** 'p0', 'p1', ...: the point's place in the grid, part of its unit and trial ids. */
  id: string;
  /** The value of every swept path at this point, in the grid's key order. */
  values: Record<string, unknown>;
}

/**
 * Paths a sweep may not set, with the fix: what names or loads the run, the one backend of a process, what only
 * changes the files kept (their names carry no point), and the teachers (already a sweep of their own).
 */
const NOT_SWEEPABLE: [prefix: string, fix: string][] = [
  ['sweep', 'a sweep cannot sweep itself'],
  ['name', 'name the run once, outside the sweep'],
  ['description', 'describe the run once, outside the sweep'],
  ['plugins', 'load plugins once, outside the sweep'],
  ['teacher', 'list the teachers under teachers: [...], which trains every point on each of them'],
  ['teachers', 'list the teachers under teachers: [...], which trains every point on each of them'],
  ['execution.backend', 'a run uses one backend; run each backend into its own --out directory'],
  ['output', 'set output once, outside the sweep (it changes which files are kept, not what is computed)'],
];

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Checks the sweep's paths against the config schema (values are checked per point, by the schema itself). */
export function checkSweepPaths(grid: SweepGrid): void {
  for (const [key, values] of Object.entries(grid)) {
    const parts = key.split('.');
    if (parts.some((p) => p === '')) {
      usage('config', `sweep['${key}'] is not a config path (write dotted paths such as 'training.learningRate')`);
    }
    const blocked = NOT_SWEEPABLE.find(([prefix]) => key === prefix || key.startsWith(`${prefix}.`));
    if (blocked) usage('config', `sweep['${key}'] cannot be swept (${blocked[1]})`);
    if (!schemaAt(parts)) {
      const parent = parts.slice(0, -1);
      const def = schemaAt(parent)?.schema._zod.def as { type?: string; shape?: Record<string, unknown> } | undefined;
      const known =
        def?.type === 'object' && def.shape
          ? `; known keys${parent.length ? ` in ${parent.join('.')}` : ''}: ${Object.keys(def.shape).join(', ')}`
          : '';
      usage(
        'config',
        `sweep['${key}'] is not a config key (check the spelling${known}; \`spectral schema\` lists every key)`,
      );
    }
    const seen = new Set<string>();
    for (const v of values) {
      const text = JSON.stringify(v);
      if (seen.has(text)) usage('config', `sweep['${key}'] lists ${show(v)} more than once (list each value once)`);
      seen.add(text);
    }
  }
}

/** Every point of the grid, in order: the Cartesian product of the value lists, the last key varying fastest. */
export function sweepPoints(grid: SweepGrid | undefined): SweepPoint[] {
  if (!grid) return [];
  let combos: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(grid))
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  return combos.map((values, i) => ({ id: `p${i}`, values }));
}

/** Writes `value` at a dotted path of a plain config object (in place), creating the mappings on the way. */
function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  parts.slice(0, -1).forEach((part, k) => {
    const next = node[part];
    if (next === undefined) node[part] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      usage(
        'config',
        `sweep['${key}'] goes through ${parts.slice(0, k + 1).join('.')}, which is ${show(next)}, not a mapping (sweep a path that exists in the config)`,
      );
    }
    node = node[part] as Record<string, unknown>;
  });
  node[parts[parts.length - 1]] = structuredClone(value);
}

// Workers resolve the point of every unit they compute: once per (config, point) per process.
const pointCache = new Map<string, ResolvedConfig>();

/**
 * Whether the base's students.hidden is the one the schema fills in when a config gives none (the first width of
 * students.layers, else the paper's list): then a point's own students.layers decides its N1.
 */
function hiddenIsDefault(students: ResolvedConfig['students']): boolean {
  const first = students.layers ? Object.values(students.layers[0])[0] : undefined;
  const derived = first !== undefined ? [first] : DEFAULT_HIDDEN;
  return JSON.stringify(students.hidden) === JSON.stringify(derived);
}

/** Checks a point's validated config before it is resolved (and its student built), e.g. against the run limits. */
export type PointCheck = (config: ExperimentConfig, point: SweepPoint) => void;

/**
 * The resolved config of one point: `base` (a resolved config with a sweep) without its sweep, the point's values
 * written in, validated by the schema and resolved on the base's backend. A value the schema or a registry refuses
 * is a UsageError naming the swept path, the point and the fix. `check` runs on the validated point before it is
 * resolved (uncached, so a run's checks always run).
 */
export function pointConfig(base: ResolvedConfig, point: SweepPoint, check?: PointCheck): ResolvedConfig {
  const cacheKey = JSON.stringify([base, point.id]);
  const cached = pointCache.get(cacheKey);
  if (cached && !check) return cached;
  const { sweep: _sweep, ...rest } = base;
  const raw = structuredClone(rest) as Record<string, unknown>;
  const ownLayers = 'students.layers' in point.values && !('students.hidden' in point.values);
  if (ownLayers && hiddenIsDefault(base.students)) delete (raw.students as Record<string, unknown>).hidden;
  for (const [key, value] of Object.entries(point.values)) setPath(raw, key, value);
  const where = `sweep point ${point.id} (${Object.entries(point.values)
    .map(([k, v]) => `${k} = ${show(v)}`)
    .join(', ')})`;
  const parsed = experimentConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as Parameters<typeof describeIssue>[0];
    const field = issue.path.join('.');
    const swept = Object.keys(point.values).find(
      (k) => field === k || field.startsWith(`${k}.`) || k.startsWith(`${field}.`),
    );
    const fix = swept
      ? `fix or remove ${show(point.values[swept])} in sweep['${swept}']`
      : 'fix the sweep values or the config';
    usage('config', `${where}: ${describeIssue(issue)} (${fix})`);
  }
  check?.(parsed.data, point);
  let resolved: ResolvedConfig;
  try {
    resolved = resolveConfig(parsed.data, base.execution.backend, base.name, base.plugins);
  } catch (err) {
    if (err instanceof UsageError)
      throw new UsageError(`cli/config: ${where}: ${err.message.replace(/^cli\/\w+: /, '')}`);
    throw err;
  }
  pointCache.set(cacheKey, resolved);
  return resolved;
}

/**
 * Every point with its resolved config; validates every point (and runs `check` on it before it is resolved), so a
 * bad value stops the run before any training.
 */
export function resolveSweep(
  base: ResolvedConfig,
  check?: PointCheck,
): { point: SweepPoint; config: ResolvedConfig }[] {
  if (!base.sweep) return [];
  checkSweepPaths(base.sweep);
  if (base.output.saveData) {
    usage(
      'config',
      'output.saveData cannot be combined with a sweep yet (its files are named per teacher and trial, not per point; set output.saveData: false or run each point into its own --out)',
    );
  }
  return sweepPoints(base.sweep).map((point) => ({ point, config: pointConfig(base, point, check) }));
}
