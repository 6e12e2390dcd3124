// @spectral-ts/training: public API.
export {};
