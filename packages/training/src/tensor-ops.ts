/**
 * training/tensor-ops: the dozen tensor operations the batched engine needs, behind one interface with two
 * implementations. `tfjsOps` uses the public tfjs API (any backend). `nativeOps` calls TensorFlow's own ops through
 * tfjs-node's backend.executeSingleOutput, the route tfjs-node's kernels take, with the attribute lists and the small
 * int32 shape/axis tensors built once instead of per call: measured here 2-4x less dispatch time per op than the tfjs
 * wrappers (e.g. Reshape 6 us instead of 28 us), which is what a small network's step is made of.
 */
import * as tf from '@tensorflow/tfjs';

export interface TensorOps {
  readonly name: 'tfjs' | 'native';
  matMul(a: tf.Tensor, b: tf.Tensor, transposeA?: boolean, transposeB?: boolean): tf.Tensor;
  add(a: tf.Tensor, b: tf.Tensor): tf.Tensor;
  sub(a: tf.Tensor, b: tf.Tensor): tf.Tensor;
  mul(a: tf.Tensor, b: tf.Tensor): tf.Tensor;
  div(a: tf.Tensor, b: tf.Tensor): tf.Tensor;
  neg(a: tf.Tensor): tf.Tensor;
  square(a: tf.Tensor): tf.Tensor;
  sqrt(a: tf.Tensor): tf.Tensor;
  relu(a: tf.Tensor): tf.Tensor;
  /** dy where the ReLU output h is positive, else 0. */
  reluGrad(dy: tf.Tensor, h: tf.Tensor): tf.Tensor;
  sigmoid(a: tf.Tensor): tf.Tensor;
  tanh(a: tf.Tensor): tf.Tensor;
  sum(a: tf.Tensor, axes: number[], keepDims: boolean): tf.Tensor;
  reshape(a: tf.Tensor, shape: number[]): tf.Tensor;
  split(a: tf.Tensor, sizes: number[], axis: number): tf.Tensor[];
  concat(parts: tf.Tensor[], axis: number): tf.Tensor;
  /** Releases cached constants. */
  dispose(): void;
}

export function tfjsOps(): TensorOps {
  return {
    name: 'tfjs',
    matMul: (a, b, ta = false, tb = false) => tf.matMul(a, b, ta, tb),
    add: (a, b) => tf.add(a, b),
    sub: (a, b) => tf.sub(a, b),
    mul: (a, b) => tf.mul(a, b),
    div: (a, b) => tf.div(a, b),
    neg: (a) => tf.neg(a),
    square: (a) => tf.square(a),
    sqrt: (a) => tf.sqrt(a),
    relu: (a) => tf.relu(a),
    // h = relu(z) >= 0, so sign(h) is the ReLU derivative; tf.step costs ~10 native ops on tfjs-node, sign one.
    reluGrad: (dy, h) => tf.mul(dy, tf.sign(h)),
    sigmoid: (a) => tf.sigmoid(a),
    tanh: (a) => tf.tanh(a),
    sum: (a, axes, keepDims) => tf.sum(a, axes, keepDims),
    reshape: (a, shape) => tf.reshape(a, shape),
    split: (a, sizes, axis) => tf.split(a, sizes, axis),
    concat: (parts, axis) => tf.concat(parts, axis),
    dispose: () => undefined,
  };
}

interface NativeBackend {
  executeSingleOutput(name: string, attrs: unknown[], inputs: tf.Tensor[]): tf.Tensor;
  executeMultipleOutputs(name: string, attrs: unknown[], inputs: tf.Tensor[], numOutputs: number): tf.Tensor[];
  binding: { TF_ATTR_TYPE: number; TF_ATTR_BOOL: number; TF_ATTR_INT: number; TF_FLOAT: number; TF_INT32: number };
}

/** The native ops of tfjs-node, or null when the current backend is not 'tensorflow'. */
export function nativeOps(): TensorOps | null {
  if (tf.getBackend() !== 'tensorflow') return null;
  const be = tf.backend() as unknown as NativeBackend;
  if (typeof be.executeSingleOutput !== 'function' || typeof be.executeMultipleOutputs !== 'function' || !be.binding)
    return null;
  const b = be.binding;
  const T = { name: 'T', type: b.TF_ATTR_TYPE, value: b.TF_FLOAT };
  const unary = [T];
  const int32 = new Map<string, tf.Tensor>();
  const constant = (values: number[], scalar = false): tf.Tensor => {
    const k = `${scalar ? 's' : 'v'}${values.join(',')}`;
    let t = int32.get(k);
    if (!t) {
      t = tf.keep(scalar ? tf.scalar(values[0], 'int32') : tf.tensor1d(values, 'int32'));
      int32.set(k, t);
    }
    return t;
  };
  const matMulAttrs = [false, true].map((ta) =>
    [false, true].map((tb) => [
      T,
      { name: 'adj_x', type: b.TF_ATTR_BOOL, value: ta },
      { name: 'adj_y', type: b.TF_ATTR_BOOL, value: tb },
    ]),
  );
  const sumAttrs = [false, true].map((keep) => [
    { name: 'keep_dims', type: b.TF_ATTR_BOOL, value: keep },
    T,
    { name: 'Tidx', type: b.TF_ATTR_TYPE, value: b.TF_INT32 },
  ]);
  const reshapeAttrs = [T, { name: 'Tshape', type: b.TF_ATTR_TYPE, value: b.TF_INT32 }];
  const run = (op: string, inputs: tf.Tensor[], attrs: unknown[] = unary) => be.executeSingleOutput(op, attrs, inputs);
  return {
    name: 'native',
    matMul: (x, y, ta = false, tb = false) => run('BatchMatMulV2', [x, y], matMulAttrs[+ta][+tb]),
    add: (x, y) => run('AddV2', [x, y]),
    sub: (x, y) => run('Sub', [x, y]),
    mul: (x, y) => run('Mul', [x, y]),
    div: (x, y) => run('RealDiv', [x, y]),
    neg: (x) => run('Neg', [x]),
    square: (x) => run('Square', [x]),
    sqrt: (x) => run('Sqrt', [x]),
    relu: (x) => run('Relu', [x]),
    reluGrad: (dy, h) => run('ReluGrad', [dy, h]),
    sigmoid: (x) => run('Sigmoid', [x]),
    tanh: (x) => run('Tanh', [x]),
    sum: (x, axes, keep) => run('Sum', [x, constant(axes)], sumAttrs[+keep]),
    reshape: (x, shape) => run('Reshape', [x, constant(shape)], reshapeAttrs),
    split: (x, sizes, axis) =>
      be.executeMultipleOutputs(
        'SplitV',
        [
          { name: 'num_split', type: b.TF_ATTR_INT, value: sizes.length },
          T,
          { name: 'Tlen', type: b.TF_ATTR_TYPE, value: b.TF_INT32 },
        ],
        [x, constant(sizes), constant([axis], true)],
        sizes.length,
      ),
    concat: (parts, axis) =>
      run(
        'ConcatV2',
        [...parts, constant([axis], true)],
        [
          { name: 'N', type: b.TF_ATTR_INT, value: parts.length },
          { name: 'Tidx', type: b.TF_ATTR_TYPE, value: b.TF_INT32 },
          T,
        ],
      ),
    dispose: () => {
      int32.forEach((t) => t.dispose());
      int32.clear();
    },
  };
}
