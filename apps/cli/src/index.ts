// @spectral-ts/cli: public API.
export {};
