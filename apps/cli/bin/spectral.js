#!/usr/bin/env node
// The `spectral` executable. It lives outside dist/ so that `npm install` on a fresh clone (before any build) can
// link it into node_modules/.bin (npm silently skips bins whose file does not exist yet).
'use strict';
const path = require('path');
const fs = require('fs');

const built = path.join(__dirname, '..', 'dist', 'main.js');
if (!fs.existsSync(built)) {
  process.stderr.write(
    'spectral: the CLI is not built yet (run `npm run build` in the repository root, then try again)\n',
  );
  process.exit(2);
}
require(built);
