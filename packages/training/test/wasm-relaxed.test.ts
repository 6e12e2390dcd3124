// The relaxed-FMA build of the wasm kernel: in sync with wasm/kernel.wat, every product accumulation rewritten,
// gradients equal to tf autodiff, the golden trajectory reproduced, and the deterministic module when switched off.
import * as fs from 'fs';
import { KERNEL_RELAXED_WASM_BASE64 } from '../src/generated/kernel-relaxed-wasm';
import { autodiffGradient, buildTrainingPlan, packNetwork, spectralStrategy, trainTrials } from '../src';
import { relaxedKernelBytes, wasmRelaxedSimd } from '../src/wasm-relaxed-kernel';
import { WasmSimdNetwork } from '../src/wasm-simd-network';
import { goldenDataset, goldenOrder, loadGolden, maxRelErr, paperStudent, randomStudent, teacherData } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compileRelaxedKernel, generatedRelaxedSource, relaxedText, WAT } = require('../scripts/build-wasm.js');

const available = relaxedKernelBytes() !== null;
if (!available) console.log('relaxed wasm SIMD tests skipped: this runtime has no relaxed SIMD (Node >= 20 has it)');
const maybe = available ? it : it.skip;

describe('relaxed-FMA wasm kernel', () => {
  it('is in sync with wasm/kernel.wat and fuses every accumulation of a product', async () => {
    const bytes: Buffer = await compileRelaxedKernel();
    expect(Buffer.from(KERNEL_RELAXED_WASM_BASE64, 'base64').equals(bytes)).toBe(true);
    expect(generatedRelaxedSource(bytes)).toContain(KERNEL_RELAXED_WASM_BASE64.slice(0, 100));
    const { text, count } = relaxedText(fs.readFileSync(WAT, 'utf8'));
    expect(count).toBeGreaterThanOrEqual(19);
    expect(text).not.toMatch(/\(f32x4\.add \(local\.get \$\w+\)\s+\(f32x4\.mul/);
    expect(relaxedText('(f32x4.add (local.get $s) (f32x4.mul (local.get $a) (v128.load (local.get $p))))').text).toBe(
      '(f32x4.relaxed_madd (local.get $a) (v128.load (local.get $p)) (local.get $s))',
    );
  });

  maybe('is what the wasm-simd engine runs unless SPECTRAL_WASM_RELAXED=off', () => {
    const net = randomStudent(1, 10, 12, 6);
    const plan = buildTrainingPlan(net, spectralStrategy(), [2]);
    const data = teacherData(2, 40);
    expect(wasmRelaxedSimd()).toBe(true);
    expect(new WasmSimdNetwork(plan, 40, packNetwork(plan, net), data).relaxed).toBe(true);
    process.env.SPECTRAL_WASM_RELAXED = 'off';
    try {
      expect(new WasmSimdNetwork(plan, 40, packNetwork(plan, net), data).relaxed).toBe(false);
    } finally {
      delete process.env.SPECTRAL_WASM_RELAXED;
    }
  });

  maybe('gives the tf autodiff gradient to 1e-4', () => {
    const net = randomStudent(11, 10, 40, 20);
    const plan = buildTrainingPlan(net, spectralStrategy(), [2]);
    const full = packNetwork(plan, net);
    const data = teacherData(9, 37);
    const reference = autodiffGradient(plan, full, data.x, data.y, data.rows);
    const wasm = new WasmSimdNetwork(plan, data.rows, full, data, undefined, true);
    wasm.setOrder(Array.from({ length: data.rows }, (_, r) => r));
    const sse = wasm.lossGradient(0, data.rows);
    expect(Math.abs(sse / data.rows - reference.mse) / reference.mse).toBeLessThan(1e-5);
    const scale = Math.max(...reference.grad.map(Math.abs));
    expect(maxRelErr(wasm.gradient(), reference.grad, 1e-2 * scale)).toBeLessThan(1e-4);
  });

  maybe('reproduces the golden spectral trajectory to 1e-4 at every step', async () => {
    const golden = loadGolden();
    const run = golden.runs.find((r) => r.variant === 'spectral')!;
    const result = await trainTrials({
      trials: [
        {
          initial: paperStudent(golden.init.phi, golden.init.lambdaOut, golden.init.secondKernel),
          train: goldenDataset(golden),
          shuffleSeed: 0,
        },
      ],
      strategy: 'spectral',
      strategyOptions: { batchSize: golden.shapes.batchSize },
      epochs: golden.shapes.steps / (golden.shapes.rows / golden.shapes.batchSize),
      engine: 'wasm-simd',
      recordSteps: true,
      batchOrder: goldenOrder(golden),
    });
    const steps = result.trials[0].stepLosses!;
    expect(
      maxRelErr(
        steps.map((s) => s.loss),
        run.steps.map((s) => s.loss),
      ),
    ).toBeLessThan(1e-4);
  });
});
