// The hand-written gradients (typed-array kernels, the wasm SIMD kernel and the batched tensor program) equal plain tfjs autodiff
// (tf.variableGrads on a straightforward single-trial implementation), on the paper's student and on a deeper chain
// with masks, biases, several spectral layers, sigmoid/tanh and a trained lambdaIn.
import * as tf from '@tensorflow/tfjs';
import type { NetworkWeights } from '@spectral-ts/spectral';
import { createRng } from '@spectral-ts/teacher-student';
import {
  autodiffGradient,
  buildTrainingPlan,
  packNetwork,
  spectralStrategy,
  TypedArrayNetwork,
  type TrainingStrategy,
} from '../src';
import { BatchedProgram } from '../src/batched-engine';
import { WasmSimdNetwork, wasmSimdSupports } from '../src/wasm-simd-network';
import { deepNet, deepReluNet, maxRelErr, randomStudent, teacherData, trainEverything } from './helpers';

const cases: [string, NetworkWeights, TrainingStrategy, number[]][] = [
  ['paper student, spectral strategy', randomStudent(11, 10, 12, 6), spectralStrategy(), [2]],
  ['deep chain, every parameter trained', deepNet(5), trainEverything, []],
  ['deep relu/linear chain, every parameter trained', deepReluNet(6), trainEverything, []],
];

describe.each(cases)('%s', (_name, net, strategy, frozen) => {
  const plan = buildTrainingPlan(net, strategy, frozen);
  const full = packNetwork(plan, net);
  const data = teacherData(9, 37, net.inputDim);

  it('typed-array gradient equals tf autodiff to 1e-4', () => {
    const reference = autodiffGradient(plan, full, data.x, data.y, data.rows);
    const net2 = new TypedArrayNetwork(plan, data.rows);
    net2.loadParameters(full);
    net2.copyInput(data.x, 0, data.rows);
    const grad = new Float64Array(plan.trainedSize);
    const sse = net2.lossGradient(full, data.y, null, 0, data.rows, grad);
    expect(Math.abs(sse / data.rows - reference.mse) / reference.mse).toBeLessThan(1e-5);
    const scale = Math.max(...reference.grad.map(Math.abs));
    expect(maxRelErr(grad, reference.grad, 1e-2 * scale)).toBeLessThan(1e-4);
  });

  it('wasm SIMD kernel gradient equals tf autodiff to 1e-4 (or the plan is outside its scope)', () => {
    const hasOther = net.layers.some((l) => l.activation !== 'relu' && l.activation !== 'linear');
    expect(wasmSimdSupports(plan)).toBe(!hasOther);
    if (hasOther) {
      expect(() => new WasmSimdNetwork(plan, data.rows, full, data)).toThrow(/only relu and linear/);
      return;
    }
    const reference = autodiffGradient(plan, full, data.x, data.y, data.rows);
    const wasm = new WasmSimdNetwork(plan, data.rows, full, data);
    wasm.setOrder(Array.from({ length: data.rows }, (_, r) => r));
    const sse = wasm.lossGradient(0, data.rows);
    expect(Math.abs(sse / data.rows - reference.mse) / reference.mse).toBeLessThan(1e-5);
    const scale = Math.max(...reference.grad.map(Math.abs));
    expect(maxRelErr(wasm.gradient(), reference.grad, 1e-2 * scale)).toBeLessThan(1e-4);
    // A shuffled order gathers the same rows: the same gradient up to float32 summation order.
    const perm = Array.from({ length: data.rows }, (_, r) => (r * 7) % data.rows);
    wasm.setOrder(perm);
    wasm.lossGradient(0, data.rows);
    expect(maxRelErr(wasm.gradient(), reference.grad, 1e-2 * scale)).toBeLessThan(1e-4);
  });

  // native: TensorFlow's own ops on the 'tensorflow' backend (falls back to the tfjs API on other backends).
  it.each([true, false])(
    'batched tensor program gradient equals tf autodiff per trial to 1e-4 (native ops %s)',
    (native) => {
      const other = Float64Array.from(full, (v, i) => (i < plan.trainedSize ? v * 0.9 + 0.01 : v));
      const program = new BatchedProgram(plan, [full, other], { native });
      expect(program.ops.name).toBe(native && tf.getBackend() === 'tensorflow' ? 'native' : 'tfjs');
      const second = teacherData(10, 37, net.inputDim);
      const { grad, sse } = tf.tidy(() => {
        const P = program.trainedTensor([full, other]);
        const x = tf.tensor3d(Float32Array.from([...data.x, ...second.x]), [2, data.rows, net.inputDim]);
        const y = tf.tensor3d(Float32Array.from([...data.y, ...second.y]), [2, data.rows, 1]);
        return program.lossGradient(P, x, y);
      });
      const g = grad.arraySync() as number[][];
      const s = Array.from(sse.dataSync());
      tf.dispose([grad, sse]);
      program.dispose();
      [
        [full, data, 0],
        [other, second, 1],
      ].forEach(([params, d, t]) => {
        const ref = autodiffGradient(
          plan,
          params as Float64Array,
          (d as typeof data).x,
          (d as typeof data).y,
          data.rows,
        );
        const scale = Math.max(...ref.grad.map(Math.abs));
        expect(maxRelErr(g[t as number], ref.grad, 1e-2 * scale)).toBeLessThan(1e-4);
        expect(Math.abs(s[t as number] / data.rows - ref.mse) / ref.mse).toBeLessThan(1e-4);
      });
    },
  );

  it('the typed-array gradient matches central finite differences of the float64 loss', () => {
    const n2 = new TypedArrayNetwork(plan, data.rows);
    const loss = (p: Float64Array) => {
      n2.loadParameters(p);
      return n2.sumSquaredError(p, data.x, data.y, data.rows) / data.rows;
    };
    n2.loadParameters(full);
    n2.copyInput(data.x, 0, data.rows);
    const grad = new Float64Array(plan.trainedSize);
    n2.lossGradient(full, data.y, null, 0, data.rows, grad);
    const rng = createRng(3);
    for (let k = 0; k < 12; k++) {
      const i = rng.int(plan.trainedSize);
      const h = 1e-6;
      const p1 = Float64Array.from(full);
      const p2 = Float64Array.from(full);
      p1[i] += h;
      p2[i] -= h;
      const fd = (loss(p1) - loss(p2)) / (2 * h);
      expect(Math.abs(fd - grad[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
    }
  });
});
