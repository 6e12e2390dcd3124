/**
 * results/atomic-write: JSON files of a results directory, written with the project's one durable write
 * (@spectral-ts/spectral's writeFileAtomic: temp file, byte-count check, fsync, rename).
 */
import * as path from 'path';
import { writeFileAtomic } from '@spectral-ts/spectral/node';

export {
  isTemporaryFile,
  removeTemporaryFiles,
  sha256File,
  sha256Hex,
  temporaryTarget,
  writeFileAtomic,
  WriteError,
} from '@spectral-ts/spectral/node';

/** The text writeJsonAtomic writes for `value`. Non-finite numbers are rejected with the offending field. */
export function jsonFileText(file: string, value: unknown): string {
  const text = JSON.stringify(
    value,
    function (this: unknown, key: string, v: unknown) {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        throw new Error(
          `results/writeJsonAtomic: field '${key}' of ${path.basename(file)} is ${v} ` +
            `(record non-finite values as a failure reason, not as numbers)`,
        );
      }
      return v;
    },
    2,
  );
  return text + '\n';
}

/**
 * Writes a value as pretty-printed JSON, atomically, and returns the text written (so that a caller can keep its
 * content hash). Non-finite numbers have no JSON form (JSON.stringify would write null silently): rejected.
 */
export function writeJsonAtomic(file: string, value: unknown): string {
  const text = jsonFileText(file, value);
  writeFileAtomic(file, text);
  return text;
}
