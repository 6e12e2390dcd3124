// Sums the counts written by tools/jest-count-reporter.js and prints the line CI reads.
const fs = require('fs');
const path = require('path');

const dir = process.env.SPECTRAL_TEST_RESULTS || path.join(__dirname, '..', '.test-results');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  if (!f.endsWith('.json')) continue;
  const r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
