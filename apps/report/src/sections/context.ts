/**
 * report/sections/context: what every section builder receives: the loaded results, the teachers and variants in
 * report order, and the teachers' weights (for the topology drawings and the teacher's path distribution).
 */
import type { NetworkWeights } from '@spectral-ts/spectral';
import type { TeacherRef } from '@spectral-ts/results';
import type { ResultsData } from '../read-results';

export interface SectionContext {
  data: ResultsData;
  teachers: TeacherRef[];
  variants: string[];
  /** Teacher weights by teacher index (absent when summary.teacherWeightsFiles does not list them). */
  teacherWeights: Map<number, NetworkWeights>;
}
