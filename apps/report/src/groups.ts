/**
 * report/groups: how the report orders and labels the summary's groups: teachers by index, variants spectral first,
 * student sizes ascending. Every section uses these so that colours, facets and table rows line up.
 */
import type { GroupSummary, TeacherRef } from '@spectral-ts/results';

const VARIANT_ORDER = ['spectral', 'direct'];

/** The variants present, spectral and direct first, any others (plugins) after them alphabetically. */
export function variantsOf(groups: GroupSummary[]): string[] {
  const present = [...new Set(groups.map((g) => g.variant))];
  return present.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
function rank(variant: string): number {
  const i = VARIANT_ORDER.indexOf(variant);
  return i < 0 ? VARIANT_ORDER.length : i;
}

/** The distinct student sizes N1, ascending. */
export function hiddenSizesOf(groups: GroupSummary[]): number[] {
  return [...new Set(groups.map((g) => g.hidden))].sort((a, b) => a - b);
}

/** Groups sorted by teacher, variant, N1. */
export function sortedGroups(groups: GroupSummary[]): GroupSummary[] {
  return [...groups].sort(
    (a, b) =>
      a.teacher.index - b.teacher.index ||
      rank(a.variant) - rank(b.variant) ||
      (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0) ||
      a.hidden - b.hidden,
  );
}

/** A teacher's label, e.g. "teacher 0 (nn, h_T = 20)". */
export function teacherLabel(t: TeacherRef): string {
  return `teacher ${t.index} (${t.kind}, h_T = ${t.size})`;
}

/** A file-name-safe suffix for per-teacher figures: "" with one teacher, "-t<index>" with several. */
export function teacherSuffix(t: TeacherRef, teacherCount: number): string {
  return teacherCount > 1 ? `-t${t.index}` : '';
}

/** Finite and strictly positive: what a log scale can draw. */
export function positive(v: number | undefined | null): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}

/** Finite: what any scale can draw. */
export function finite(v: number | undefined | null): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
