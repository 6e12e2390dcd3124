/**
 * training/wasm-relaxed-kernel: the wasm-simd kernel built with relaxed SIMD's fused multiply-add
 * (src/generated/kernel-relaxed-wasm.ts, rewritten from wasm/kernel.wat by scripts/build-wasm.js), where the runtime
 * has relaxed SIMD. Node 22 has it on by default; Node 20 has it behind a V8 flag, which is set here before the module
 * is compiled (it holds in worker threads too; NODE_OPTIONS refuses it). A relaxed multiply-add may round once
 * (fused) or twice depending on the CPU, so its results are reproducible on one machine but not bit for bit across
 * machines: SPECTRAL_WASM_RELAXED=off keeps the deterministic module, which the golden tests use.
 */
import { KERNEL_RELAXED_WASM_BASE64 } from './generated/kernel-relaxed-wasm';
import { decodeBase64 } from './base64';

/** Node's own modules where this runs in Node (no import of them, so that the package bundles for browsers). */
interface NodeProcess {
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}
const nodeProcess = (globalThis as unknown as { process?: NodeProcess }).process;

interface WasmValidator {
  validate(bytes: Uint8Array): boolean;
}

let relaxedBytes: Uint8Array | null | undefined;

/** The relaxed kernel's bytes when this runtime validates them (after enabling the Node 20 flag), else null. */
export function relaxedKernelBytes(): Uint8Array | null {
  if (relaxedBytes === undefined) {
    const api = (globalThis as unknown as { WebAssembly?: WasmValidator }).WebAssembly;
    const bytes = decodeBase64(KERNEL_RELAXED_WASM_BASE64);
    if (api && !api.validate(bytes)) {
      try {
        const v8 = nodeProcess?.getBuiltinModule?.('v8') as { setFlagsFromString(flag: string): void } | undefined;
        v8?.setFlagsFromString('--experimental-wasm-relaxed-simd');
      } catch {
        // A runtime without the flag simply keeps the deterministic module.
      }
    }
    relaxedBytes = api && api.validate(bytes) ? bytes : null;
  }
  return relaxedBytes;
}

/** Whether the wasm-simd engine runs the relaxed kernel: the runtime has relaxed SIMD and it is not switched off. */
export function wasmRelaxedSimd(): boolean {
  const setting = nodeProcess?.env?.SPECTRAL_WASM_RELAXED;
  return setting !== 'off' && setting !== '0' && relaxedKernelBytes() !== null;
}
