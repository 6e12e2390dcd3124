// @spectral-ts/teacher-student: public API.
export type { Dataset } from './dataset';
export { labelVariance, sliceRows } from './dataset';
export type { Rng } from './rng';
export { createRng, deriveSeed } from './rng';
