/**
 * report/sections/pruning: section 5, the pruning curves (method spec §4) and the phase-transition analysis (method
 * spec §5.6): deltaMse against n - h_T for every N1 and variant, the spread of those curves across N1 (the collapse),
 * the rescaled collapse deltaMse / deltaMse_max against n / h_T - 1 with the fitted curve, and the exponent.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { AveragedCurvePoint, GroupSummary, PhaseTransitionSummary } from '@spectral-ts/results';
import { note, table, type Block, type ReportSection, type TableBlock } from '../document';
import { formatNumber, formatStat } from '../format';
import { finite, hiddenSizesOf, positive, sortedGroups, teacherLabel, teacherSuffix } from '../groups';
import { EXPECTATIONS } from '../findings/expectations';
import { atFloor, floorTicks, flooredLogScale, logFloor } from '../log-floor';
import { DASH_LEGEND, LINE_LEGEND, LOG_AXIS, renderFigure, variantColorScale } from '../vega-svg';
import type { SectionContext } from './context';

/** Offsets n - h_T tabulated in the text tables: the plateau, the critical point and the descent (method spec §6). */
const TABLE_OFFSETS = [10, 5, 2, 0, -2, -4, -7, -10];

const CAPTION =
  'What pruning costs. A trained student is pruned without retraining by switching off its lowest-scoring ' +
  'first-layer nodes, and the increase of the test error, ΔMSE = |MSE after − MSE before|, is plotted (log scale) ' +
  'against how many nodes are kept, measured from the teacher size: n − h_T (method spec §4). Lines remove nodes one ' +
  'at a time (the rank curve, mean with a ± std band over trials); dots are the paper’s cutoff ramp (keep nodes whose ' +
  'score exceeds c·max for c = 0, 0.05, …, 0.95). The vertical line marks n = h_T. Spectral students should stay flat ' +
  'and tiny to the right of it and rise steeply to its left, whatever N1 is: a phase transition at the teacher size. ' +
  'Direct students lose accuracy from the first removed node. Below, the collapse: how far apart the curves of ' +
  'different N1 are at each n − h_T (a spread of 1 means identical; the dashed line is the factor-3 tolerance of ' +
  'method spec §9.9), then every curve rescaled by its own maximum against n / h_T − 1, which puts teachers of ' +
  'different sizes on one axis, with the fitted curve a·exp(−b·x) + c. The ΔMSE axis starts at a floor of ' +
  '1e-4·Var(y) (or the smallest value, if larger): values below it, zeros included, are drawn on it as ▼ and the ' +
  'tables keep the exact numbers.';

function curveRows(g: GroupSummary, curve: AveragedCurvePoint[] | undefined, kind: string): Record<string, unknown>[] {
  return (curve ?? [])
    .filter((p) => finite(p.mean) && p.mean >= 0 && finite(p.x))
    .map((p) => ({
      variant: g.variant,
      N1: g.hidden,
      kind,
      x: p.x,
      mean: p.mean,
      lo: p.mean - p.std > 0 ? p.mean - p.std : p.mean * 0.01,
      hi: p.mean + (finite(p.std) ? p.std : 0),
    }));
}

/** Puts every value of the rows on the log floor's axis: below it drawn at it, with `clipped` marking the mean. */
function floorRows(rows: Record<string, unknown>[], floor: number): Record<string, unknown>[] {
  return rows.map((r) => {
    const mean = atFloor(r.mean as number, floor);
    const lo = atFloor(r.lo as number, floor).value;
    return { ...r, mean: mean.value, clipped: mean.clipped, lo, hi: atFloor(r.hi as number, floor).value };
  });
}

