/**
 * spectral/model-io: saves and loads a tfjs LayersModel as the standard `model.json` + `weights.bin` pair in a
 * directory, on every backend. tfjs registers a `file://` handler only with tfjs-node, and the wasm and cpu backends
 * must read and write the same files, so this is a small tf.io IOHandler on node:fs.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
// Registers SpectralDense so that tf.loadLayersModel can rebuild it from model.json.
import './spectral-dense';
import { writeFileAtomic } from './atomic-write';
import { fail } from './errors';

/** File names inside a model directory (the same names tfjs-node's file:// handler uses). */
export const MODEL_JSON_FILENAME = 'model.json';
export const WEIGHTS_FILENAME = 'weights.bin';

/** The project's one durable write (temp file, byte-count check, fsync, rename), for both files of a model. */
async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  writeFileAtomic(file, data);
}

/** A tf.io handler that saves to / loads from one directory (`dir` may also be the path of its model.json). */
export function directoryHandler(dir: string): tf.io.IOHandler {
  // Accept the path of a model.json as well as its directory.
  const resolved = path.resolve(dir);
  const root = path.basename(resolved) === MODEL_JSON_FILENAME ? path.dirname(resolved) : resolved;
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer)
        fail('saveModel', 'binary model topologies are not supported (save a LayersModel)');
      await fs.mkdir(root, { recursive: true });
      const weights = artifacts.weightData
        ? new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData))
        : new Uint8Array(0);
      const modelJSON: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        weightsManifest: [{ paths: [WEIGHTS_FILENAME], weights: artifacts.weightSpecs ?? [] }],
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
      };
      if (artifacts.trainingConfig != null) modelJSON.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata != null) modelJSON.userDefinedMetadata = artifacts.userDefinedMetadata;
      // Weights first: a model.json on disk then always refers to complete weights.
      await writeAtomic(path.join(root, WEIGHTS_FILENAME), weights);
      await writeAtomic(path.join(root, MODEL_JSON_FILENAME), JSON.stringify(modelJSON));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = path.join(root, MODEL_JSON_FILENAME);
      let text: string;
      try {
        text = await fs.readFile(jsonPath, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT')
          fail('loadModel', `no ${MODEL_JSON_FILENAME} in ${root} (save a model there with saveModel first)`);
        throw err;
      }
      let modelJSON: tf.io.ModelJSON;
      try {
        modelJSON = JSON.parse(text) as tf.io.ModelJSON;
      } catch (err) {
        return fail('loadModel', `${jsonPath} is not valid JSON (${(err as Error).message})`);
      }
      return tf.io.getModelArtifactsForJSON(modelJSON, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        const specs: tf.io.WeightsManifestEntry[] = [];
        for (const group of manifest) {
          for (const p of group.paths) {
            const file = path.join(root, p);
            let buf: Buffer;
            try {
              buf = await fs.readFile(file);
            } catch (err) {
              if ((err as NodeJS.ErrnoException).code === 'ENOENT')
                fail('loadModel', `weights file ${file} named in ${MODEL_JSON_FILENAME} is missing`);
              throw err;
            }
            // A Buffer may be a view into a shared pool: copy out exactly its bytes.
            buffers.push(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
          }
          specs.push(...group.weights);
        }
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/**
 * The artifacts `model.save` would hand to an IOHandler (topology, weight specs, weight bytes), built here so that
 * every weight is copied into this JavaScript realm first: tfjs-node returns typed arrays from its native addon that
 * fail tfjs' `instanceof Float32Array` check inside jest's sandbox ("Unsupported TypedArray subtype").
 */
export function modelArtifacts(model: tf.LayersModel): tf.io.ModelArtifacts {
  const specs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  for (const w of model.weights) {
    const data = w.read().dataSync();
    let bytes: Uint8Array;
    if (w.dtype === 'float32') bytes = new Uint8Array(Float32Array.from(data as Float32Array).buffer);
    else if (w.dtype === 'int32') bytes = new Uint8Array(Int32Array.from(data as Int32Array).buffer);
    else
      return fail(
        'saveModel',
        `weight ${w.originalName} has dtype ${w.dtype}; only float32 and int32 weights are saved`,
      );
    specs.push({ name: w.originalName, shape: [...w.shape] as number[], dtype: w.dtype });
    chunks.push(bytes);
  }
  const weightData = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    weightData.set(c, offset);
    offset += c.byteLength;
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: model.toJSON(null, false) as object,
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    weightSpecs: specs,
    weightData: weightData.buffer,
  };
  const metadata = model.getUserDefinedMetadata();
  if (metadata != null) artifacts.userDefinedMetadata = metadata;
  return artifacts;
}

/**
 * Saves `model` to directory `dir` (created if needed) as `model.json` + `weights.bin`, the format tfjs-node's
 * `file://` handler and `tf.loadLayersModel` read. Each file is written atomically. The optimizer state is not saved.
 */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<tf.io.SaveResult> {
  if (!model || typeof (model as tf.LayersModel).toJSON !== 'function' || !Array.isArray(model.weights)) {
    fail('saveModel', 'expected a tfjs LayersModel');
  }
  if (typeof dir !== 'string' || dir.length === 0) fail('saveModel', 'dir must be a non-empty path');
  const handler = directoryHandler(dir);
  return handler.save!(modelArtifacts(model));
}

/** Loads a model saved by `saveModel` (or by tfjs-node's `file://` handler) from directory `dir`. */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  if (typeof dir !== 'string' || dir.length === 0) fail('loadModel', 'dir must be a non-empty path');
  return tf.loadLayersModel(directoryHandler(dir));
}
