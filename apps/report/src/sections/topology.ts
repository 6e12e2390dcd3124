/**
 * report/sections/topology: section 6, does the student mirror the teacher (method spec §5.4, §5.5)? Sorted path values
 * of the students (mean +- std over trials) against the teacher's, in-strength distributions, the distances between
 * student and teacher distributions, and a drawing of one surviving sub-network next to the teacher.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { GroupSummary, GroupTopology, OkTrialRecord, TeacherRef, TrialTopology } from '@spectral-ts/results';
import { isOkTrial } from '@spectral-ts/results';
import { DEFAULT_PRUNING_VIEW, strategyAnalysis } from '@spectral-ts/training';
import type { NetworkWeights } from '@spectral-ts/spectral';
import {
  GRID_POINTS,
  allNodes,
  firstLayerInStrength,
  levelGrid,
  pathValues,
  prunedNodes,
  quantiles,
  sortedOnGrid,
  type NodeSelection,
  type PathValues,
  type QuantileKey,
} from '@spectral-ts/topology';
import { note, table, type Block, type ReportSection } from '../document';
import { formatNumber, formatStat } from '../format';
import { finite, hiddenSizesOf, sortedGroups, teacherLabel, teacherSuffix } from '../groups';
import { drawNetworks } from '../network-drawing';
import { readWeights } from '../read-results';
import { histogramRows, strengthHistograms } from '../strength-histogram';
import { LINE_LEGEND, renderFigure, variantColorScale } from '../vega-svg';
import type { SectionContext } from './context';

/** The student size the paper draws its path figure at (method spec §5.4); the drawing picks the N1 closest to it. */
const PAPER_PATH_N1 = 200;
/** The path quantiles the table shows (of the seven topology reports). */
const TABLE_QUANTILES: QuantileKey[] = ['q05', 'q25', 'q50', 'q75', 'q95'];

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
  'The distance table also lists each spectral student unpruned (view “full”): it is far from the teacher, because ' +
  'its switched-off nodes (near-zero eigenvalues) still carry paths, almost all with values near zero, and they make ' +
  'a long flat stretch at 0 in its sorted paths that the teacher’s curve does not have. Pruning removes those nodes; ' +
  'what remains is the teacher-like sub-network that the pruned rows compare. ' +
  'For deeper students (students.layers) a path runs through every hidden layer, the pruned view cuts the analysed ' +
  'layer (pruning.layer) and keeps what survives of the others, and a further table lists every hidden layer: its ' +
  'active nodes, the nodes above the 0.05 cutoff, and its in-strength distances to the teacher’s same layer. ' +
  'The drawing shows one spectral student’s surviving sub-network next to the teacher: inputs on the left, output on ' +
  'the right, blue edges positive, red negative, thicker for larger |w|.';

/** One facet label per student size N1 present, ascending: the panels of the path and in-strength figures. */
function panelLabels(groups: GroupSummary[]): string[] {
  return hiddenSizesOf(groups).map((n) => `N1 = ${n}`);
}

/** The spec drawn in every panel of a faceted figure. */
type PanelSpec = Extract<TopLevelSpec, { facet: unknown }>['spec'];

/** The layout both topology figures share: one 280-wide panel per N1 (field `panel`), three to a row. */
function panelFacets(
  values: Record<string, unknown>[],
  n1Labels: string[],
  height: number,
  panel: PanelSpec,
): TopLevelSpec {
  return {
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, sort: n1Labels },
    columns: 3,
    spec: { width: 280, height, ...panel },
  };
}

function okTrials(ctx: SectionContext, g: GroupSummary): OkTrialRecord[] {
  const inGroup = (t: OkTrialRecord) =>
    t.teacher.index === g.teacher.index && t.variant === g.variant && t.hidden === g.hidden;
  return ctx.data.trials.filter(isOkTrial).filter(inGroup);
}

