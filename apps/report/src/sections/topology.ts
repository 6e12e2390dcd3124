/**
 * report/sections/topology: section 6, does the student mirror the teacher (method spec §5.4, §5.5)? Sorted path values
 * of the students (mean +- std over trials) against the teacher's, in-strength distributions, the distances between
 * student and teacher distributions, and a drawing of one surviving sub-network next to the teacher.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GroupSummary, TeacherRef, TrialRecord } from '@spectral-ts/results';
import { nodeScores, type NetworkWeights } from '@spectral-ts/spectral';
import { note, table, type Block, type ReportSection } from '../document';
import { formatNumber, formatStat } from '../format';
import { finite, sortedGroups, teacherLabel, teacherSuffix } from '../groups';
import { drawNetworks } from '../network-drawing';
import { readWeights } from '../read-results';
import { inStrengths, onQuantileGrid, quantileOf, rangeNormalisedHistogram, sortedPathValues } from '../teacher-topology';
import { LINE_LEGEND, renderVegaLite, variantColorScale } from '../vega-svg';
import type { SectionContext } from './context';

/** Quantile grid of the teacher's sorted paths when drawn (the students' grid comes with the summary). */
const TEACHER_GRID_POINTS = 201;
/** The student size the paper draws its path figure at (method spec §5.4); the drawing picks the N1 closest to it. */
const PAPER_PATH_N1 = 200;
/** Scores above this fraction of the maximum survive pruning (method spec §5.4). */
const SURVIVOR_FRACTION = 0.05;
const QUANTILES = [
  ['q05', 0.05],
  ['q25', 0.25],
  ['q50', 0.5],
  ['q75', 0.75],
  ['q95', 0.95],
] as const;

const CAPTION =
  'Does the student mirror the teacher? A path is a route input → first hidden node → second hidden node; its value ' +
  'is the product of the two weights on it, which does not change when a node’s incoming weights are scaled up and ' +
  'its outgoing weights down (method spec §5.4), so students and teacher can be compared even though their raw ' +
  'weights differ in scale. The first figure sorts all path values of a student (spectral students after pruning to ' +
  'their surviving nodes, direct students in full) and plots them against their rank, as a fraction from 0 to 1: the ' +
  'line is the mean over trials with a ± std band, the black line is the teacher. Matching curves mean matching path ' +
  'distributions; a flatter curve means weaker paths. The second figure compares the in-strength of the first-layer ' +
  'nodes (sum of incoming weights), each set divided by its own range, in bins of 0.1 (method spec §5.5). The tables ' +
  'give the Wasserstein-1 and Kolmogorov–Smirnov distances to the teacher (smaller is closer) and the path quantiles. ' +
  'The drawing shows one spectral student’s surviving sub-network next to the teacher: inputs on the left, output on ' +
  'the right, blue edges positive, red negative, thicker for larger |w|.';

function okTrials(ctx: SectionContext, g: GroupSummary): TrialRecord[] {
  return ctx.data.trials.filter((t) => t.status === 'ok' && t.teacher.index === g.teacher.index && t.variant === g.variant && t.hidden === g.hidden);
}

async function pathsFigure(ctx: SectionContext, groups: GroupSummary[], teacherNet: NetworkWeights | undefined, name: string, label: string): Promise<Block> {
  const values: Record<string, unknown>[] = [];
  const n1Labels = [...new Set(groups.map((g) => g.hidden))].sort((a, b) => a - b).map((n) => `N1 = ${n}`);
  for (const g of groups) {
    const p = g.topology!.paths;
    p.grid.forEach((q, k) => {
      const mean = p.mean[k];
      const std = finite(p.std[k]) ? p.std[k] : 0;
      if (finite(q) && finite(mean)) values.push({ panel: `N1 = ${g.hidden}`, series: g.variant, q, mean, lo: mean - std, hi: mean + std });
    });
  }
  if (teacherNet) {
    const grid = onQuantileGrid(sortedPathValues(teacherNet), TEACHER_GRID_POINTS);
    for (const panel of n1Labels) grid.forEach((v, k) => values.push({ panel, series: 'teacher', q: k / (TEACHER_GRID_POINTS - 1), mean: v, lo: v, hi: v }));
  }
  const series = [...ctx.variants.filter((v) => groups.some((g) => g.variant === v)), ...(teacherNet ? ['teacher'] : [])];
  const color = { field: 'series', type: 'nominal', title: null, scale: variantColorScale(series) } as const;
  const x = { field: 'q', type: 'quantitative', title: 'rank of the path / number of paths' } as const;
  const spec: TopLevelSpec = {
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, sort: n1Labels },
    columns: 3,
    spec: {
      width: 280,
      height: 210,
      layer: [
        { transform: [{ filter: "datum.series !== 'teacher'" }], mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: { ...color, legend: LINE_LEGEND } } },
        { mark: { type: 'line', strokeWidth: 1.8 }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'path value W1·W2' }, color, strokeDash: { condition: { test: "datum.series === 'teacher'", value: [5, 3] }, value: [1, 0] } } },
      ],
    },
  };
  return { kind: 'figure', name, title: `Sorted path values, students (mean ± std) against the teacher${label}`, svg: await renderVegaLite(spec), alt: 'Sorted path values of the students and of the teacher against their relative rank.' };
}

