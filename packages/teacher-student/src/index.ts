// @spectral-ts/teacher-student: public API.
export {};