async function pathsFigure(
  ctx: SectionContext,
  groups: GroupSummary[],
  teacherPaths: PathValues | undefined,
  name: string,
  label: string,
): Promise<Block> {
  const values: Record<string, unknown>[] = [];
  const n1Labels = panelLabels(groups);
  for (const g of groups) {
    const p = g.topology!.paths;
    p.grid.forEach((q, k) => {
      const mean = p.mean[k];
      const std = finite(p.std[k]) ? p.std[k] : 0;
      if (finite(q) && finite(mean))
        values.push({ panel: `N1 = ${g.hidden}`, series: g.variant, q, mean, lo: mean - std, hi: mean + std });
    });
  }
  if (teacherPaths) {
    // the teacher on the students' storage grid (topology's GRID_POINTS levels, method spec §5.4)
    const levels = levelGrid(GRID_POINTS);
    const curve = sortedOnGrid(teacherPaths.values, GRID_POINTS);
    for (const panel of n1Labels)
      curve.forEach((v, k) => values.push({ panel, series: 'teacher', q: levels[k], mean: v, lo: v, hi: v }));
  }
  const series = [
    ...ctx.variants.filter((v) => groups.some((g) => g.variant === v)),
    ...(teacherPaths ? ['teacher'] : []),
  ];
  const color = { field: 'series', type: 'nominal', title: null, scale: variantColorScale(series) } as const;
  const x = { field: 'q', type: 'quantitative', title: 'rank of the path / number of paths' } as const;
  const spec = panelFacets(values, n1Labels, 180, {
    layer: [
      {
        transform: [{ filter: "datum.series !== 'teacher'" }],
        mark: { type: 'area', opacity: 0.2 },
        encoding: {
          x,
          y: { field: 'lo', type: 'quantitative' },
          y2: { field: 'hi' },
          color: { ...color, legend: LINE_LEGEND },
        },
      },
      {
        mark: { type: 'line', strokeWidth: 1.8 },
        encoding: {
          x,
          y: { field: 'mean', type: 'quantitative', title: 'path value W1·W2' },
          color,
          strokeDash: { condition: { test: "datum.series === 'teacher'", value: [5, 3] }, value: [1, 0] },
        },
      },
    ],
  });
  return {
    kind: 'figure',
    name,
    title: `Sorted path values, students (mean ± std) against the teacher${label}`,
    ...(await renderFigure(spec)),
    alt: 'Sorted path values of the students and of the teacher against their relative rank.',
  };
}

/**
 * The in-strength figure (method spec §5.5): per (variant, N1) the kept nodes' strengths pooled over trials, and the
 * teacher's, each set range-normalised and binned by topology on one shared 0.1 lattice. Undefined when no trial lists
 * a finite in-strength; entries that are not finite numbers (a hand-edited or damaged record) are counted in `dropped`.
 */
async function strengthFigure(
  ctx: SectionContext,
  groups: GroupSummary[],
  teacherNet: NetworkWeights | undefined,
  name: string,
  label: string,
): Promise<{ figure: Block; dropped: number } | undefined> {
  const n1Labels = panelLabels(groups);
  let dropped = 0;
  const sets: { panels: string[]; series: string; values: number[] }[] = [];
  for (const g of groups) {
    const pooled = okTrials(ctx, g).flatMap((t) => t.topology?.inStrength ?? []);
    const kept = pooled.filter(finite);
    dropped += pooled.length - kept.length;
    if (kept.length) sets.push({ panels: [`N1 = ${g.hidden}`], series: g.variant, values: kept });
  }
  if (!sets.length) return undefined;
  if (teacherNet) sets.push({ panels: n1Labels, series: 'teacher', values: firstLayerInStrength(teacherNet) });
  const histograms = strengthHistograms(sets.map((s) => s.values))!;
  const values: Record<string, unknown>[] = [];
  sets.forEach((s, i) => {
    const rows = histogramRows(histograms[i]);
    for (const panel of s.panels)
      for (const r of rows) values.push({ panel, series: s.series, x: r.x, percent: r.percent });
  });
  const series = [
    ...ctx.variants.filter((v) => groups.some((g) => g.variant === v)),
    ...(teacherNet ? ['teacher'] : []),
  ];
  const spec = panelFacets(values, n1Labels, 150, {
    mark: { type: 'line', interpolate: 'step', point: { size: 16 }, strokeWidth: 1.6 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'in-strength / its range (bin centres, width 0.1)' },
      y: { field: 'percent', type: 'quantitative', title: '% of nodes' },
      color: { field: 'series', type: 'nominal', title: null, scale: variantColorScale(series) },
    },
  });
  const figure: Block = {
    kind: 'figure',
    name,
    title: `In-strength distributions of the kept first-layer nodes, pooled over trials${label}`,
    ...(await renderFigure(spec)),
    alt: 'Histograms of range-normalised node in-strengths for students and teacher.',
  };
  return { figure, dropped };
}

/**
 * One row of the distance table: a group's view (`topology` or `topologyFull`) with the mean active first-layer nodes
 * of its trials. The view column comes from the trial records (`view`), or `fallbackView` when none has one.
 */
