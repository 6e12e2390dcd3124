import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/main.ts', 'src/worker.ts'],
  // __dirname in the ESM build too (the pool finds worker.js next to the entry).
  shims: true,
  format: ['cjs', 'esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Dependencies stay external: the native backend is optional and must be resolved at run time, not bundled.
  skipNodeModulesBundle: true,
});
