// @spectral-ts/report: public API.
export {};