function distanceRow(
  g: GroupSummary,
  topo: GroupTopology,
  trialViews: (TrialTopology | undefined)[],
  fallbackView?: string,
): string[] {
  const views = trialViews.filter((t): t is TrialTopology => t !== undefined);
  const label = [...new Set(views.map((t) => t.view))].join(', ') || fallbackView || 'n/a';
  // activeNodes counts active neurons per node layer, inputs first: [1] is the first hidden layer
  const counts = views.map((t) => t.activeNodes?.[1]).filter(finite);
  const kept = counts.length ? formatNumber(counts.reduce((a, b) => a + b, 0) / counts.length) : 'n/a';
  return [
    g.variant,
    formatNumber(g.hidden),
    label,
    kept,
    formatStat(topo.pathDistance.wasserstein1),
    formatStat(topo.pathDistance.ks),
    formatStat(topo.strengthDistance.wasserstein1),
    formatStat(topo.strengthDistance.ks),
  ];
}

/** The spectral trial whose N1 is closest (in ratio) to the paper's 200 and that has a weights file. */
function pickDrawnTrial(ctx: SectionContext, teacher: TeacherRef): OkTrialRecord | undefined {
  const variant = ctx.variants.includes('spectral') ? 'spectral' : ctx.variants[0];
  const drawable = (t: OkTrialRecord) => t.teacher.index === teacher.index && t.variant === variant && t.weightsFile;
  const candidates = ctx.data.trials.filter(isOkTrial).filter(drawable);
  const distance = (t: OkTrialRecord): number => Math.abs(Math.log(t.hidden / PAPER_PATH_N1));
  return candidates.sort((a, b) => distance(a) - distance(b) || b.hidden - a.hidden || a.trial - b.trial)[0];
}

/** The analysis view a variant's strategy declares; the default view when the strategy is not registered here. */
function declaredView(variant: string): 'pruned' | 'full' {
  try {
    return strategyAnalysis(variant).pruningView;
  } catch {
    return DEFAULT_PRUNING_VIEW;
  }
}

/**
 * The nodes to draw, chosen as the trial's topology analysis chose them (TrialTopology.activeNodes holds per-layer
 * counts, not indices): every node for the full view, topology's pruned view otherwise (score / max > 0.05 in the
 * first hidden layer, then the surviving sub-network, method spec §5.4). A trial without a topology record gets the
 * view its variant's strategy declares (the pruned one for a strategy this process does not know, e.g. a plugin's).
 */
function drawnNodes(trial: OkTrialRecord, net: NetworkWeights): NodeSelection {
  const view = trial.topology?.view ?? declaredView(trial.variant);
  const pruned = trial.topology?.hiddenLayers?.filter((h) => h.pruned).map((h) => h.layer);
  return view === 'full' ? allNodes(net) : prunedNodes(net, pruned?.length ? { layers: pruned } : {});
}

/**
 * Every hidden layer of deeper students (configs with students.layers), one row per (group, view, layer): what the
 * view keeps of the layer and how far its in-strengths lie from the teacher's same layer. Undefined for the paper's
 * chain, whose two hidden layers the tables above already describe.
 */
function hiddenLayerTable(ctx: SectionContext, groups: GroupSummary[], label: string): Block | undefined {
  const deeper = groups.filter((g) => g.topology?.hiddenLayers && okTrials(ctx, g).some((t) => t.layers));
  if (!deeper.length) return undefined;
  const rows = deeper.flatMap((g) =>
    [g.topology!, ...(g.topologyFull ? [g.topologyFull] : [])].flatMap((topo, v) =>
      (topo.hiddenLayers ?? []).map((h) => [
        g.variant,
        formatNumber(g.hidden),
        v === 0 ? (okTrials(ctx, g)[0]?.topology?.view ?? 'n/a') : 'full',
        `h${h.layer} (${h.kind}, ${h.width})`,
        h.pruned ? 'yes' : 'no',
        formatStat(h.active),
        formatStat(h.aboveCutoff),
        h.teacherWidth !== undefined ? formatNumber(h.teacherWidth) : 'none',
        formatStat(h.strengthDistance?.wasserstein1),
        formatStat(h.strengthDistance?.ks),
      ]),
    ),
  );
  return table(
    `Every hidden layer, mean ± std over trials${label}`,
    [
      'variant',
      'N1',
      'view',
      'layer',
      'pruned by the 0.05 cutoff',
      'active nodes',
      'nodes above the cutoff',
      "teacher's width",
      'strength: Wasserstein-1',
      'strength: KS',
    ],
    rows,
  );
}

