// `npm run bench`: the training benchmark lives with the engine it measures (packages/training/bench/bench.js).
// Arguments pass through, e.g. `npm run bench -- --quick` or `npm run bench -- --epochs 4 --n1 40,200`.
require('../packages/training/bench/bench.js');
