/**
 * teacher-student/rng: the seeded random number generator every teacher, data set, initialisation and shuffle draws
 * from is @spectral-ts/statistics' (its owner, since the bootstrap draws from it too); re-exported so that this
 * package's users keep importing it from here.
 */
export type { Rng } from '@spectral-ts/statistics';
export { createRng, deriveSeed } from '@spectral-ts/statistics';
