// Appends each jest run's pass/fail counts to .test-results/, so that tools/test-summary.js can print
// one "N passed, N failed" line for CI however many packages and backends were tested.
const fs = require('fs');
const path = require('path');

class CountReporter {
  onRunComplete(_contexts, results) {
    const dir = process.env.SPECTRAL_TEST_RESULTS || path.join(__dirname, '..', '.test-results');
    fs.mkdirSync(dir, { recursive: true });
    const record = {
      cwd: process.cwd(),
      backend: process.env.SPECTRAL_BACKEND || 'auto',
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests,
    };
    const file = path.join(dir, `${Date.now()}-${process.pid}.json`);
    fs.writeFileSync(file, JSON.stringify(record));
  }
}
module.exports = CountReporter;
