// `npm start` (after the build): runs the `quick` preset into results/quick (resuming if it is already there) and
// writes its report. The same as:  npx spectral run --preset quick --out results/quick && npx spectral report results/quick
const path = require('path');
const { main } = require('@spectral-ts/cli');

const out = path.join(__dirname, '..', 'results', 'quick');

(async () => {
  const runCode = await main(['run', '--preset', 'quick', '--out', out]);
  // 1 means some trials failed: the results directory is still complete enough to report on.
  if (runCode === 2) process.exit(runCode);
  const reportCode = await main(['report', out]);
  process.exitCode = reportCode || runCode;
})();
