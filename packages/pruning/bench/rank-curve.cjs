// Times rankCurve at N1 = 1000 on 10 000 rows (paper chain 10-1000-20-1). Run after `npx tsup`: node bench/rank-curve.cjs
const { rankCurve } = require('../dist/index.js');
const { createRng } = require('@spectral-ts/teacher-student');
const rng = createRng(1);
const N1 = 1000,
  d = 10,
  h2 = 20,
  rows = 10000;
const M = (r, c, s) => Array.from({ length: r }, () => Array.from({ length: c }, () => s * rng.normal()));
const net = {
  inputDim: d,
  layers: [
    {
      kind: 'spectral',
      phi: M(d, N1, 0.5),
      lambdaIn: new Array(d).fill(0),
      lambdaOut: Array.from({ length: N1 }, () => rng.normal()),
      activation: 'relu',
    },
    { kind: 'dense', kernel: M(N1, h2, 0.5), activation: 'relu' },
    { kind: 'dense', kernel: Array.from({ length: h2 }, () => [1]), activation: 'linear' },
  ],
};
const x = new Float32Array(rows * d).map(() => rng.normal());
const y = new Float32Array(rows).map(() => rng.normal());
for (let i = 0; i < 3; i++) {
  const t = Date.now();
  rankCurve(net, { inputDim: d, rows, x, y });
  console.log('rankCurve', (Date.now() - t) / 1000, 's');
}