async function curvesFigure(
  ctx: SectionContext,
  groups: GroupSummary[],
  name: string,
  label: string,
  labelVariance: number,
): Promise<Block> {
  const raw = groups.flatMap((g) => [...curveRows(g, g.rankCurve, 'rank'), ...curveRows(g, g.cutoffCurve, 'cutoff')]);
  const floor =
    logFloor(
      raw.map((r) => r.mean as number),
      labelVariance,
    ) ?? 1;
  const values = floorRows(raw, floor);
  const color = {
    field: 'N1',
    type: 'ordinal',
    title: 'N1',
    scale: { scheme: 'viridis', domain: hiddenSizesOf(groups) },
  } as const;
  const x = { field: 'x', type: 'quantitative', title: 'n − h_T (nodes kept minus teacher size)' } as const;
  const scale = flooredLogScale(
    floor,
    values.map((v) => v.hi as number),
  );
  const y = { type: 'quantitative', scale } as const;
  const spec: TopLevelSpec = {
    data: { values },
    facet: { column: { field: 'variant', type: 'nominal', title: null, sort: ctx.variants } },
    spec: {
      width: 380,
      height: 220,
      layer: [
        {
          mark: { type: 'rule', color: '#222', strokeDash: [6, 4] },
          encoding: { x: { datum: 0, type: 'quantitative' } },
        },
        {
          transform: [{ filter: "datum.kind === 'rank'" }],
          mark: { type: 'area', opacity: 0.15 },
          encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color: { ...color, legend: LINE_LEGEND } },
        },
        {
          transform: [{ filter: "datum.kind === 'rank'" }],
          mark: { type: 'line', strokeWidth: 1.6 },
          encoding: {
            x,
            y: { ...y, field: 'mean', title: 'ΔMSE (log)', axis: { ...LOG_AXIS, values: floorTicks(...scale.domain) } },
            color,
          },
        },
        {
          transform: [{ filter: "datum.kind === 'cutoff'" }],
          mark: { type: 'point', filled: true, size: 28, stroke: '#fff', strokeWidth: 0.5 },
          encoding: { x, y: { ...y, field: 'mean' }, color },
        },
        // values below the floor: drawn on it, marked with a downward triangle
        {
          transform: [{ filter: 'datum.clipped' }],
          mark: { type: 'point', shape: 'triangle-down', filled: true, size: 36, opacity: 0.9 },
          encoding: { x, y: { ...y, field: 'mean' }, color },
        },
      ],
    },
  };
  return {
    kind: 'figure',
    name,
    title: `ΔMSE against n − h_T, lines: rank curve, dots: cutoff ramp${label}`,
    ...(await renderFigure(spec)),
    alt: 'Pruning curves: test error increase against kept nodes minus teacher size, per variant and student size.',
    yFloor: floor,
  };
}

function curvesTable(groups: GroupSummary[], label: string): TableBlock {
  return table(
    `Mean ΔMSE (rank curve) at n − h_T${label}`,
    ['variant', 'N1', 'trials', ...TABLE_OFFSETS.map((x) => (x > 0 ? `+${x}` : String(x)))],
    groups.map((g) => [
      g.variant,
      formatNumber(g.hidden),
      formatNumber(g.trials),
      ...TABLE_OFFSETS.map((x) => {
        const p = g.rankCurve?.find((q) => q.x === x);
        return p ? formatNumber(p.mean) : '—';
      }),
    ]),
  );
}

async function spreadFigure(ctx: SectionContext, pt: PhaseTransitionSummary): Promise<Block | undefined> {
  const values = pt.collapse
    .filter((c) => positive(c.spread) && finite(c.x))
    .map((c) => {
      const t = ctx.teachers.find((q) => q.index === c.teacherIndex);
      return {
        variant: c.variant,
        teacher: t ? teacherLabel(t) : `teacher ${c.teacherIndex}`,
        x: c.x,
        spread: c.spread,
        limit: EXPECTATIONS.collapseSpread,
      };
    });
  if (!values.length) return undefined;
  const x = { field: 'x', type: 'quantitative', title: 'n − h_T' } as const;
  const spec: TopLevelSpec = {
    data: { values },
    width: 420,
    height: 170,
    layer: [
      {
        mark: { type: 'rule', color: '#222', strokeDash: [6, 4] },
        encoding: { y: { field: 'limit', type: 'quantitative', scale: { type: 'log' } } },
      },
      {
        mark: { type: 'line' },
        encoding: {
          x,
          y: { field: 'spread', type: 'quantitative', scale: { type: 'log' }, title: 'spread over N1 (log)' },
          color: { field: 'variant', type: 'nominal', scale: variantColorScale(ctx.variants) },
          strokeDash: { field: 'teacher', type: 'nominal', title: 'teacher', legend: DASH_LEGEND },
        },
      },
      // points in their own layer: a line mark with points would draw dots, not dashes, in the strokeDash legend
      {
        mark: { type: 'point', filled: true, size: 30 },
        encoding: { x, y: { field: 'spread', type: 'quantitative' }, color: { field: 'variant', type: 'nominal' } },
      },
    ],
  };
  return {
    kind: 'figure',
    name: 'collapse-spread',
    title: 'Collapse across N1: spread of the mean ΔMSE curves at each n − h_T',
    ...(await renderFigure(spec)),
    alt: 'Spread (max over min) of the pruning curves across student sizes, against n minus h_T.',
  };
}

