/**
 * cli/units: cuts an experiment into units of work. A unit is one (teacher, variant, N1) group's trials, or a slice of
 * them, trained together; its id is derived from those inputs only, and together with the resolved config it says
 * everything needed to compute it, so that a unit could be shipped to another machine. A unit is done when the
 * record of every one of its trials exists; a partly written unit is recomputed whole, so that its trials are always
 * trained in the same company (the batched engine's float32 rounding depends on it).
 */
import { layerSizes } from '@spectral-ts/spectral';
import { assertSafeId } from '@spectral-ts/results';
import type { ResolvedConfig } from './config/resolve';
import { pointConfig, resolveSweep, sweepPoints, type SweepPoint } from './config/sweep';
import { classesOf, sourceCount } from './data-source';
import { studentFor, type ConfigLayer } from './student-for';

/** One unit of work. */
export interface UnitSpec {
  /** e.g. 't0-spectral-n200-trials0-2' or 't0-direct-n40-trial3'. */
  id: string;
  teacherIndex: number;
  variant: string;
  hidden: number;
  /** Trial indices, ascending and contiguous. */
  trials: number[];
  /** The ids of the trial records it produces, in `trials` order. */
  trialIds: string[];
  /** The sweep point the unit belongs to (config/sweep), absent without a sweep. */
  point?: SweepPoint;
}

/** The id of a trial record: t<teacher>-<variant>-n<N1>-trial<t> (results/types TrialRecord.id). */
export function trialId(teacherIndex: number, variant: string, hidden: number, trial: number, point?: string): string {
  return assertSafeId(`t${teacherIndex}-${variant}-n${hidden}-trial${trial}${point ? `-${point}` : ''}`);
}

function unitId(teacherIndex: number, variant: string, hidden: number, trials: number[], point?: string): string {
  const range = trials.length === 1 ? `trial${trials[0]}` : `trials${trials[0]}-${trials[trials.length - 1]}`;
  return assertSafeId(`t${teacherIndex}-${variant}-n${hidden}-${range}${point ? `-${point}` : ''}`);
}

/**
 * Every unit of an experiment, in config order (teacher, N1, variant, trials); with a sweep, point by point, each
 * point's units planned from its own config and their ids ending in the point's id ('-p0').
 */
export function planUnits(config: ResolvedConfig): UnitSpec[] {
  if (config.sweep) return resolveSweep(config).flatMap(({ point, config: at }) => planPointUnits(at, point));
  return planPointUnits(config);
}

/** The config a unit is computed with: its point's when the experiment is a sweep. */
export function unitConfig(config: ResolvedConfig, unit: Pick<UnitSpec, 'point'>): ResolvedConfig {
  return config.sweep && unit.point ? pointConfig(config, unit.point) : config;
}

/** The configs of every point of a sweep (the config itself without one). */
export function pointConfigs(config: ResolvedConfig): ResolvedConfig[] {
  return config.sweep ? sweepPoints(config.sweep).map((p) => pointConfig(config, p)) : [config];
}

function planPointUnits(config: ResolvedConfig, point?: SweepPoint): UnitSpec[] {
  const per = config.execution.trialsPerUnit;
  const units: UnitSpec[] = [];
  // Image data has one source, the data set, as teacher index 0.
  for (let teacherIndex = 0; teacherIndex < sourceCount(config); teacherIndex++) {
    for (const hidden of config.students.hidden) {
      for (const variant of config.students.variants) {
        for (let start = 0; start < config.trials; start += per) {
          const trials = Array.from({ length: Math.min(per, config.trials - start) }, (_, k) => start + k);
          units.push({
            id: unitId(teacherIndex, variant, hidden, trials, point?.id),
            teacherIndex,
            variant,
            hidden,
            trials,
            trialIds: trials.map((t) => trialId(teacherIndex, variant, hidden, t, point?.id)),
            ...(point ? { point } : {}),
          });
        }
      }
    }
  }
  return units;
}

/**
 * Multiply-accumulates per sample of the student a unit trains (the work of a forward pass, and in proportion of a
 * backward pass): inputDim N1 + N1 h_2 + h_2 for the nn teacher's 10 -> N1 -> h_2 -> 1 paper student (method spec §3).
 */
export function studentMacs(
  teacher: { inputDim: number; hidden: readonly number[] },
  hidden: number,
  students: { layers?: readonly ConfigLayer[] } = {},
  classes?: number,
): number {
  const sizes = layerSizes(studentFor(students, teacher, hidden, 0, classes));
  return sizes.slice(1).reduce((sum, width, k) => sum + sizes[k] * width, 0);
}

/**
 * A relative cost estimate: optimiser steps (trials x epochs x ceil(rows / batch)) x rows per step x the student's
 * multiply-accumulates per row. Used only to start the longest units first when several workers share the sweep;
 * it never changes what a unit computes. `teacher` is the unit's teacher, `batchSize` its strategy's.
 */
export function unitCost(
  config: ResolvedConfig,
  unit: UnitSpec,
  batchSize: number,
  teacher: { inputDim: number; hidden: readonly number[] },
): number {
  config = unitConfig(config, unit);
  const rows = Math.floor(config.data.train * (1 - config.data.validationSplit));
  const steps = unit.trials.length * config.training.epochs * Math.ceil(rows / batchSize);
  return steps * Math.min(batchSize, rows) * studentMacs(teacher, unit.hidden, config.students, classesOf(config));
}
