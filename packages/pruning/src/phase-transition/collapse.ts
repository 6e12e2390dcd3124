/**
 * pruning/phase-transition/collapse: how well pruning curves collapse (method spec §5.6 and §9.9). Across student
 * sizes: at each x = n - h_T below the transition, the spread max / min of the mean deltaMse over N1. Across teacher
 * sizes: each curve normalised as deltaMse / deltaMse_max against x = n / h_T - 1 on [-1, 0], then the same spread
 * on a common grid.
 */
import { fail } from '../errors';
import type { AveragedCurvePoint } from '../types';

/** An averaged curve of one (variant, teacher, N1) group. */
export interface GroupCurve {
  variant: string;
  teacherIndex: number;
  teacherSize: number;
  hidden: number;
  curve: readonly AveragedCurvePoint[];
}

export interface CollapsePoint {
  variant: string;
  teacherIndex: number;
  x: number;
  spread: number;
  hiddenSizes: number[];
}

/**
 * Spread across N1 at each x in [-h_T, -1]. Only students with N1 >= h_T take part (smaller ones cannot show the
 * transition at h_T), an x needs at least two of them, and an x where some mean is 0 is left out (the ratio is
 * undefined there, not infinite: those are counted in `skipped`).
 */
export function studentCollapse(groups: readonly GroupCurve[]): { points: CollapsePoint[]; skipped: number } {
  const points: CollapsePoint[] = [];
  let skipped = 0;
  const keys = new Map<string, GroupCurve[]>();
  for (const g of groups) {
    if (g.hidden < g.teacherSize) continue;
    const key = `${g.variant}\u0000${g.teacherIndex}`;
    keys.set(key, [...(keys.get(key) ?? []), g]);
  }
  for (const members of keys.values()) {
    const { variant, teacherIndex, teacherSize } = members[0];
    for (let x = -teacherSize; x <= -1; x++) {
      const at = members
        .map((g) => ({ hidden: g.hidden, p: g.curve.find((q) => q.x === x) }))
        .filter((e): e is { hidden: number; p: AveragedCurvePoint } => e.p !== undefined);
      if (at.length < 2) continue;
      const means = at.map((e) => e.p.mean);
      if (means.some((m) => !(m > 0))) {
        skipped += 1;
        continue;
      }
      points.push({
        variant,
        teacherIndex,
        x,
        spread: Math.max(...means) / Math.min(...means),
        hiddenSizes: at.map((e) => e.hidden).sort((a, b) => a - b),
      });
    }
  }
  return { points, skipped };
}

/** A curve in the rescaled coordinates of method spec §5.6. */
export interface NormalizedCurve {
  variant: string;
  teacherIndex: number;
  teacherSize: number;
  hidden: number;
  /** x = n / h_T - 1 in [-1, 0], y = deltaMse / deltaMse_max (max over that range). */
  points: { x: number; y: number }[];
}

/** deltaMse / deltaMse_max against n / h_T - 1 on [-1, 0]; null when the curve is 0 on the whole range. */
export function normalizeCurve(group: GroupCurve): NormalizedCurve | null {
  const inRange = group.curve.filter((p) => p.x >= -group.teacherSize && p.x <= 0);
  const max = Math.max(0, ...inRange.map((p) => p.mean));
  if (!(max > 0)) return null;
  return {
    variant: group.variant,
    teacherIndex: group.teacherIndex,
    teacherSize: group.teacherSize,
    hidden: group.hidden,
    points: inRange.map((p) => ({ x: (p.x + group.teacherSize) / group.teacherSize - 1, y: p.mean / max })),
  };
}

/** Linear interpolation of a curve (sorted by x) at x; null outside its range. */
function interpolate(points: readonly { x: number; y: number }[], x: number): number | null {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  if (sorted.length === 0 || x < sorted[0].x - 1e-12 || x > sorted[sorted.length - 1].x + 1e-12) return null;
  for (let i = 0; i < sorted.length; i++) {
    if (Math.abs(sorted[i].x - x) < 1e-12) return sorted[i].y;
    if (sorted[i].x > x) {
      const a = sorted[i - 1];
      const b = sorted[i];
      return a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
    }
  }
  return null;
}

export interface TeacherCollapsePoint {
  variant: string;
  x: number;
  spread: number;
  teacherSizes: number[];
}

/** Grid of the teacher collapse: 21 points on [-1, 0] (step 0.05, the resolution of h_T = 20). */
export const TEACHER_COLLAPSE_GRID: readonly number[] = Array.from({ length: 21 }, (_, i) => -1 + i / 20);

/**
 * Spread across teacher sizes in the rescaled coordinates: per variant and teacher, the normalised curves of its
 * student sizes are averaged; at each grid x below 0 the spread is max / min over teachers (needs two teachers and
 * positive values).
 */
export function teacherCollapse(
  curves: readonly NormalizedCurve[],
  grid: readonly number[] = TEACHER_COLLAPSE_GRID,
): TeacherCollapsePoint[] {
  if (grid.some((x) => x < -1 || x > 0)) fail('teacherCollapse', 'grid values must lie in [-1, 0]');
  const out: TeacherCollapsePoint[] = [];
  const variants = [...new Set(curves.map((c) => c.variant))];
  for (const variant of variants) {
    const teachers = new Map<number, NormalizedCurve[]>();
    for (const c of curves.filter((c) => c.variant === variant))
      teachers.set(c.teacherIndex, [...(teachers.get(c.teacherIndex) ?? []), c]);
    if (teachers.size < 2) continue;
    for (const x of grid) {
      if (x >= 0) continue;
      const values: { size: number; y: number }[] = [];
      for (const members of teachers.values()) {
        const ys = members.map((m) => interpolate(m.points, x)).filter((y): y is number => y !== null);
        if (ys.length > 0) values.push({ size: members[0].teacherSize, y: ys.reduce((s, y) => s + y, 0) / ys.length });
      }
      if (values.length < 2 || values.some((v) => !(v.y > 0))) continue;
      const ys = values.map((v) => v.y);
      out.push({
        variant,
        x,
        spread: Math.max(...ys) / Math.min(...ys),
        teacherSizes: values.map((v) => v.size).sort((a, b) => a - b),
      });
    }
  }
  return out;
}
