// Shared tsup settings: every package builds CommonJS + ESM + .d.ts for Node 20 from its listed entries.
import { defineConfig, type Options } from 'tsup';

export default function packageBuild(entry: string[] = ['src/index.ts'], overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['cjs', 'esm'],
    dts: true,
    clean: true,
    // No sourcemaps: they were over half of every published tarball; tests and debugging read the TypeScript sources.
    sourcemap: false,
    target: 'node20',
    // Dependencies stay external: the native backend is optional and must be resolved at run time, not bundled.
    skipNodeModulesBundle: true,
    ...overrides,
  });
}
