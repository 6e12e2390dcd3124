// @spectral-ts/spectral/node: the file-system half of the public API (Node only); the main entry is browser-safe.
export {
  MODEL_JSON_FILENAME,
  WEIGHTS_FILENAME,
  directoryHandler,
  loadModel,
  modelArtifacts,
  saveModel,
} from './model-io';
export {
  WriteError,
  isTemporaryFile,
  temporaryTarget,
  removeTemporaryFiles,
  sha256File,
  sha256Hex,
  writeFileAtomic,
} from './atomic-write';
