/**
 * teacher-student/presets/registry: named experiment descriptions. Built-ins are `paper`, `paper-mini` and `quick`;
 * plugins and users add theirs with registerPreset. getPreset returns a copy, so callers may edit it freely.
 */
import { fail } from '../errors';
import { PAPER_MINI_PRESET, PAPER_PRESET, QUICK_PRESET } from './builtin-presets';
import { validateExperiment, type ExperimentDescription } from './experiment-description';

/** A preset as listPresets reports it. */
export interface PresetInfo {
  name: string;
  description: string;
}

const presets = new Map<string, ExperimentDescription>(
  [PAPER_PRESET, PAPER_MINI_PRESET, QUICK_PRESET].map((p) => [p.name, structuredClone(p)] as const),
);

/** Adds a preset under its `name` (validated first). Throws if the name exists, unless `options.replace`. */
export function registerPreset(preset: ExperimentDescription, options: { replace?: boolean } = {}): void {
  validateExperiment(preset);
  if (presets.has(preset.name) && !options.replace) {
    fail(
      'registerPreset',
      `a preset named '${preset.name}' is already registered (rename it, or pass { replace: true })`,
    );
  }
  presets.set(preset.name, structuredClone(preset));
}

/** Removes a preset (mainly for tests). Returns whether it existed. */
export function unregisterPreset(name: string): boolean {
  return presets.delete(name);
}

/** A copy of the preset named `name`. */
export function getPreset(name: string): ExperimentDescription {
  const p = presets.get(name);
  if (!p)
    fail('getPreset', `no preset named ${JSON.stringify(name)} (known presets: ${[...presets.keys()].join(', ')})`);
  return structuredClone(p);
}

/** The registered presets, in registration order. */
export function listPresets(): PresetInfo[] {
  return [...presets.values()].map((p) => ({ name: p.name, description: p.description }));
}
