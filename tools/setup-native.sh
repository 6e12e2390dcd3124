#!/usr/bin/env bash
# Make @tensorflow/tfjs-node@4.22.0 work offline (npm registry + local pip wheels only).
# Uses libtensorflow_cc.so.2 / libtensorflow_framework.so.2 + C headers from the
# tensorflow-cpu 2.21.0 wheel (served by pip from local disk) in place of the
# libtensorflow 2.9.1 tarball that tfjs-node's install script would download,
# and builds the N-API addon from source with node-gyp.
#
# `npm run setup:native` runs this from the repository root (the folder with package.json / node_modules).
# Adapted from ../shared/tools/setup-tfjs-node-offline.sh. Idempotent: a second run only relinks and rebuilds.
# Works whether @tensorflow/tfjs-node is a dependency, an optional one, or absent.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node ] && [ -z "${FORCE:-}" ] && \
   TF_CPP_MIN_LOG_LEVEL=3 node -e "require('@tensorflow/tfjs-node')" 2>/dev/null; then
  echo "setup:native: @tensorflow/tfjs-node already loads (FORCE=1 to rebuild)"; exit 0
fi
TF_WHEEL_VERSION=${TF_WHEEL_VERSION:-2.21.0}
CACHE=${TFJS_NODE_CACHE:-$HOME/.cache/tfjs-node-libtf}      # reusable between runs
PKG=node_modules/@tensorflow/tfjs-node
t() { local s=$SECONDS; "$@"; echo "  [$(( SECONDS - s ))s] $*" >&2; }

# 1. npm install without running tfjs-node's downloader (it would hit ENOTFOUND).
#    (--ignore-scripts applies to every package; core-js's postinstall is only a banner.)
#    tfjs-node is usually an optionalDependency that a plain `npm install` dropped
#    (its downloader failed), so fetch the package itself without its scripts.
TFJS_NODE_VERSION=${TFJS_NODE_VERSION:-4.22.0}
if [ ! -f "$PKG/package.json" ]; then
  t npm install --ignore-scripts --no-save --no-audit --no-fund "@tensorflow/tfjs-node@$TFJS_NODE_VERSION"
fi

# 2. libtensorflow from the local tensorflow-cpu wheel (~274 MB, from local disk).
STAGE=$CACHE/libtensorflow-$TF_WHEEL_VERSION
if [ ! -f "$STAGE/lib/libtensorflow_cc.so.2" ]; then
  mkdir -p "$CACHE/wheel" "$STAGE.tmp"
  WHL=$(ls "$CACHE"/wheel/tensorflow_cpu-"$TF_WHEEL_VERSION"-*.whl 2>/dev/null | head -1 || true)
  if [ -z "$WHL" ]; then
    t pip download --quiet --retries 0 --no-deps "tensorflow-cpu==$TF_WHEEL_VERSION" -d "$CACHE/wheel"
    WHL=$(ls "$CACHE"/wheel/tensorflow_cpu-"$TF_WHEEL_VERSION"-*.whl | head -1)
  fi
  X=$STAGE.tmp/x
  t unzip -q -o "$WHL" -d "$X" \
    'tensorflow/libtensorflow_cc.so.2' 'tensorflow/libtensorflow_framework.so.2' \
    'tensorflow/include/tensorflow/c/*' \
    'tensorflow/include/tensorflow/core/platform/ctstring*' \
    'tensorflow/include/tsl/platform/ctstring*' \
    'tensorflow/include/xla/tsl/c/*'
  mkdir -p "$STAGE.tmp/lib" "$STAGE.tmp/include"
  # strip .symtab/.strtab (dynamic symbols stay): 853 MB -> 634 MB, ~4 s
  t strip --strip-unneeded -o "$STAGE.tmp/lib/libtensorflow_cc.so.2" "$X/tensorflow/libtensorflow_cc.so.2"
  t strip --strip-unneeded -o "$STAGE.tmp/lib/libtensorflow_framework.so.2" "$X/tensorflow/libtensorflow_framework.so.2"
  cp -r "$X/tensorflow/include/." "$STAGE.tmp/include/"
  rm -rf "$X"
  # Names tfjs-node 4.22.0 expects (libtensorflow 2.9.1 layout). The wheel's
  # libtensorflow_cc.so.2 exports the TF_*/TFE_* C and eager C API.
  ( cd "$STAGE.tmp/lib"
    ln -sf libtensorflow_cc.so.2 libtensorflow.so.2.9.1
    ln -sf libtensorflow.so.2.9.1 libtensorflow.so.2
    ln -sf libtensorflow.so.2 libtensorflow.so
    ln -sf libtensorflow_framework.so.2 libtensorflow_framework.so.2.9.1
    ln -sf libtensorflow_framework.so.2 libtensorflow_framework.so )
  rm -rf "$STAGE" && mv "$STAGE.tmp" "$STAGE"
fi

# 3. Populate tfjs-node's deps/ (what its install.js would have downloaded).
rm -rf "$PKG/deps" && mkdir -p "$PKG/deps"
cp -a "$STAGE/lib" "$STAGE/include" "$PKG/deps/"

# 4. Run tfjs-node's own install script: it sees deps/lib/libtensorflow.so.2.9.1,
#    skips the download, and calls `node-pre-gyp install --fallback-to-build`;
#    build_from_source makes node-pre-gyp compile with node-gyp (headers via
#    npm's nodedir) instead of trying the prebuilt-addon host first.
t env npm_config_build_from_source=true npm rebuild @tensorflow/tfjs-node --foreground-scripts
test -f "$PKG"/lib/napi-v*/tfjs_binding.node

# 5. Smoke test.
TF_CPP_MIN_LOG_LEVEL=3 node -e "const tf=require('@tensorflow/tfjs-node'); console.log(tf.getBackend()); const a=tf.randomNormal([300,10]); const w=tf.variable(tf.randomNormal([10,100])); const g=tf.grad(x=>tf.matMul(a,x).relu().sum())(w); console.log(g.shape)"
