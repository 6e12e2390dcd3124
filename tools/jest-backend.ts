// Runs every test file on the backend named by SPECTRAL_BACKEND (auto, tensorflow, wasm or cpu; default auto),
// so that CI can run the same suites on each backend.
import { selectBackend, type BackendChoice } from '../packages/spectral/src/backend';

beforeAll(async () => {
  await selectBackend((process.env.SPECTRAL_BACKEND ?? 'auto') as BackendChoice);
});
