// `npm run bench:sweep`: every sweep-coordination bench of the CLI (apps/cli/bench/sweep-*.js), one after another.
// Arguments pass through, e.g. `npm run bench:sweep -- --units 200 --skip-sweep`.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const dir = path.join(__dirname, '..', 'apps', 'cli', 'bench');
let status = 0;
for (const name of fs
  .readdirSync(dir)
  .filter((n) => /^sweep-.*\.js$/.test(n))
  .sort()) {
  const r = spawnSync(process.execPath, [path.join(dir, name), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) status = 1;
}
process.exit(status);
