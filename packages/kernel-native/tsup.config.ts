import packageBuild from '../../tsup.base';

// shims: the ESM build finds the addon next to the package through __dirname as the CommonJS build does.
export default packageBuild(['src/index.ts'], { shims: true });