async function rescaledFigure(ctx: SectionContext, pt: PhaseTransitionSummary | undefined): Promise<Block | undefined> {
  // The curves the fit was made on, as pruning normalised them (summary.phaseTransition.extra.normalizedCurves):
  // deltaMse / deltaMse_max against n / h_T - 1 on [-1, 0], for every student with N1 >= h_T (method spec §5.6).
  const values: Record<string, unknown>[] = [];
  for (const c of pt?.extra?.normalizedCurves ?? []) {
    for (const p of c.points) {
      if (!finite(p.x) || !finite(p.y)) continue;
      const curve = `t${c.teacherIndex}-N1=${c.hidden}`;
      values.push({ variant: c.variant, series: `h_T = ${c.teacherSize}`, curve, x: p.x, y: p.y });
    }
  }
  if (!values.length) return undefined;
  const fit = pt?.fit;
  if (fit && [fit.a, fit.b, fit.c].every(finite)) {
    for (let k = 0; k <= 100; k++) {
      const x = -1 + k / 100;
      values.push({ variant: fit.variant, series: 'fit', curve: 'fit', x, y: fit.a * Math.exp(-fit.b * x) + fit.c });
    }
  }
  const series = [...new Set(values.map((v) => v.series as string))].filter((s) => s !== 'fit').sort();
  const spec: TopLevelSpec = {
    data: { values },
    facet: { column: { field: 'variant', type: 'nominal', title: null, sort: ctx.variants } },
    spec: {
      width: 340,
      height: 190,
      layer: [
        {
          mark: { type: 'rule', color: '#222', strokeDash: [6, 4] },
          encoding: { x: { datum: 0, type: 'quantitative' } },
        },
        {
          transform: [{ filter: "datum.series !== 'fit'" }],
          mark: { type: 'line', point: { size: 14 }, strokeWidth: 1.2, opacity: 0.8 },
          encoding: {
            x: { field: 'x', type: 'quantitative', title: 'n / h_T − 1', scale: { domain: [-1, 0] } },
            y: { field: 'y', type: 'quantitative', title: 'ΔMSE / ΔMSE_max' },
            color: { field: 'series', type: 'nominal', title: 'teacher', scale: { domain: series, scheme: 'dark2' } },
            detail: { field: 'curve', type: 'nominal' },
          },
        },
        {
          transform: [{ filter: "datum.series === 'fit'" }],
          mark: { type: 'line', color: '#000', strokeWidth: 2.2, strokeDash: [2, 2] },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
        },
      ],
    },
  };
  return {
    kind: 'figure',
    name: 'collapse-rescaled',
    title: `Rescaled collapse: ΔMSE / ΔMSE_max against n / h_T − 1 (one line per teacher and N1${fit ? '; dotted black: the fit' : ''})`,
    ...(await renderFigure(spec)),
    alt: 'Pruning curves divided by their maximum against the relative distance from the teacher size.',
  };
}

/** The spread per n - h_T, one column per (variant, teacher): a pivot keeps the table as short as the x range. */
function spreadTable(ctx: SectionContext, pt: PhaseTransitionSummary): Block {
  const keys = [...new Map(pt.collapse.map((c) => [`${c.variant}|${c.teacherIndex}`, c])).values()].sort(
    (a, b) => ctx.variants.indexOf(a.variant) - ctx.variants.indexOf(b.variant) || a.teacherIndex - b.teacherIndex,
  );
  const xs = [...new Set(pt.collapse.map((c) => c.x))].sort((a, b) => b - a);
  const header = (c: (typeof keys)[number]): string => {
    const t = ctx.teachers.find((q) => q.index === c.teacherIndex);
    return `${c.variant}, h_T = ${t ? t.size : `? (teacher ${c.teacherIndex})`}, N1 ∈ {${c.hiddenSizes.join(', ')}}`;
  };
  return table(
    'Collapse across N1: spread (max / min of the mean ΔMSE over N1) at each n − h_T',
    ['n − h_T', ...keys.map(header)],
    xs.map((x) => [
      formatNumber(x),
      ...keys.map((k) => {
        const c = pt.collapse.find((q) => q.x === x && q.variant === k.variant && q.teacherIndex === k.teacherIndex);
        return c ? formatNumber(c.spread) : '—';
      }),
    ]),
  );
}

