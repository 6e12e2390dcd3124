/**
 * report/sections/test-mse: section 7, the accuracy of the students against their width (method spec §5.3): test MSE
 * (and train MSE, dashed) against N1 for both variants, mean +- 2 standard deviations over trials, log scales.
 */
import type { TopLevelSpec } from 'vega-lite';
import { note, table, type Block, type ReportSection } from '../document';
import { formatNumber, formatStat } from '../format';
import { positive, sortedGroups, teacherLabel } from '../groups';
import { atFloor, flooredLogScale, logFloor } from '../log-floor';
import { DASH_LEGEND, LOG_AXIS, renderFigure, variantColorScale } from '../vega-svg';
import type { SectionContext } from './context';

const CAPTION =
  'How accurate the students are. Test MSE (solid) and train MSE (dashed) against the student width N1, both axes ' +
  'logarithmic; the bars span mean ± 2 standard deviations over the trials that finished (method spec §5.3; a lower ' +
  'end that would not be positive is clipped to 1% of the mean; the MSE axis starts at 1e-4·Var(y) or the smallest ' +
  'value, and bar ends below it are drawn on it). Spectral and direct training should reach similar ' +
  'errors once N1 ≥ h_T (pruning to the teacher size is then free for spectral students only), and both should be ' +
  'clearly worse when N1 < h_T, where the student is too small to copy the teacher. Var(y) in the table is the ' +
  'variance of the test labels: an MSE of 0.01·Var(y) explains 99% of it.';

export async function testMseSection(ctx: SectionContext): Promise<ReportSection> {
  const blocks: Block[] = [];
  const groups = sortedGroups(ctx.data.summary.groups);
  const several = ctx.teachers.length > 1;
  const values: Record<string, unknown>[] = [];
  for (const g of groups) {
    for (const [measure, s] of [
      ['test MSE', g.testMse],
      ['train MSE', g.trainMse],
    ] as const) {
      if (!s || !positive(s.mean)) continue;
      const lo = s.mean - 2 * s.std > 0 ? s.mean - 2 * s.std : s.mean * 0.01;
      values.push({
        teacher: teacherLabel(g.teacher),
        variant: g.variant,
        measure,
        N1: g.hidden,
        mean: s.mean,
        lo,
        hi: s.mean + 2 * s.std,
      });
    }
  }
  if (!values.length) {
    blocks.push(note('No finished group has a positive MSE to draw yet.'));
  } else {
    const x = { field: 'N1', type: 'quantitative', scale: { type: 'log' }, title: 'student width N1 (log)' } as const;
    // one axis for every teacher: the floor of the smallest label variance, so no teacher's values are clipped early
    const minVariance = Math.min(...ctx.teachers.map((t) => t.labelVariance));
    const floor =
      logFloor(
        values.flatMap((v) => [v.mean as number, v.lo as number]),
        minVariance,
      ) ?? 1;
    for (const v of values) v.lo = atFloor(v.lo as number, floor).value;
    const y = {
      type: 'quantitative',
      scale: flooredLogScale(
        floor,
        values.map((v) => v.hi as number),
      ),
    } as const;
    const color = { field: 'variant', type: 'nominal', scale: variantColorScale(ctx.variants) } as const;
    const strokeDash = {
      field: 'measure',
      type: 'nominal',
      title: 'measure',
      sort: ['test MSE', 'train MSE'],
      legend: DASH_LEGEND,
    } as const;
    const layer = {
      width: 360,
      height: 210,
      layer: [
        {
          transform: [{ filter: "datum.measure === 'test MSE'" }],
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
        },
        {
          mark: { type: 'line', strokeWidth: 2 },
          encoding: { x, y: { ...y, field: 'mean', title: 'MSE (log)', axis: LOG_AXIS }, color, strokeDash },
        },
        // points in their own layer: a line mark with points would draw dots, not dashes, in the strokeDash legend
        { mark: { type: 'point', filled: true, size: 30 }, encoding: { x, y: { ...y, field: 'mean' }, color } },
      ],
    };
    const spec = (
      several
        ? { data: { values }, facet: { column: { field: 'teacher', type: 'nominal', title: null } }, spec: layer }
        : { data: { values }, ...layer }
    ) as TopLevelSpec;
    blocks.push({
      kind: 'figure',
      name: 'test-mse',
      title: 'Test and train MSE against N1, mean ± 2 std',
      ...(await renderFigure(spec)),
      alt: 'Test and train MSE against student width for both variants.',
      yFloor: floor,
    });
  }
  blocks.push(
    table(
      'MSE per group, mean ± std over trials',
      ['teacher', 'variant', 'N1', 'trials', 'failed', 'test MSE', 'test MSE / Var(y)', 'train MSE', 'validation MSE'],
      groups.map((g) => [
        several ? teacherLabel(g.teacher) : `h_T = ${g.teacher.size}`,
        g.variant,
        formatNumber(g.hidden),
        formatNumber(g.trials),
        formatNumber(g.failed),
        formatStat(g.testMse),
        formatNumber(g.testMse.mean / g.teacher.labelVariance),
        formatStat(g.trainMse),
        formatStat(g.validationMse),
      ]),
    ),
  );
  return { id: 'test-mse', title: 'Test MSE against N1', caption: CAPTION, blocks };
}
