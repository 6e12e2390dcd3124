/**
 * training/training-plan: turns (strategy, network architecture, frozen layers) into the layout every engine runs
 * on: one full parameter vector per trial whose trained groups occupy the leading [0, trainedSize) entries, the
 * per-entry L2 coefficients, and one 0/1 update mask per schedule phase.
 */
import { layerInputDim, layerUnits, type Activation, type NetworkWeights } from '@spectral-ts/spectral';
import { groupsOfLayer, readGroup, writeGroup, type FlatGroup, type ParameterGroupName } from './parameter-groups';
import type { LossName } from './loss';
import type { TrainingStrategy } from './strategy';
import { fail } from './errors';

/** What an engine needs to know about one layer. */
export interface PlanLayer {
  kind: 'spectral' | 'dense';
  activation: Activation;
  inDim: number;
  units: number;
  /** Node mask of a spectral layer (multiplies lambdaOut), null when absent. */
  mask: Float64Array | null;
  /** The layer's groups, by name (bias only when the layer has one). */
  groups: Partial<Record<ParameterGroupName, FlatGroup & { trained: boolean }>>;
  /** True when at least one group of this layer trains. */
  trains: boolean;
}

export interface TrainingPlan {
  inputDim: number;
  layers: PlanLayer[];
  /** Every group, trained ones first (offsets [0, trainedSize)), then the frozen ones. */
  groups: (FlatGroup & { trained: boolean })[];
  trainedSize: number;
  fullSize: number;
  /**
   * L2 coefficient c of every entry of the full vector (loss term c x^2), trained and frozen alike: a frozen
   * regularised entry adds the constant c x^2 to the loss and gets no gradient (method spec §1, "Direct variant": the
   * Keras rule SpectralDense follows). Gradients and Adam use the leading [0, trainedSize) entries only.
   */
  l2: Float64Array;
  /** Phase names of the schedule, or ['all'] without one. */
  phases: string[];
  /** 0/1 update mask of every trained entry, per phase. */
  phaseMasks: Float64Array[];
  /** Index into phases for a 0-based optimiser step. */
  phaseIndexAt(step: number): number;
  /** True when some trained entry is not updated in some phase. */
  masked: boolean;
}

/**
 * Builds the plan of a network for a strategy; every trial of a group must share the architecture. The loss decides
 * the output the network must end in: one unit for 'mse', a linear layer of C >= 2 logits for cross-entropy.
 */
export function buildTrainingPlan(
  net: NetworkWeights,
  strategy: TrainingStrategy,
  frozenLayers: readonly number[],
  loss: LossName = 'mse',
): TrainingPlan {
  const frozen = new Set(frozenLayers);
  for (const k of frozen) {
    if (!Number.isInteger(k) || k < 0 || k >= net.layers.length)
      fail(
        'buildTrainingPlan',
        `frozen layer index ${k} is outside 0..${net.layers.length - 1} (list layer indices of this network)`,
      );
  }
  const all: (FlatGroup & { trained: boolean })[] = [];
  const layers: PlanLayer[] = net.layers.map((layer, layerIndex) => {
    const planLayer: PlanLayer = {
      kind: layer.kind,
      activation: layer.activation,
      inDim: layerInputDim(layer),
      units: layerUnits(layer),
      mask: layer.kind === 'spectral' && layer.mask ? Float64Array.from(layer.mask) : null,
      groups: {},
      trains: false,
    };
    for (const { name, shape } of groupsOfLayer(layer)) {
      const ref = { layerIndex, layerKind: layer.kind, name, layerFrozen: frozen.has(layerIndex) };
      const trained = !ref.layerFrozen && strategy.trainable(ref);
      const g = { ...ref, shape, size: shape.reduce((a, b) => a * b, 1), offset: -1, trained };
      planLayer.groups[name] = g;
      planLayer.trains ||= trained;
      all.push(g);
    }
    return planLayer;
  });
  const last = layers[layers.length - 1];
  if (loss === 'softmax-cross-entropy') {
    if (!last || last.units < 2 || last.activation !== 'linear')
      fail(
        'buildTrainingPlan',
        `softmax-cross-entropy needs a network ending in a linear layer of C >= 2 logits, got ` +
          `${last?.units ?? 0} ${last?.activation ?? ''} unit(s) ` +
          `(end the network in a linear layer of one unit per class)`,
      );
  } else if (!last || last.units !== 1)
    fail(
      'buildTrainingPlan',
      `the network must end in a single output unit (scalar regression, method spec §2), got ${last?.units ?? 0} (end the network in a 1-unit layer)`,
    );
  const groups = [...all.filter((g) => g.trained), ...all.filter((g) => !g.trained)];
  let offset = 0;
  for (const g of groups) {
    g.offset = offset;
    offset += g.size;
  }
  const trainedSize = groups.filter((g) => g.trained).reduce((a, g) => a + g.size, 0);
  if (trainedSize === 0)
    fail(
      'buildTrainingPlan',
      `strategy '${strategy.name}' trains no parameter of this network (check the frozen layers)`,
    );
  const l2 = new Float64Array(offset);
  for (const g of groups) {
    const c = strategy.l2(g);
    if (!(c >= 0) || !Number.isFinite(c))
      fail(
        'buildTrainingPlan',
        `strategy '${strategy.name}' gives L2 ${c} for ${g.name} of layer ${g.layerIndex} (its l2() must return a finite number >= 0)`,
      );
    l2.fill(c, g.offset, g.offset + g.size);
  }
  const schedule = strategy.schedule;
  const phases = schedule ? [...schedule.phases] : ['all'];
  const phaseMasks = phases.map((phase) => {
    const m = new Float64Array(trainedSize);
    for (const g of groups)
      if (g.trained && (!schedule || schedule.applies(phase, g))) m.fill(1, g.offset, g.offset + g.size);
    return m;
  });
  const masked = phaseMasks.some((m) => m.some((v) => v === 0));
  const phaseIndexAt = schedule
    ? (step: number) => {
        const i = phases.indexOf(schedule.phaseAt(step));
        if (i < 0)
          fail(
            'phaseAt',
            `strategy '${strategy.name}' returned an unknown phase for step ${step} (phaseAt must return one of schedule.phases)`,
          );
        return i;
      }
    : () => 0;
  return {
    inputDim: net.inputDim,
    layers,
    groups,
    trainedSize,
    fullSize: offset,
    l2,
    phases,
    phaseMasks,
    phaseIndexAt,
    masked,
  };
}

