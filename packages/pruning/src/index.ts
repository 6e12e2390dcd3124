// @spectral-ts/pruning: public API.
export {};
