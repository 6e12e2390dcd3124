// @spectral-ts/topology: public API.
export {};
