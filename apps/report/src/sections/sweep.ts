/**
 * report/sections/sweep: the grid sweep, when the run has one: test MSE against N1 coloured by sweep point, one
 * panel per variant, and a table per point with its swept values, test MSE, average dimension and n*. The other
 * sections draw every group of every point together; this one keeps the points apart.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GroupSummary } from '@spectral-ts/results';
import { table, type Block, type ReportSection } from '../document';
import { formatNumber, formatStat } from '../format';
import { positive, sortedGroups, teacherLabel } from '../groups';
import { LOG_AXIS, renderFigure } from '../vega-svg';
import type { SectionContext } from './context';

const CAPTION =
  'The grid sweep: every point of the Cartesian product of the swept config values, trained as its own groups with ' +
  'the same seeds, so that points differ only in the swept settings. The figure gives the mean test MSE against N1 ' +
  'per point (log scales); the tables give each point its groups (mean ± std over trials).';

function valueText(v: unknown): string {
  return typeof v === 'number' ? formatNumber(v) : (JSON.stringify(v) ?? String(v));
}

/** 'p1: training.learningRate = 0.005, data.train = 600'. */
function pointLabel(id: string, values: Record<string, unknown>): string {
  return `${id}: ${Object.entries(values)
    .map(([k, v]) => `${k} = ${valueText(v)}`)
    .join(', ')}`;
}

/** The sweep section, or undefined when the run is not a sweep. */
export async function sweepSection(ctx: SectionContext): Promise<ReportSection | undefined> {
  const sweep = ctx.data.summary.sweep;
  if (!sweep) return undefined;
  const blocks: Block[] = [];
  const groups = sortedGroups(ctx.data.summary.groups);
  const labels = new Map(sweep.points.map((p) => [p.id, pointLabel(p.id, p.values)]));
  const several = ctx.teachers.length > 1;
  const values = groups
    .filter((g) => g.point && positive(g.testMse.mean))
    .map((g) => ({
      point: labels.get(g.point!) ?? g.point,
      variant: g.variant,
      teacher: teacherLabel(g.teacher),
      N1: g.hidden,
      mean: g.testMse.mean,
    }));
  if (values.length) {
    const x = { field: 'N1', type: 'quantitative', scale: { type: 'log' }, title: 'student width N1 (log)' } as const;
    const y = {
      field: 'mean',
      type: 'quantitative',
      scale: { type: 'log' },
      title: 'test MSE (log)',
      axis: LOG_AXIS,
    } as const;
    const color = { field: 'point', type: 'nominal', title: 'sweep point', sort: [...labels.values()] } as const;
    const detail = { field: 'teacher', type: 'nominal' } as const;
    const spec = {
      data: { values },
      facet: { column: { field: 'variant', type: 'nominal', title: null } },
      spec: {
        width: 300,
        height: 200,
        layer: [
          { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color, detail } },
          { mark: { type: 'point', filled: true, size: 30 }, encoding: { x, y, color, detail } },
        ],
      },
    } as TopLevelSpec;
    blocks.push({
      kind: 'figure',
      name: 'sweep-test-mse',
      title: 'Test MSE against N1 per sweep point',
      ...(await renderFigure(spec)),
      alt: 'Mean test MSE against student width, one line per sweep point, one panel per variant.',
    });
  }
  for (const p of sweep.points) {
    const mine = groups.filter((g: GroupSummary) => g.point === p.id);
    blocks.push(
      table(
        labels.get(p.id)!,
        ['teacher', 'variant', 'N1', 'trials', 'failed', 'test MSE', 'average dimension', 'n*'],
        mine.map((g) => [
          several ? teacherLabel(g.teacher) : `h_T = ${g.teacher.size}`,
          g.variant,
          formatNumber(g.hidden),
          formatNumber(g.trials),
          formatNumber(g.failed),
          formatStat(g.testMse),
          formatStat(g.averageDimension),
          g.effectiveSize ? formatStat(g.effectiveSize) : 'n/a',
        ]),
      ),
    );
  }
  return { id: 'sweep', title: `Grid sweep over ${sweep.keys.join(', ')}`, caption: CAPTION, blocks };
}
