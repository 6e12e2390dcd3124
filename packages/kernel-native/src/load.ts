/**
 * kernel-native/load: loads the compiled addon once per process (or thread) and picks its instruction set. Never
 * throws: an addon that was not built, or one disabled by SPECTRAL_NATIVE_KERNEL=off, gives null and a reason.
 */
import { createRequire } from 'module';
import * as path from 'path';
import type { NativeIsa, NativeKernel, NativeKernelStatus, NativeTrainer, NativeTrainerSpec } from './types';

import { NATIVE_ISAS } from './isas';

export { NATIVE_ISAS };

interface Addon {
  Trainer: new (spec: NativeTrainerSpec, params: Float32Array, isa: string) => NativeTrainer;
  bestIsa(): NativeIsa;
  isaAvailable(isa: string): boolean;
}

/** Where scripts/build-addon.js leaves the addon (src/ and dist/ both sit one level under the package). */
const ADDON_PATH = path.join(__dirname, '..', 'native', 'build', 'Release', 'spectral_kernel.node');

let loaded: { kernel: NativeKernel | null; status: NativeKernelStatus } | undefined;

function load(): { kernel: NativeKernel | null; status: NativeKernelStatus } {
  const switchValue = process.env.SPECTRAL_NATIVE_KERNEL;
  if (switchValue === 'off' || switchValue === '0') {
    return { kernel: null, status: { loaded: false, reason: `disabled by SPECTRAL_NATIVE_KERNEL=${switchValue}` } };
  }
  let addon: Addon;
  try {
    addon = createRequire(ADDON_PATH)(ADDON_PATH) as Addon;
  } catch (err) {
    const why = (err as Error).message.split('\n')[0];
    const reason = /Cannot find module/.test(why)
      ? 'the addon is not built (npm run build compiles it with node-gyp)'
      : why;
    return { kernel: null, status: { loaded: false, reason } };
  }
  const forced = process.env.SPECTRAL_NATIVE_ISA;
  let isa = addon.bestIsa();
  if (forced) {
    if (!NATIVE_ISAS.includes(forced as NativeIsa) || !addon.isaAvailable(forced)) {
      const usable = NATIVE_ISAS.filter((i) => addon.isaAvailable(i)).join(', ');
      const reason = `SPECTRAL_NATIVE_ISA=${forced} is not an instruction set this CPU runs (use one of ${usable})`;
      return { kernel: null, status: { loaded: false, reason } };
    }
    isa = forced as NativeIsa;
  }
  const kernel: NativeKernel = {
    isa,
    isaAvailable: (i) => NATIVE_ISAS.includes(i) && addon.isaAvailable(i),
    createTrainer: (spec, params, which = isa) => new addon.Trainer(spec, params, which),
  };
  return { kernel, status: { loaded: true, isa } };
}

/** The addon, or null when it is not built, disabled, or SPECTRAL_NATIVE_ISA names an unusable instruction set. */
export function loadNativeKernel(): NativeKernel | null {
  loaded ??= load();
  return loaded.kernel;
}

/** Whether the addon loaded, and with which instruction set, or why not (one line). */
export function nativeKernelStatus(): NativeKernelStatus {
  loaded ??= load();
  return loaded.status;
}
