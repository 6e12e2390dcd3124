// @spectral-ts/results: public API.
export * from './types';
