/**
 * report/findings/key-findings: the run's answer in a few sentences, each with its number, its interval and whether
 * it holds against the method's expectations (method spec §9). Pure: everything comes from the loaded results.
 */
import { studentCollapse } from '@spectral-ts/pruning';
import { bootstrapInterval, meanStd } from '@spectral-ts/statistics';
import {
  isOkTrial,
  type GroupSummary,
  type OkTrialRecord,
  type TeacherRef,
  type TrialRecord,
} from '@spectral-ts/results';
import type { Finding } from '../document';
import { formatNumber, formatStat } from '../format';
import { finite, sortedGroups } from '../groups';
import type { ResultsData } from '../read-results';
import { EXPECTATIONS as E } from './expectations';

const SPECTRAL = 'spectral';
const DIRECT = 'direct';
/**
 * Intervals of the findings: 95% percentile bootstrap over trials with the statistics package's level and seed; 1000 resamples
 * instead of its 2000 keep a report of many findings quick, and the intervals print with 4 digits only.
 */
const BOOT = { resamples: 1000 } as const;

const mean = (xs: number[]): number => meanStd(xs, 'report/keyFindings').mean;
const interval = (ci: readonly [number, number] | undefined): string =>
  ci ? `[${formatNumber(ci[0])}, ${formatNumber(ci[1])}]` : '[n/a]';

/** The bootstrap interval, or undefined when the trials are too few for one. */
function tryInterval<T>(items: T[], stat: (s: T[]) => number): [number, number] | undefined {
  if (items.length < 2) return undefined;
  try {
    return bootstrapInterval(items, stat, { ...BOOT, where: 'report/keyFindings' });
  } catch {
    return undefined;
  }
}

/** deltaMse of each ok trial of a group with `kept` nodes on its rank curve (trials without that point left out). */
function trialDeltas(trials: TrialRecord[], g: GroupSummary, kept: number): number[] {
  return groupTrials(trials, g)
    .map((t) => t.pruning?.rankCurve.find((p) => p.kept === kept)?.deltaMse)
    .filter(finite);
}

function groupTrials(trials: TrialRecord[], g: GroupSummary): OkTrialRecord[] {
  return trials
    .filter(isOkTrial)
    .filter((t) => t.teacher.index === g.teacher.index && t.variant === g.variant && t.hidden === g.hidden);
}

/** The groups a size check applies to: students at least twice as wide as their teacher (§9.3). */
function checked(groups: GroupSummary[]): GroupSummary[] {
  return groups.filter((g) => g.hidden >= E.checkedFromWidth * g.teacher.size);
}

function sizeFinding(groups: GroupSummary[], variant: string, t: TeacherRef, where: string): Finding | undefined {
  const mine = groups.filter((g) => g.variant === variant);
  if (!mine.length) return undefined;
  const wide = checked(mine);
  const listed = wide.length ? wide : mine;
  const parts = listed.map(
    (g) =>
      `${formatStat(g.averageDimension)} at N1 = ${g.hidden}` +
      (g.effectiveSize ? ` (n* ${formatNumber(g.effectiveSize.mean)} ${interval(g.effectiveSize.ci)})` : ''),
  );
  const head = `${variant}${where}: average dimension ${parts.join(', ')}`;
  if (!wide.length)
    return {
      topic: `effective size, ${variant}`,
      verdict: 'unchecked',
      text: `${head}; no N1 ≥ ${E.checkedFromWidth}·h_T to check.`,
    };
  if (variant === SPECTRAL) {
    const [lo, hi] = [E.spectralSize.low * t.size, E.spectralSize.high * t.size];
    const off = wide.filter((g) => !(g.averageDimension.mean >= lo && g.averageDimension.mean <= hi));
    const verdict = off.length ? 'fails' : 'holds';
    const why = off.length
      ? off
          .map((g) =>
            g.averageDimension.mean > hi
              ? `N1 = ${g.hidden} is not yet converged: ` +
                `average dimension ${formatNumber(g.averageDimension.mean)} > ${formatNumber(hi)}`
              : `N1 = ${g.hidden} keeps fewer nodes than the teacher: ` +
                `${formatNumber(g.averageDimension.mean)} < ${formatNumber(lo)}`,
          )
          .join('; ')
      : 'about h_T at every N1';
    return {
      topic: `effective size, ${variant}`,
      verdict,
      text: `${head}; expected within [${formatNumber(lo)}, ${formatNumber(hi)}] (§9.3): ${why}.`,
    };
  }
  if (variant === DIRECT) {
    const need = (g: GroupSummary): number =>
      (g.hidden <= E.directSize.wideFrom ? E.directSize.fraction : E.directSize.wideFraction) * g.hidden;
    const off = wide.filter((g) => !(g.averageDimension.mean >= need(g)));
    const why = off.length
      ? off
          .map(
            (g) => `N1 = ${g.hidden} compresses to ${formatNumber(g.averageDimension.mean)} < ${formatNumber(need(g))}`,
          )
          .join('; ')
      : 'no compression, as expected';
    return {
      topic: `effective size, ${variant}`,
      verdict: off.length ? 'fails' : 'holds',
      text: `${head}; expected ≥ ${E.directSize.fraction}·N1 (§9.4): ${why}.`,
    };
  }
  return {
    topic: `effective size, ${variant}`,
    verdict: 'unchecked',
    text: `${head}; the method states no expectation for this variant.`,
  };
}