export async function pruningSection(ctx: SectionContext): Promise<ReportSection> {
  const blocks: Block[] = [];
  const all = ctx.data.summary.groups;
  if (!all.some((g) => g.rankCurve?.length || g.cutoffCurve?.length)) {
    blocks.push(note('No pruning curves in the results yet (the pruning analysis has not run on any group).'));
    return { id: 'pruning', title: 'Pruning and the phase transition', caption: CAPTION, blocks };
  }
  // the headline figures first (the curves, then the rescaled collapse), the tables and the diagnostics after them
  const tables: Block[] = [];
  for (const teacher of ctx.teachers) {
    const groups = sortedGroups(
      all.filter((g) => g.teacher.index === teacher.index && (g.rankCurve?.length || g.cutoffCurve?.length)),
    );
    const label = ctx.teachers.length > 1 ? ` — ${teacherLabel(teacher)}` : '';
    if (!groups.length) {
      blocks.push(note(`No pruning curves${label}.`));
      continue;
    }
    const stem = `pruning${teacherSuffix(teacher, ctx.teachers.length)}`;
    blocks.push(await curvesFigure(ctx, groups, stem, label, teacher.labelVariance));
    tables.push({ ...curvesTable(groups, label), latex: stem });
    tables.push(
      table(
        `n*, the smallest kept size whose ΔMSE stays within tolerance${label}`,
        ['variant', 'N1', 'n*', '95% interval'],
        groups
          .filter((g) => g.effectiveSize)
          .map((g) => [
            g.variant,
            formatNumber(g.hidden),
            formatStat(g.effectiveSize),
            `[${formatNumber(g.effectiveSize!.ci[0])}, ${formatNumber(g.effectiveSize!.ci[1])}]`,
          ]),
      ),
    );
  }
  const pt = ctx.data.summary.phaseTransition;
  if (ctx.teachers.length < 2) {
    blocks.push(
      note(
        'The results hold one teacher, so the collapse across h_T cannot be shown; the rescaled plot below compares student sizes only. Add a second teacher size to the config to test universality.',
      ),
    );
  }
  const rescaled = await rescaledFigure(ctx, pt);
  if (rescaled) blocks.push(rescaled);
  blocks.push(...tables);

  if (!pt) {
    blocks.push(
      note(
        'No phase-transition analysis in summary.json yet: the collapse spread, the fit and the exponent are not available.',
      ),
    );
  } else {
    const spread = await spreadFigure(ctx, pt);
    blocks.push(
      spread ??
        note(
          'The collapse analysis holds no spread value (it needs at least two student sizes wider than the teacher).',
        ),
    );
    if (pt.collapse.length) blocks.push(spreadTable(ctx, pt));
  }
  if (pt?.fit) {
    const f = pt.fit;
    blocks.push(
      table(
        'Fit of a·exp(−b·x) + c to ΔMSE / ΔMSE_max on x = n / h_T − 1 ∈ [−1, 0]',
        ['variant', 'a', 'b', 'c', 'mean squared residual', 'points'],
        [
          [
            f.variant,
            formatNumber(f.a),
            formatNumber(f.b),
            formatNumber(f.c),
            formatNumber(f.residual),
            formatNumber(f.points),
          ],
        ],
      ),
    );
  } else if (pt) {
    blocks.push(note('No fit of the rescaled collapse in the phase-transition analysis.'));
  }
  if (pt?.exponent) {
    const e = pt.exponent;
    blocks.push(
      table(
        'Exponent: ΔMSE ∝ (h_T − n)^β just below the transition',
        ['variant', 'β', 'interval', 'points', 'how'],
        [
          [
            e.variant,
            formatNumber(e.beta),
            `[${formatNumber(e.ci[0])}, ${formatNumber(e.ci[1])}]`,
            formatNumber(e.points),
            e.note,
          ],
        ],
      ),
    );
  } else if (pt) {
    blocks.push(note('No exponent in the phase-transition analysis.'));
  }
  return { id: 'pruning', title: 'Pruning and the phase transition', caption: CAPTION, blocks };
}
