import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/main.ts'],
  format: ['cjs', 'esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Dependencies stay external: the native backend is optional and must be resolved at run time, not bundled.
  skipNodeModulesBundle: true,
});
