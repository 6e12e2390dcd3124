/**
 * cli/numpy-files: arrays as numpy's .npy (format version 1.0) and .npz files, for `numpy.load`. The .npy header is a
 * dozen lines of the format's spec (magic, version, little-endian header length, a Python dict literal padded so the
 * data starts at a multiple of 64 bytes); the .npz container is a plain zip, written by fflate (stored, no
 * compression: numpy reads both, and stored members can be memory-mapped).
 */
import { zipSync } from 'fflate';

/** One array: float64, float32 or int32 values in C (row-major) order with their shape, or strings (numpy unicode). */
export type NumpyArray =
  | { dtype: 'float64'; shape: number[]; data: ArrayLike<number> }
  | { dtype: 'float32'; shape: number[]; data: ArrayLike<number> }
  | { dtype: 'int32'; shape: number[]; data: ArrayLike<number> }
  | { dtype: 'unicode'; shape: number[]; data: readonly string[] };

const MAGIC = [0x93, ...Buffer.from('NUMPY', 'latin1'), 1, 0];

function size(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** A row-major float64 array of a matrix given as rows. */
export function matrix(rows: readonly (readonly number[])[]): NumpyArray {
  const cols = rows[0]?.length ?? 0;
  return { dtype: 'float64', shape: [rows.length, cols], data: Float64Array.from(rows.flat()) };
}

export function vector(values: ArrayLike<number>): NumpyArray {
  return { dtype: 'float64', shape: [values.length], data: Float64Array.from(values) };
}

/** The bytes of one .npy file. */
export function encodeNpy(array: NumpyArray): Uint8Array {
  if (size(array.shape) !== array.data.length) {
    throw new Error(
      `numpy-files: shape [${array.shape.join(', ')}] holds ${size(array.shape)} values, got ${array.data.length}`,
    );
  }
  let descr: string;
  let body: Uint8Array;
  if (array.dtype === 'float64') {
    descr = '<f8';
    body = new Uint8Array(Float64Array.from(array.data).buffer);
  } else if (array.dtype === 'float32') {
    descr = '<f4';
    body = new Uint8Array(Float32Array.from(array.data).buffer);
  } else if (array.dtype === 'int32') {
    descr = '<i4';
    body = new Uint8Array(Int32Array.from(array.data).buffer);
  } else {
    // numpy's '<U{n}': n UTF-32 little-endian code points per element, zero padded
    const chars = array.data.map((s) => [...s].map((c) => c.codePointAt(0)!));
    const width = Math.max(1, ...chars.map((c) => c.length));
    const points = new Uint32Array(array.data.length * width);
    chars.forEach((c, i) => points.set(c, i * width));
    descr = `<U${width}`;
    body = new Uint8Array(points.buffer);
  }
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = MAGIC.length + 2 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(MAGIC.length + 2 + header.length + body.length);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint16(MAGIC.length, header.length, true);
  out.set(Buffer.from(header, 'latin1'), MAGIC.length + 2);
  out.set(body, MAGIC.length + 2 + header.length);
  return out;
}

/** The bytes of one .npz file holding the named arrays (`numpy.load(file)[name]`). */
export function encodeNpz(arrays: Record<string, NumpyArray>): Uint8Array {
  const members: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const [name, array] of Object.entries(arrays)) members[`${name}.npy`] = [encodeNpy(array), { level: 0 }];
  return zipSync(members);
}