/** Checks that a network has exactly the architecture a plan was built for. */
export function assertSameArchitecture(plan: TrainingPlan, net: NetworkWeights, label: string): void {
  const bad = (what: string) =>
    fail(
      'trainTrials',
      `${label} differs from trial 0 in ${what} (every trial of a group must share the architecture)`,
    );
  if (net.inputDim !== plan.inputDim || net.layers.length !== plan.layers.length) bad('input size or depth');
  net.layers.forEach((layer, k) => {
    const p = plan.layers[k];
    if (
      layer.kind !== p.kind ||
      layer.activation !== p.activation ||
      layerInputDim(layer) !== p.inDim ||
      layerUnits(layer) !== p.units
    )
      bad(`layer ${k}`);
    if (!!layer.bias !== !!p.groups.bias) bad(`the bias of layer ${k}`);
    const mask = layer.kind === 'spectral' ? layer.mask : undefined;
    if (!!mask !== !!p.mask || (mask && p.mask && mask.some((v, i) => v !== p.mask![i]))) bad(`the mask of layer ${k}`);
  });
}

/** The full parameter vector of a network in the plan's layout. */
export function packNetwork(plan: TrainingPlan, net: NetworkWeights): Float64Array {
  const out = new Float64Array(plan.fullSize);
  for (const g of plan.groups) out.set(readGroup(net.layers[g.layerIndex], g.name), g.offset);
  return out;
}

/** A copy of `template` holding the parameters of a full vector. */
export function unpackNetwork(plan: TrainingPlan, template: NetworkWeights, full: ArrayLike<number>): NetworkWeights {
  const net = structuredClone(template);
  for (const g of plan.groups) writeGroup(net.layers[g.layerIndex], g.name, g.shape, full, g.offset);
  return net;
}

/** L2 penalty sum c x^2 over every entry of a full vector, trained and frozen (float64, method spec §1). */
export function l2Penalty(plan: TrainingPlan, full: ArrayLike<number>): number {
  return trainedL2Penalty(plan, full) + frozenL2Penalty(plan, full);
}

/** The part of l2Penalty from the trained entries [0, trainedSize) (the part with a gradient). */
export function trainedL2Penalty(plan: TrainingPlan, trained: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < plan.trainedSize; i++) s += plan.l2[i] * trained[i] * trained[i];
  return s;
}

/** The constant part of l2Penalty: the frozen entries [trainedSize, fullSize) of a full vector. */
export function frozenL2Penalty(plan: TrainingPlan, full: ArrayLike<number>): number {
  let s = 0;
  for (let i = plan.trainedSize; i < plan.fullSize; i++) s += plan.l2[i] * full[i] * full[i];
  return s;
}
