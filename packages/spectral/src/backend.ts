/**
 * spectral/backend: chooses and initialises the tfjs backend in one place.
 *
 * 'tensorflow' is the native backend of @tensorflow/tfjs-node (an optionalDependency: its installer downloads
 * libtensorflow, which fails on air-gapped machines; `npm run setup:native` builds it offline), 'wasm' is
 * @tensorflow/tfjs-backend-wasm (the portable fallback), 'cpu' is tfjs's pure-JS backend. 'auto' takes the native
 * backend when it loads and wasm otherwise.
 */
import * as tf from '@tensorflow/tfjs';
import { fail } from './errors';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

// A variable, not a literal, so that type-checking and bundling do not require the optional package to be present.
const NATIVE_PACKAGE = '@tensorflow/tfjs-node';

const loaded = new Set<BackendName>();

function isMissingModule(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return (
    code === 'MODULE_NOT_FOUND' ||
    code === 'ERR_MODULE_NOT_FOUND' ||
    /Cannot find module|tfjs_binding/.test(String((err as Error).message))
  );
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/**
 * Loads a backend's package so that it registers with tfjs; resolves to false when the package is not installed.
 * Dynamic import (not require) so that the same code works in the CommonJS and the ESM builds.
 */
async function loadBackendPackage(name: BackendName): Promise<boolean> {
  if (name === 'cpu' || loaded.has(name)) return true;
  try {
    if (name === 'tensorflow') {
      // The native backend is a Node addon: in a browser 'auto' goes straight to wasm.
      if (!isNode()) return false;
      // Silence libtensorflow's C++ logging unless the user asked for it.
      process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
      await import(NATIVE_PACKAGE);
    } else {
      await import('@tensorflow/tfjs-backend-wasm');
    }
  } catch (err) {
    if (isMissingModule(err)) return false;
    throw err;
  }
  loaded.add(name);
  return true;
}

/** True when the backend's package is installed and loads in this process. */
export async function isBackendAvailable(name: BackendName): Promise<boolean> {
  return loadBackendPackage(name);
}

/** The backends that load in this process, fastest first. */
export async function availableBackends(): Promise<BackendName[]> {
  const out: BackendName[] = [];
  for (const name of ['tensorflow', 'wasm', 'cpu'] as BackendName[]) if (await isBackendAvailable(name)) out.push(name);
  return out;
}

/** Resolves 'auto' to the backend it would pick (loading backend packages, not switching to them). */
export async function resolveBackend(choice: BackendChoice = 'auto'): Promise<BackendName> {
  if (!BACKEND_CHOICES.includes(choice)) {
    fail('selectBackend', `unknown backend '${String(choice)}' (use one of ${BACKEND_CHOICES.join(', ')})`);
  }
  if (choice === 'auto') {
    if (await isBackendAvailable('tensorflow')) return 'tensorflow';
    return (await isBackendAvailable('wasm')) ? 'wasm' : 'cpu';
  }
  if (!(await isBackendAvailable(choice))) {
    if (choice === 'tensorflow') {
      fail(
        'selectBackend',
        "the native backend '@tensorflow/tfjs-node' is not installed (it is optional: its installer downloads " +
          'libtensorflow. On a machine without that download run `npm run setup:native` from the repository root, ' +
          'or choose the wasm backend)',
      );
    }
    fail(
      'selectBackend',
      `the '${choice}' backend is not installed (run npm install @tensorflow/tfjs-backend-${choice})`,
    );
  }
  return choice;
}

/**
 * Switches tfjs to the chosen backend and waits until it is ready. Returns the name of the backend in use.
 * Also turns on production mode (no per-op NaN checks, no "use tfjs-node" banner).
 */
export async function selectBackend(choice: BackendChoice = 'auto'): Promise<BackendName> {
  const name = await resolveBackend(choice);
  tf.enableProdMode();
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) fail('selectBackend', `the '${name}' backend failed to initialise`);
  }
  await tf.ready();
  return name;
}

/** The backend tfjs is using now. */
export function currentBackend(): string {
  return tf.getBackend();
}
