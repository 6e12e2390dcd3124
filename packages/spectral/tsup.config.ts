import packageBuild from '../../tsup.base';

// Two entries, one copy of SpectralDense: splitting (also for CJS) keeps the shared modules in one chunk, so the
// layer class that ./node registers for loading is the class the main entry exports.
export default packageBuild(['src/index.ts', 'src/node.ts'], { splitting: true });
