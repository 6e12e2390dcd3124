/**
 * plugin-example: a spectral-ts plugin. It adds
 *   - a teacher kind 'wide-relu': a frozen one-hidden-layer ReLU teacher x -> h_T -> 1 (all-ones output), so that a
 *     sweep over `teachers:` can vary h_T without the paper's second hidden layer, and
 *   - a pruning ranking 'eigenvector-norm': ||phi_:,i|| * sqrt(N1), the rescaled eigenvalue with the eigenvalue left
 *     out (a control: how much of the ranking's power comes from lambda).
 *
 * Use it from a config (`plugins: [./plugin-example.js]`, relative to the config file) or the command line
 * (`spectral run --plugin apps/cli/examples/plugin-example.js ...`). A plugin exports register(registries); the CLI
 * calls it with the register functions and the packages it uses, so the plugin needs no imports of its own and
 * registers into exactly the instances the run uses (worker threads load it again for themselves).
 */
'use strict';

function register(registries) {
  const { teacherStudent, spectral } = registries.packages;

  class WideReluTeacher {
    constructor(config) {
      const known = ['kind', 'inputDim', 'size', 'seed'];
      for (const key of Object.keys(config)) {
        if (!known.includes(key))
          throw new Error(`plugin-example/wide-relu: unknown field '${key}' (use ${known.join(', ')})`);
      }
      const inputDim = config.inputDim ?? 10;
      const size = config.size ?? 20;
      const seed = config.seed ?? 0;
      for (const [field, v] of [
        ['inputDim', inputDim],
        ['size', size],
      ]) {
        if (!Number.isInteger(v) || v <= 0)
          throw new Error(`plugin-example/wide-relu: ${field} must be a positive integer, got ${JSON.stringify(v)}`);
      }
      this.kind = 'wide-relu';
      this.inputDim = inputDim;
      this.size = size;
      this.hidden = [size];
      this.config = { kind: 'wide-relu', inputDim, size, seed };
      // The same frozen chain the nn teacher uses, with a single hidden layer.
      this.network = teacherStudent.buildTeacherNetwork(inputDim, [size], seed);
    }
    sample(rows, rng) {
      const x = teacherStudent.gaussianInputs(rows, this.inputDim, rng);
      const y = Float32Array.from(spectral.forward(this.network, x, rows));
      return { inputDim: this.inputDim, rows, x, y };
    }
    describe() {
      return { ...this.config };
    }
  }

  registries.registerTeacher(
    'wide-relu',
    {
      description: 'Frozen one-hidden-layer ReLU teacher x -> h_T -> 1 (plugin example).',
      defaults: { kind: 'wide-relu', inputDim: 10, size: 20, seed: 0 },
      create: (config) => new WideReluTeacher(config),
    },
    { replace: true },
  );

  registries.registerRanking(
    {
      name: 'eigenvector-norm',
      description:
        '||phi_:,i|| * sqrt(N1): the rescaled eigenvalue without its eigenvalue (plugin example, a control).',
      score(net, layerIndex) {
        const layer = net.layers[layerIndex];
        if (!layer || layer.kind !== 'spectral')
          throw new Error(`plugin-example/eigenvector-norm: layer ${layerIndex} is not a spectral layer`);
        const units = layer.lambdaOut.length;
        const scores = new Array(units).fill(0);
        for (const row of layer.phi) for (let i = 0; i < units; i++) scores[i] += row[i] * row[i];
        return scores.map((s) => Math.sqrt(s) * Math.sqrt(units));
      },
    },
    { replace: true },
  );
}

module.exports = { register };