function plateauFinding(
  data: ResultsData,
  spectral: GroupSummary[],
  t: TeacherRef,
  where: string,
): Finding | undefined {
  let worst: { g: GroupSummary; x: number; mean: number } | undefined;
  for (const g of checked(spectral)) {
    for (const p of g.rankCurve ?? [])
      if (p.x >= 0 && finite(p.mean) && (!worst || p.mean > worst.mean)) worst = { g, x: p.x, mean: p.mean };
  }
  if (!worst) return undefined;
  const limit = E.plateauFraction * t.labelVariance;
  const ci = tryInterval(trialDeltas(data.trials, worst.g, t.size + worst.x), mean);
  const holds = worst.mean <= limit;
  return {
    topic: 'plateau',
    verdict: holds ? 'holds' : 'fails',
    text:
      `Plateau${where}: pruning down to h_T costs at most ΔMSE = ${formatNumber(worst.mean)} ${interval(ci)} ` +
      `(N1 = ${worst.g.hidden}, n − h_T = ${worst.x}); ` +
      `expected ≤ ${E.plateauFraction}·Var(y) = ${formatNumber(limit)} (§9.6)` +
      `${holds ? '' : ': it does not hold, pruning above h_T already costs accuracy'}.`,
  };
}

function jumpFinding(data: ResultsData, spectral: GroupSummary[], t: TeacherRef, where: string): Finding | undefined {
  const rows = checked(spectral).flatMap((g) => {
    const trials = groupTrials(data.trials, g)
      .map((r) => ({
        at: r.pruning?.rankCurve.find((p) => p.kept === t.size)?.deltaMse,
        below: r.pruning?.rankCurve.find((p) => p.kept === t.size + E.jumpOffset)?.deltaMse,
      }))
      .filter((r): r is { at: number; below: number } => finite(r.at) && finite(r.below));
    if (!trials.length) return [];
    const ratio = (s: typeof trials): number => mean(s.map((r) => r.below)) / mean(s.map((r) => r.at));
    const deep = g.rankCurve?.find((p) => p.x === E.deepOffset)?.mean;
    return [{ g, ratio: ratio(trials), ci: tryInterval(trials, ratio), deep }];
  });
  if (!rows.length) return undefined;
  const deepLimit = E.deepFraction * t.labelVariance;
  const ok = (r: (typeof rows)[number]): boolean =>
    r.ratio >= E.jumpFactor && (r.deep === undefined || r.deep >= deepLimit);
  // the sentence names a size that fails if there is one, else the size with the smallest rise
  const shown = rows.find((r) => !ok(r)) ?? rows.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const holds = ok(shown);
  const deepText =
    shown.deep !== undefined
      ? ` and reaches ${formatNumber(shown.deep)} at n = h_T − ${-E.deepOffset} ` +
        `(≥ ${formatNumber(deepLimit)} = ${E.deepFraction}·Var(y) expected)`
      : '';
  const which = holds ? 'the smallest rise over N1' : 'where it fails';
  const reasons = [
    ...(shown.ratio < E.jumpFactor ? [`the rise is below ${E.jumpFactor}×`] : []),
    ...(shown.deep !== undefined && shown.deep < deepLimit
      ? [`ΔMSE at h_T − ${-E.deepOffset} is below ${E.deepFraction}·Var(y)`]
      : []),
  ];
  return {
    topic: 'jump below h_T',
    verdict: holds ? 'holds' : 'fails',
    text:
      `Jump${where}: ΔMSE rises ${formatNumber(shown.ratio)}× ${interval(shown.ci)} ` +
      `from n = h_T to h_T − ${-E.jumpOffset} (N1 = ${shown.g.hidden}, ${which})${deepText}; ` +
      `expected ≥ ${E.jumpFactor}× (§9.7)${holds ? '' : `: it does not hold, ${reasons.join(' and ')}`}.`,
  };
}

function contrastFinding(data: ResultsData, groups: GroupSummary[], t: TeacherRef, where: string): Finding | undefined {
  const rows = checked(groups.filter((g) => g.variant === DIRECT)).flatMap((d) => {
    const s = groups.find((g) => g.variant === SPECTRAL && g.hidden === d.hidden);
    const dm = d.rankCurve?.find((p) => p.x === 0)?.mean;
    const sm = s?.rankCurve?.find((p) => p.x === 0)?.mean;
    if (!s || !finite(dm) || !(sm && sm > 0)) return [];
    // unpaired trials: the interval joins the two 95% intervals of the means, so it is conservative
    const dci = tryInterval(trialDeltas(data.trials, d, t.size), mean);
    const sci = tryInterval(trialDeltas(data.trials, s, t.size), mean);
    const ci: [number, number] | undefined = dci && sci && sci[0] > 0 ? [dci[0] / sci[1], dci[1] / sci[0]] : undefined;
    return [{ hidden: d.hidden, ratio: dm / sm, ci }];
  });
  if (!rows.length) return undefined;
  const weakest = rows.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const holds = weakest.ratio >= E.contrastFactor;
  return {
    topic: 'direct contrast',
    verdict: holds ? 'holds' : 'fails',
    text:
      `Contrast${where}: at n = h_T, direct training loses ${formatNumber(weakest.ratio)}× ${interval(weakest.ci)} ` +
      `more than spectral (N1 = ${weakest.hidden}, the smallest factor over N1); ` +
      `expected ≥ ${E.contrastFactor}× (§9.8)${holds ? '' : ': it does not hold'}.`,
  };
}

