// The committed wasm kernel (src/generated/kernel-wasm.ts) is the compilation of wasm/kernel.wat, and trainTrials
// falls back to typed arrays where the kernel does not reach.
import { KERNEL_WASM_BASE64 } from '../src/generated/kernel-wasm';
import { trainTrials } from '../src';
import { randomStudent, teacherData } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compileKernel, generatedSource } = require('../scripts/build-wasm.js');

describe('generated wasm kernel', () => {
  it('is in sync with wasm/kernel.wat (rebuilt in memory with wabt)', async () => {
    const bytes: Buffer = await compileKernel();
    expect(Buffer.from(KERNEL_WASM_BASE64, 'base64').equals(bytes)).toBe(true);
    expect(generatedSource(bytes)).toContain(KERNEL_WASM_BASE64.slice(0, 100));
  });

  it('a network with tanh trains on the typed-array engine when wasm-simd is asked for', async () => {
    const net = randomStudent(3, 4, 6, 3);
    const tanhNet = { ...net, layers: net.layers.map((l, k) => (k === 0 ? { ...l, activation: 'tanh' as const } : l)) };
    const result = await trainTrials({
      trials: [{ initial: tanhNet, train: teacherData(1, 20, 4), shuffleSeed: 1 }],
      strategy: 'spectral',
      epochs: 1,
      engine: 'wasm-simd',
    });
    expect(result.engine).toBe('typed-array');
    expect(result.trials[0].status).toBe('ok');
  });
});
