// @spectral-ts/teacher-student: public API.
export type { Dataset } from './dataset';
export { labelVariance, sliceRows } from './dataset';
export type { Rng } from './rng';
export { createRng, deriveSeed } from './rng';
export { glorotBound, glorotUniform } from './init';

// Teachers
export type { Teacher, TeacherConfig, TeacherDefinition } from './teachers/teacher';
export type { TeacherKindInfo } from './teachers/registry';
export { createTeacher, listTeachers, registerTeacher, unregisterTeacher } from './teachers/registry';
export type { NNTeacherConfig, ResolvedNNTeacherConfig } from './teachers/nn-teacher';
export { NN_TEACHER_DEFAULTS, NNTeacher, buildTeacherNetwork } from './teachers/nn-teacher';
export type { LinearTeacherConfig, ResolvedLinearTeacherConfig } from './teachers/linear-teacher';
export { LINEAR_TEACHER_DEFAULTS, LinearTeacher } from './teachers/linear-teacher';
export type {
  HiddenManifoldTeacherConfig,
  ManifoldNonlinearity,
  ManifoldSample,
  ResolvedHiddenManifoldTeacherConfig,
} from './teachers/hidden-manifold-teacher';
export {
  HIDDEN_MANIFOLD_TEACHER_DEFAULTS,
  HiddenManifoldTeacher,
  MANIFOLD_NONLINEARITIES,
  manifoldInputs,
} from './teachers/hidden-manifold-teacher';
export { gaussianInputs } from './teachers/sampling';

// Data
export type { DataConfig, ResolvedDataConfig, TrialData } from './experiment-data';
export { DATA_DEFAULTS, makeTestSet, makeTrialData, resolveDataConfig, trainingRows } from './experiment-data';

// Students
export type {
  PaperStudentOptions,
  StudentLayerKind,
  StudentLayerSpec,
  WeightInitializer,
} from './students/build-student';
export {
  buildPaperStudent,
  buildPaperStudentFor,
  buildStudent,
  LAYER_KINDS,
  paperStudentLayers,
  studentSeed,
} from './students/build-student';

// Presets
export type { ExperimentDescription } from './presets/experiment-description';
export { validateExperiment } from './presets/experiment-description';
export type { PresetInfo } from './presets/registry';
export { getPreset, listPresets, registerPreset, unregisterPreset } from './presets/registry';
