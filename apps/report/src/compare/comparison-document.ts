/**
 * report/compare/comparison-document: a Comparison as the report's sections of tables and notes, so that the
 * report's own HTML and Markdown renderers (their CSP, escaping and layout) draw the comparison page too.
 */
import { note, table as foldedTable, type ReportSection, type TableBlock } from '../document';
import { formatDuration, formatNumber } from '../format';
import type { PageMeta } from '../render-html';
import type { Comparison, MetricRow } from './compare-runs';
import type { Difference, RunValue } from './difference';
import { CLASSIFICATION_METRICS, GROUP_METRICS } from './metrics';

const interval = (ci: readonly [number, number] | undefined): string =>
  ci ? `[${formatNumber(ci[0])}, ${formatNumber(ci[1])}]` : '[n/a]';

/** The comparison's tables are its content: shown open. */
const table = (title: string, headers: string[], rows: string[][]): TableBlock => ({
  ...foldedTable(title, headers, rows),
  open: true,
});

function valueCell(v: RunValue | undefined): string {
  return v ? `${formatNumber(v.value)} ${interval(v.ci)} (n = ${v.n})` : 'n/a';
}

function excludes(d: Difference | undefined): string {
  if (!d || d.excludesZero === undefined) return 'n/a';
  return d.excludesZero ? 'yes' : 'no';
}

function differenceCells(d: Difference | undefined): string[] {
  return d ? [formatNumber(d.value), interval(d.ci), excludes(d)] : ['n/a', '[n/a]', 'n/a'];
}

function headers(c: Comparison, lead: string[]): string[] {
  const base = c.runs[0].label;
  return [
    ...lead,
    ...c.runs.map((r) => r.label),
    ...c.runs.slice(1).flatMap((r) => [`${r.label} − ${base}`, '95% interval', 'excludes 0']),
  ];
}

function cells(row: MetricRow): string[] {
  return [...row.runs.map(valueCell), ...row.differences.flatMap(differenceCells)];
}

function runsSection(c: Comparison): ReportSection {
  const rows = c.runs.map((r) => [
    r.label,
    r.dir,
    r.name ?? '',
    r.backend,
    r.engines.join(', ') || 'n/a',
    `${r.trialsFinished} of ${r.trialsTotal} (${r.trialsFailed} failed)`,
    formatDuration(r.wallSeconds),
    r.startedAt,
    r.version ?? 'n/a',
  ]);
  const blocks: ReportSection['blocks'] = [
    table(
      'Runs',
      ['label', 'directory', 'name', 'backend', 'engines', 'trials', 'wall time', 'started', 'spectral-ts'],
      rows,
    ),
  ];
  if (c.settings.length) {
    blocks.push(
      table(
        'Settings that differ (config.json)',
        ['key', ...c.runs.map((r) => r.label)],
        c.settings.map((s) => [s.key, ...s.values.map((v) => v ?? '(absent)')]),
      ),
    );
  } else blocks.push(note('The runs have the same config.json.'));
  if (c.unmatched.length) {
    blocks.push(
      table(
        'Groups not in every run (left out)',
        ['group', 'runs that have it'],
        c.unmatched.map((u) => [u.group, u.runs.join(', ')]),
      ),
    );
  }
  return {
    id: 'runs',
    title: 'Runs',
    caption:
      `The compared results directories; the first, ${c.runs[0].label}, is the baseline every difference is ` +
      'taken from. ' +
      'The settings table lists every config key whose value differs between the runs.',
    blocks,
  };
}

function excludingSection(c: Comparison): ReportSection {
  const rows: string[][] = [];
  const push = (group: string, row: MetricRow): void => {
    row.differences.forEach((d, k) => {
      if (d?.excludesZero)
        rows.push([
          group,
          row.label,
          `${c.runs[k + 1].label} − ${c.runs[0].label}`,
          formatNumber(d.value),
          interval(d.ci),
        ]);
    });
  };
  for (const g of c.groups) for (const m of g.metrics) push(`${g.teacher} · ${g.variant} · N1 = ${g.hidden}`, m);
  for (const e of c.exponents) push(`${e.teacher} · ${e.variant}`, e);
  return {
    id: 'differences',
    title: 'Differences whose interval excludes 0',
    caption:
      `Every headline number whose difference from the baseline has a ${c.bootstrap.level * 100}% bootstrap interval ` +
      'entirely above or below 0: the differences the trials support. The sections after it have every number.',
    blocks: rows.length
      ? [table('Differences that exclude 0', ['group', 'number', 'difference', 'value', '95% interval'], rows)]
      : [note('No difference has an interval that excludes 0: the trials do not tell these runs apart.')],
  };
}

/** Every compared number, teacher runs' first; a group has the rows of its kind (compareRuns picks them). */
const ALL_METRICS = [...GROUP_METRICS, ...CLASSIFICATION_METRICS.filter((m) => !GROUP_METRICS.includes(m))];

function metricSection(c: Comparison, id: string): ReportSection | undefined {
  const m = ALL_METRICS.find((x) => x.id === id)!;
  const rows = c.groups.flatMap((g) => {
    const row = g.metrics.find((r) => r.metric === id);
    return row ? [[`${g.teacher}`, g.variant, String(g.hidden), ...cells(row)]] : [];
  });
  if (!rows.length) return undefined;
  return {
    id: id.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`),
    title: m.label,
    caption:
      `${m.description}, per group matched by (h_T, variant, N1). Each run's cell is its value, its ` +
      `${c.bootstrap.level * 100}% percentile bootstrap interval over trials and the trials it rests on; each ` +
      'difference is the run minus the baseline with an interval from resampling both runs\u2019 trials independently.',
    blocks: [table(m.label, headers(c, ['teacher', 'variant', 'N1']), rows)],
  };
}

function exponentSection(c: Comparison): ReportSection | undefined {
  if (!c.exponents.length) return undefined;
  const rows = c.exponents.map((e) => [e.teacher, e.variant, ...cells(e)]);
  return {
    id: 'exponent',
    title: 'Phase-transition exponent β',
    caption:
      'β of ΔMSE ~ (h_T − n)^β just below n = h_T (pruning\u2019s estimateExponent on every trial with ' +
      'N1 > h_T, as ' +
      'each run\u2019s summary has it), per teacher and variant. A descriptive slope, not a proven critical exponent.',
    blocks: [table('exponent β', headers(c, ['teacher', 'variant']), rows)],
  };
}

/** The comparison's sections, numbered, and the page's title. */
export function comparisonSections(c: Comparison): { sections: ReportSection[]; meta: PageMeta } {
  const body = [
    excludingSection(c),
    ...ALL_METRICS.map((m) => metricSection(c, m.id)),
    exponentSection(c),
    runsSection(c),
  ].filter((s): s is ReportSection => s !== undefined);
  const sections = body.map((s, i) => ({ ...s, title: `${i + 1}. ${s.title}` }));
  const meta: PageMeta = {
    title: `spectral-ts comparison: ${c.runs.map((r) => r.label).join(' vs ')}`,
    subtitle:
      `${c.runs.length} runs, ${c.groups.length} groups in common; intervals: ${c.bootstrap.resamples} bootstrap ` +
      `resamples, seed ${c.bootstrap.seed}; differences against ${c.runs[0].label}.`,
  };
  return { sections, meta };
}
