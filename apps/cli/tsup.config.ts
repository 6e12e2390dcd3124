import packageBuild from '../../tsup.base';

// shims: __dirname in the ESM build too (the worker pool finds worker.js next to the entry).
export default packageBuild(['src/index.ts', 'src/main.ts', 'src/worker.ts'], { shims: true });