export async function topologySection(ctx: SectionContext): Promise<ReportSection> {
  const blocks: Block[] = [];
  for (const teacher of ctx.teachers) {
    const suffix = teacherSuffix(teacher, ctx.teachers.length);
    const label = ctx.teachers.length > 1 ? ` — ${teacherLabel(teacher)}` : '';
    const teacherNet = ctx.teacherWeights.get(teacher.index);
    // every teacher path, as prepareTeacher takes them for the students' distances (exact: 10·20·20·1 paths for h_T = 20)
    const teacherPaths = teacherNet ? pathValues(teacherNet) : undefined;
    const groups = sortedGroups(
      ctx.data.summary.groups.filter((g) => g.teacher.index === teacher.index && g.topology?.paths?.grid?.length),
    );
    if (!teacherNet)
      blocks.push(
        note(
          `The teacher's weights${label} are not in the results (summary.teacherWeightsFiles): the teacher's curves and the drawing are left out.`,
        ),
      );
    if (!groups.length) {
      blocks.push(note(`No topology analysis in the results yet${label}.`));
    } else {
      blocks.push(await pathsFigure(ctx, groups, teacherPaths, `paths${suffix}`, label));
      const strength = await strengthFigure(ctx, groups, teacherNet, `strength${suffix}`, label);
      blocks.push(strength?.figure ?? note(`No trial record lists in-strengths${label}.`));
      if (strength?.dropped)
        blocks.push(
          note(
            `${strength.dropped} in-strength entries of the trial records${label} are not finite numbers and are left out of the in-strength figure.`,
          ),
        );
      blocks.push(
        table(
          `Distances to the teacher, mean ± std over trials${label}`,
          [
            'variant',
            'N1',
            'view',
            'active first-layer nodes (mean)',
            'paths: Wasserstein-1',
            'paths: KS',
            'strength: Wasserstein-1',
            'strength: KS',
          ],
          groups.flatMap((g) => {
            const trials = okTrials(ctx, g);
            const rows = [
              distanceRow(
                g,
                g.topology!,
                trials.map((t) => t.topology),
              ),
            ];
            // the same students unpruned, right under their pruned row (spectral-type groups, when recorded)
            if (g.topologyFull)
              rows.push(
                distanceRow(
                  g,
                  g.topologyFull,
                  trials.map((t) => t.topologyFull),
                  'full',
                ),
              );
            return rows;
          }),
        ),
      );
      const layers = hiddenLayerTable(ctx, groups, label);
      if (layers) blocks.push(layers);
      const rows: string[][] = [];
      if (teacherPaths) {
        const q = quantiles(teacherPaths.values);
        rows.push([
          'teacher',
          `h_T = ${teacher.size}`,
          formatNumber(teacherPaths.count),
          ...TABLE_QUANTILES.map((k) => formatNumber(q[k])),
        ]);
      }
      for (const g of groups) {
        const trials = okTrials(ctx, g).filter((t) => t.topology?.paths?.quantiles);
        if (!trials.length) continue;
        const mean = (f: (t: OkTrialRecord) => number): number => trials.reduce((s, t) => s + f(t), 0) / trials.length;
        rows.push([
          g.variant,
          `N1 = ${g.hidden}`,
          formatNumber(mean((t) => t.topology!.paths.count)),
          ...TABLE_QUANTILES.map((k) => formatNumber(mean((t) => t.topology!.paths.quantiles[k]))),
        ]);
      }
      if (rows.length)
        blocks.push(
          table(
            `Path value quantiles (students: mean over trials)${label}`,
            ['network', 'size', 'paths', ...TABLE_QUANTILES],
            rows,
          ),
        );
    }
    if (teacherNet) {
      const trial = pickDrawnTrial(ctx, teacher);
      const net = trial?.weightsFile ? readWeights(ctx.data, trial.weightsFile) : undefined;
      if (trial && net) {
        const keep = drawnNodes(trial, net);
        // the layer the trial's pruned view cut (the analysed one, pruning.layer); the first for the paper's chain
        const cut = trial.topology?.hiddenLayers?.find((h) => h.pruned)?.layer ?? 1;
        const where = cut === 1 ? '' : ` in hidden layer ${cut}`;
        const svg = drawNetworks([
          { title: `Student ${trial.id}: ${keep[cut].length} surviving nodes${where}`, net, keep },
          { title: `Teacher (h_T = ${teacher.size})`, net: teacherNet },
        ]);
        blocks.push({
          kind: 'figure',
          name: `network${suffix}`,
          title: `Surviving sub-network of a ${trial.variant} student (N1 = ${trial.hidden}) next to the teacher${label}`,
          svg,
          alt: 'Node-link drawings of the pruned student and of the teacher.',
        });
      } else {
        blocks.push(
          note(
            `No ${ctx.variants.includes('spectral') ? 'spectral' : ''} trial with a readable weights file${label}: the sub-network drawing is left out.`,
          ),
        );
      }
    }
  }
  return { id: 'topology', title: 'Topology: student against teacher', caption: CAPTION, blocks };
}
