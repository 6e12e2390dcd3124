import packageBuild from '../../tsup.base';

// shims: the ESM build finds the addon next to the package through __dirname as the CommonJS build does. No code
// splitting: a chunk shared by both entries would carry that shim's path/url imports into the browser entry.
export default packageBuild(['src/index.ts', 'src/browser.ts'], { shims: true, splitting: false });