async function strengthFigure(ctx: SectionContext, groups: GroupSummary[], teacherNet: NetworkWeights | undefined, name: string, label: string): Promise<Block | undefined> {
  const values: Record<string, unknown>[] = [];
  const n1Labels = [...new Set(groups.map((g) => g.hidden))].sort((a, b) => a - b).map((n) => `N1 = ${n}`);
  for (const g of groups) {
    const pooled = okTrials(ctx, g).flatMap((t) => t.topology?.inStrength ?? []);
    for (const b of rangeNormalisedHistogram(pooled)) values.push({ panel: `N1 = ${g.hidden}`, series: g.variant, x: b.left + 0.05, percent: b.percent });
  }
  if (!values.length) return undefined;
  if (teacherNet) {
    const bins = rangeNormalisedHistogram(inStrengths(teacherNet));
    for (const panel of n1Labels) for (const b of bins) values.push({ panel, series: 'teacher', x: b.left + 0.05, percent: b.percent });
  }
  const series = [...ctx.variants.filter((v) => groups.some((g) => g.variant === v)), ...(teacherNet ? ['teacher'] : [])];
  const spec: TopLevelSpec = {
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, sort: n1Labels },
    columns: 3,
    spec: {
      width: 280,
      height: 170,
      mark: { type: 'line', interpolate: 'step', point: { size: 16 }, strokeWidth: 1.6 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: 'in-strength / its range (bin centres, width 0.1)' },
        y: { field: 'percent', type: 'quantitative', title: '% of nodes' },
        color: { field: 'series', type: 'nominal', title: null, scale: variantColorScale(series) },
      },
    },
  };
  return { kind: 'figure', name, title: `In-strength distributions of the kept first-layer nodes, pooled over trials${label}`, svg: await renderVegaLite(spec), alt: 'Histograms of range-normalised node in-strengths for students and teacher.' };
}

/** The spectral trial whose N1 is closest (in ratio) to the paper's 200 and that has a weights file. */
function pickDrawnTrial(ctx: SectionContext, teacher: TeacherRef): TrialRecord | undefined {
  const variant = ctx.variants.includes('spectral') ? 'spectral' : ctx.variants[0];
  const candidates = ctx.data.trials.filter((t) => t.status === 'ok' && t.teacher.index === teacher.index && t.variant === variant && t.weightsFile);
  const distance = (t: TrialRecord): number => Math.abs(Math.log(t.hidden / PAPER_PATH_N1));
  return candidates.sort((a, b) => distance(a) - distance(b) || b.hidden - a.hidden || a.trial - b.trial)[0];
}

/**
 * The first-hidden-layer nodes to draw: all of them for a full view, else those whose score (computed from the drawn
 * weights) exceeds 5% of the maximum (method spec §5.4). TrialTopology.activeNodes holds per-layer counts, not indices.
 */
function survivors(trial: TrialRecord, net: NetworkWeights): number[] {
  const scores = nodeScores(net.layers[0]);
  const all = scores.map((_, i) => i);
  if (trial.topology?.view === 'full') return all;
  const max = Math.max(0, ...scores.filter(Number.isFinite));
  const kept = all.filter((i) => max > 0 && scores[i] / max > SURVIVOR_FRACTION);
  return kept.length ? kept : all;
}