function collapseFinding(spectral: GroupSummary[], t: TeacherRef, where: string): Finding | undefined {
  const [from, to] = E.collapseWindow;
  // The widths the other size checks use (N1 >= 2 h_T, as method spec §9.9's 40, 200, 500 for h_T = 20), through
  // pruning's spread rule; the summary's collapse also takes N1 = h_T, which has no room to switch nodes off.
  const curves = checked(spectral).flatMap((g) =>
    g.rankCurve
      ? [{ variant: g.variant, teacherIndex: t.index, teacherSize: t.size, hidden: g.hidden, curve: g.rankCurve }]
      : [],
  );
  const points = studentCollapse(curves).points.filter((c) => c.x >= from && c.x <= to && finite(c.spread));
  if (!points.length) return undefined;
  const spreads = points.map((c) => c.spread);
  const worst = points.reduce((a, b) => (b.spread > a.spread ? b : a));
  const holds = worst.spread <= E.collapseSpread;
  return {
    topic: 'collapse',
    verdict: holds ? 'holds' : 'fails',
    text:
      `Collapse${where}: the spectral curves of N1 ∈ {${worst.hiddenSizes.join(', ')}} ` +
      `differ by at most ${formatNumber(worst.spread)}× (at n − h_T = ${worst.x}; ` +
      `${formatNumber(Math.min(...spreads))}–${formatNumber(worst.spread)}× over n − h_T ∈ [${from}, ${to}]); ` +
      `expected ≤ ${E.collapseSpread}× (§9.9)${holds ? '' : ': the curves do not collapse'}.`,
  };
}

function topologyFinding(data: ResultsData, groups: GroupSummary[], where: string): Finding | undefined {
  const w1 = (g: GroupSummary): number[] =>
    groupTrials(data.trials, g)
      .map((r) => r.topology?.pathDistance.wasserstein1)
      .filter(finite);
  const rows = checked(groups.filter((g) => g.variant === DIRECT && g.topology)).flatMap((d) => {
    const s = groups.find((g) => g.variant === SPECTRAL && g.hidden === d.hidden && g.topology);
    if (!s || !(s.topology!.pathDistance.wasserstein1.mean > 0)) return [];
    const dci = tryInterval(w1(d), mean);
    const sci = tryInterval(w1(s), mean);
    const ci: [number, number] | undefined = dci && sci && sci[0] > 0 ? [dci[0] / sci[1], dci[1] / sci[0]] : undefined;
    return [
      {
        hidden: d.hidden,
        ratio: d.topology!.pathDistance.wasserstein1.mean / s.topology!.pathDistance.wasserstein1.mean,
        ci,
        s: s.topology!.pathDistance.wasserstein1.mean,
        d: d.topology!.pathDistance.wasserstein1.mean,
      },
    ];
  });
  if (!rows.length) return undefined;
  const weakest = rows.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const holds = weakest.ratio > E.topologyRatio;
  return {
    topic: 'topology',
    verdict: holds ? 'holds' : 'fails',
    text:
      `Topology${where}: the pruned spectral student's path distribution is ` +
      `${formatNumber(weakest.ratio)}× ${interval(weakest.ci)} closer to the teacher's than the direct student's ` +
      `(Wasserstein-1 ${formatNumber(weakest.s)} against ${formatNumber(weakest.d)} at N1 = ${weakest.hidden}, ` +
      `the smallest factor over N1); expected > ${E.topologyRatio}× (§6, §9.10)` +
      `${holds ? '' : ': it does not hold'}.`,
  };
}

/** Every key finding of the run, teacher by teacher, in the order of the method's checks. */
export function keyFindings(data: ResultsData, teachers: TeacherRef[], variants: string[]): Finding[] {
  const out: Finding[] = [];
  for (const t of teachers) {
    const groups = sortedGroups(data.summary.groups.filter((g) => g.teacher.index === t.index));
    const spectral = groups.filter((g) => g.variant === SPECTRAL);
    const where = teachers.length > 1 ? ` (h_T = ${t.size})` : '';
    const found = [
      ...variants.map((v) => sizeFinding(groups, v, t, where)),
      plateauFinding(data, spectral, t, where),
      jumpFinding(data, spectral, t, where),
      contrastFinding(data, groups, t, where),
      collapseFinding(spectral, t, where),
      topologyFinding(data, groups, where),
    ];
    for (const f of found) if (f) out.push(f);
  }
  return out;
}
