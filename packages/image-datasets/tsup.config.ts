import packageBuild from '../../tsup.base';

// The ESM build gets a `require` (the loader resolves the data packages' files with require.resolve), which Node
// only defines in CommonJS.
export default packageBuild(['src/index.ts'], {
  banner: ({ format }) =>
    format === 'esm'
      ? { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" }
      : {},
});