export async function topologySection(ctx: SectionContext): Promise<ReportSection> {
  const blocks: Block[] = [];
  for (const teacher of ctx.teachers) {
    const suffix = teacherSuffix(teacher, ctx.teachers.length);
    const label = ctx.teachers.length > 1 ? ` — ${teacherLabel(teacher)}` : '';
    const teacherNet = ctx.teacherWeights.get(teacher.index);
    const groups = sortedGroups(ctx.data.summary.groups.filter((g) => g.teacher.index === teacher.index && g.topology?.paths?.grid?.length));
    if (!teacherNet) blocks.push(note(`The teacher's weights${label} are not in the results (summary.teacherWeightsFiles): the teacher's curves and the drawing are left out.`));
    if (!groups.length) {
      blocks.push(note(`No topology analysis in the results yet${label}.`));
    } else {
      blocks.push(await pathsFigure(ctx, groups, teacherNet, `paths${suffix}`, label));
      const strength = await strengthFigure(ctx, groups, teacherNet, `strength${suffix}`, label);
      blocks.push(strength ?? note(`No trial record lists in-strengths${label}.`));
      blocks.push(
        table(
          `Distances to the teacher, mean ± std over trials${label}`,
          ['variant', 'N1', 'view', 'active first-layer nodes (mean)', 'paths: Wasserstein-1', 'paths: KS', 'strength: Wasserstein-1', 'strength: KS'],
          groups.map((g) => {
            const trials = okTrials(ctx, g).filter((t) => t.topology);
            const views = [...new Set(trials.map((t) => t.topology!.view))].join(', ') || 'n/a';
            // activeNodes counts active neurons per node layer, inputs first: [1] is the first hidden layer
            const counts = trials.map((t) => t.topology!.activeNodes?.[1]).filter(finite);
            const kept = counts.length ? formatNumber(counts.reduce((a, b) => a + b, 0) / counts.length) : 'n/a';
            const topo = g.topology!;
            return [g.variant, formatNumber(g.hidden), views, kept, formatStat(topo.pathDistance.wasserstein1), formatStat(topo.pathDistance.ks), formatStat(topo.strengthDistance.wasserstein1), formatStat(topo.strengthDistance.ks)];
          }),
        ),
      );
      const rows: string[][] = [];
      if (teacherNet) {
        const tp = sortedPathValues(teacherNet);
        rows.push(['teacher', `h_T = ${teacher.size}`, formatNumber(tp.length), ...QUANTILES.map(([, q]) => formatNumber(quantileOf(tp, q)))]);
      }
      for (const g of groups) {
        const trials = okTrials(ctx, g).filter((t) => t.topology?.paths?.quantiles);
        if (!trials.length) continue;
        const mean = (f: (t: TrialRecord) => number): number => trials.reduce((s, t) => s + f(t), 0) / trials.length;
        rows.push([g.variant, `N1 = ${g.hidden}`, formatNumber(mean((t) => t.topology!.paths.count)), ...QUANTILES.map(([k]) => formatNumber(mean((t) => t.topology!.paths.quantiles[k])))]);
      }
      if (rows.length) blocks.push(table(`Path value quantiles (students: mean over trials)${label}`, ['network', 'size', 'paths', ...QUANTILES.map(([k]) => k)], rows));
    }
    if (teacherNet) {
      const trial = pickDrawnTrial(ctx, teacher);
      const net = trial?.weightsFile ? readWeights(ctx.data, trial.weightsFile) : undefined;
      if (trial && net) {
        const keep = survivors(trial, net);
        const svg = drawNetworks([
          { title: `Student ${trial.id}: ${keep.length} surviving nodes`, net, keep },
          { title: `Teacher (h_T = ${teacher.size})`, net: teacherNet },
        ]);
        blocks.push({ kind: 'figure', name: `network${suffix}`, title: `Surviving sub-network of a ${trial.variant} student (N1 = ${trial.hidden}) next to the teacher${label}`, svg, alt: 'Node-link drawings of the pruned student and of the teacher.' });
      } else {
        blocks.push(note(`No ${ctx.variants.includes('spectral') ? 'spectral' : ''} trial with a readable weights file${label}: the sub-network drawing is left out.`));
      }
    }
  }
  return { id: 'topology', title: '6. Topology: student against teacher', caption: CAPTION, blocks };
}
