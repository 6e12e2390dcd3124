#!/usr/bin/env node
/**
 * kernel-native/scripts/build-addon: compiles the addon (native/binding.gyp) with node-gyp into
 * native/build/Release/spectral_kernel.node. Part of the package's `build`, which the root `prepare` runs at
 * `npm install`, because npm 11 no longer runs install scripts by default. Skips the compile when the addon is newer
 * than every source. Never fails the build: where there is no compiler or no Node headers it says so in one line and
 * training uses the wasm-simd engine instead.
 *   node packages/kernel-native/scripts/build-addon.js           (build when stale)
 *   node packages/kernel-native/scripts/build-addon.js --force   (always rebuild)
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const NATIVE = path.join(__dirname, '..', 'native');
const ADDON = path.join(NATIVE, 'build', 'Release', 'spectral_kernel.node');

function stale() {
  if (!fs.existsSync(ADDON)) return true;
  const built = fs.statSync(ADDON).mtimeMs;
  return fs
    .readdirSync(NATIVE)
    .filter((f) => /\.(cc|h|gyp)$/.test(f))
    .some((f) => fs.statSync(path.join(NATIVE, f)).mtimeMs > built);
}

function nodedirArgs() {
  // node-gyp would download headers otherwise; npm passes its `nodedir` setting to scripts it runs.
  const dir = process.env.npm_config_nodedir;
  if (dir) return [`--nodedir=${dir}`];
  const local = path.join(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(local, 'include', 'node', 'node_api.h')) ? [`--nodedir=${local}`] : [];
}

function main() {
  if (!process.argv.includes('--force') && !stale()) {
    console.log('kernel-native: addon up to date');
    return;
  }
  let gyp;
  try {
    gyp = require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    console.log('kernel-native: node-gyp is not installed, the native kernel is not built (training uses wasm-simd)');
    return;
  }
  const started = Date.now();
  const run = spawnSync(process.execPath, [gyp, 'rebuild', ...nodedirArgs(), '--jobs=2'], {
    cwd: NATIVE,
    encoding: 'utf8',
  });
  if (run.status === 0) {
    console.log(
      `kernel-native: built ${path.relative(process.cwd(), ADDON)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return;
  }
  const log = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  const reason =
    log.split('\n').find((l) => /error|not found|No such/i.test(l)) ?? run.error?.message ?? 'node-gyp failed';
  console.log(
    `kernel-native: the native kernel did not build (${reason.trim().slice(0, 160)}); training uses wasm-simd`,
  );
}

main();
