/**
 * training/wasm-simd-network: one trial's network, data and Adam state inside one instance of the hand-written
 * WebAssembly SIMD kernel (wasm/kernel.wat, compiled at build time into src/generated/kernel-wasm.ts). Float32.
 * JS only sequences the kernel calls (about 15 per optimiser step for the paper's student); every loop over
 * parameters or batch rows runs in wasm on f32x4 vectors. Why: plain JS does not vectorise, and tfjs-backend-wasm's
 * XNNPACK matMul is SIMD but pays its per-op dispatch about 40 times per step (README, "How the engines work").
 */
import { spectralKernelInto } from '@spectral-ts/spectral';
import type { Dataset } from '@spectral-ts/teacher-student';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './adam';
import { decodeBase64 } from './base64';
import { KERNEL_WASM_BASE64 } from './generated/kernel-wasm';
import { relaxedKernelBytes, wasmRelaxedSimd } from './wasm-relaxed-kernel';
import type { TrainingPlan } from './training-plan';
import { fail } from './errors';

interface KernelExports {
  gather(
    x: number,
    y: number,
    order: number,
    start: number,
    rows: number,
    rowsPad: number,
    d: number,
    stride: number,
    outX: number,
    outY: number,
  ): void;
  linear(
    coef: number,
    cso: number,
    csk: number,
    inp: number,
    nk: number,
    out: number,
    no: number,
    bias: number,
    stride: number,
    rowsPad: number,
  ): void;
  gradKernel(inp: number, nk: number, d: number, no: number, stride: number, rowsPad: number, out: number): void;
  rowSums(d: number, no: number, stride: number, rowsPad: number, out: number): void;
  scatterSpectral(
    gw: number,
    phi: number,
    lin: number,
    lout: number,
    mask: number,
    inDim: number,
    units: number,
    gPhi: number,
    gLin: number,
    gLout: number,
  ): void;
  reluForward(p: number, n: number): void;
  reluBackward(h: number, d: number, n: number): void;
  squaredError(out: number, y: number, rows: number, rowsPad: number, scale: number, dOut: number): number;
  adam(
    p: number,
    g: number,
    m: number,
    v: number,
    l2: number,
    mask: number,
    n: number,
    lr: number,
    c1: number,
    c2: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    eps: number,
  ): void;
}

/**
 * The part of the WebAssembly JS API used here. The project compiles against lib ES2022 without DOM, whose types
 * carry the WebAssembly namespace, so the global is typed locally instead of adding a lib for everyone.
 */
interface WasmModule {
  readonly __wasmModule: unique symbol;
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: WasmModule | null | undefined;

/** The compiled kernel module, or null when this runtime lacks WebAssembly SIMD. Compiled once per process. */
export function kernelModule(): WasmModule | null {
  if (compiled === undefined) {
    const bytes = decodeBase64(KERNEL_WASM_BASE64);
    compiled = wasmApi && wasmApi.validate(bytes) ? new wasmApi.Module(bytes) : null;
  }
  return compiled;
}

let compiledRelaxed: WasmModule | undefined;

/** The deterministic module, or the relaxed-FMA one (src/wasm-relaxed-kernel.ts) when `relaxed` and available. */
function moduleFor(relaxed: boolean): WasmModule | null {
  const bytes = relaxed && wasmApi ? relaxedKernelBytes() : null;
  if (!bytes) return kernelModule();
  compiledRelaxed ??= new wasmApi!.Module(bytes);
  return compiledRelaxed;
}

/**
 * Whether the wasm-simd engine can train this plan: the kernel has ReLU and linear activations only (other
 * activations fall back to the typed-array engine) and needs WebAssembly SIMD.
 */
export function wasmSimdSupports(plan: TrainingPlan): boolean {
  return kernelActivationsOnly(plan) && kernelModule() !== null;
}

/** Whether every layer's activation is one the kernels implement (relu, linear; wasm-simd and native). */
export function kernelActivationsOnly(plan: TrainingPlan): boolean {
  return plan.layers.every((l) => l.activation === 'relu' || l.activation === 'linear');
}

/** Adam's constants as the kernel takes them: the complements in float64 here, rounded once to float32 on the call. */
const ADAM_KERNEL_CONSTANTS = [ADAM_BETA1, 1 - ADAM_BETA1, ADAM_BETA2, 1 - ADAM_BETA2, ADAM_EPSILON] as const;

const round = (n: number, m: number) => Math.ceil(n / m) * m;

interface LayerBuffers {
  /** Coefficients of the forward product: the formed kernel (spectral) or the kernel inside the parameters (dense). */
  coef: number;
  /** Post-activation output [units][stride] and its gradient. */
  h: number;
  d: number;
  /** Where the kernel gradient goes: a scratch buffer (spectral), the kernel's gradient slot (dense), or 0. */
  gw: number;
  mask: number;
  bias: number;
  phi: number;
  lin: number;
  lout: number;
  gPhi: number;
  gLin: number;
  gLout: number;
  gBias: number;
}

/** A spectral layer's formed kernel, phi, lambdaIn and lambdaOut as views of wasm memory, and its node mask. */
interface KernelViews {
  coef: Float32Array;
  phi: Float32Array;
  lambdaIn: Float32Array;
  lambdaOut: Float32Array;
  mask: Float64Array | null;
}

/**
 * One trial in one wasm instance. Parameters are the plan's full vector in float32, except that the trained block is
 * padded to a multiple of 4 entries (so Adam runs on whole vectors and never touches a frozen entry).
 */
export class WasmSimdNetwork {
  readonly plan: TrainingPlan;
  private readonly k: KernelExports;
  private readonly mem: WasmMemory;
  private readonly stride: number;
  private readonly trainedPad: number;
  private readonly layers: LayerBuffers[];
  private readonly firstTrained: number;
  private readonly ptr: {
    p: number;
    g: number;
    m: number;
    v: number;
    l2: number;
    phaseMasks: number[];
    x: number;
    y: number;
    order: number;
    trainX: number;
    trainY: number;
    valX: number;
    valY: number;
  };
  private readonly valRows: number;
  /** Per spectral layer: views of its formed kernel, phi, lambdaIn, lambdaOut in wasm memory, and its mask. */
  private readonly kernelViews: (KernelViews | null)[];
  /** Float32 view of the parameters (the memory never grows after construction, so views stay valid). */
  readonly params: Float32Array;
  private readonly grad: Float32Array;
  private readonly orderView: Int32Array;
  /** The float64 initial vector: frozen entries never change, so they are returned from here unrounded. */
  private readonly initialFull: Float64Array;

  /** Whether this instance runs the relaxed-FMA kernel (see src/wasm-relaxed-kernel.ts). */
  readonly relaxed: boolean;

  /** `relaxed`: use the relaxed-FMA kernel when the runtime has it (default: unless SPECTRAL_WASM_RELAXED=off). */
  constructor(
    plan: TrainingPlan,
    maxRows: number,
    initialFull: Float64Array,
    train: Dataset,
    validation?: Dataset,
    relaxed = wasmRelaxedSimd(),
  ) {
    const module = moduleFor(relaxed);
    this.relaxed = module !== null && module === compiledRelaxed;
    if (!module) fail('WasmSimdNetwork', 'this runtime has no WebAssembly SIMD (use the typed-array engine)');
    if (!kernelActivationsOnly(plan))
      fail('WasmSimdNetwork', 'only relu and linear activations are supported (use the typed-array engine)');
    this.plan = plan;
    this.initialFull = Float64Array.from(initialFull);
    this.stride = round(Math.max(maxRows, 1), 8);
    this.trainedPad = round(plan.trainedSize, 4);
    this.valRows = validation?.rows ?? 0;
    // Bump allocation, 16-byte aligned; address 0 stays unused because the kernel reads 0 as "absent".
    let top = 64;
    const alloc = (floats: number) => {
      const at = top;
      top += round(floats * 4, 16);
      return at;
    };
    const frozenSize = plan.fullSize - plan.trainedSize;
    const p = alloc(this.trainedPad + frozenSize);
    const g = alloc(this.trainedPad);
    const m = alloc(this.trainedPad);
    const v = alloc(this.trainedPad);
    const l2 = alloc(this.trainedPad);
    const phaseMasks = plan.masked ? plan.phaseMasks.map(() => alloc(this.trainedPad)) : [];
    const at = (offset: number) => p + 4 * this.paddedIndex(offset);
    const gradAt = (offset: number) => g + 4 * offset;
    this.layers = plan.layers.map((layer) => {
      const { inDim, units, groups } = layer;
      const buf: LayerBuffers = {
        coef: 0,
        h: alloc(units * this.stride),
        d: alloc(units * this.stride),
        gw: 0,
        mask: 0,
        bias: 0,
        phi: 0,
        lin: 0,
        lout: 0,
        gPhi: 0,
        gLin: 0,
        gLout: 0,
        gBias: 0,
      };
      if (groups.bias) {
        buf.bias = at(groups.bias.offset);
        if (groups.bias.trained) buf.gBias = gradAt(groups.bias.offset);
      }
      if (layer.kind === 'dense') {
        buf.coef = at(groups.kernel!.offset);
        if (groups.kernel!.trained) buf.gw = gradAt(groups.kernel!.offset);
      } else {
        const { phi, lambdaIn, lambdaOut } = groups as Required<typeof groups>;
        buf.coef = alloc(inDim * units);
        buf.phi = at(phi.offset);
        buf.lin = at(lambdaIn.offset);
        buf.lout = at(lambdaOut.offset);
        if (phi.trained) buf.gPhi = gradAt(phi.offset);
        if (lambdaIn.trained) buf.gLin = gradAt(lambdaIn.offset);
        if (lambdaOut.trained) buf.gLout = gradAt(lambdaOut.offset);
        if (phi.trained || lambdaIn.trained || lambdaOut.trained) buf.gw = alloc(inDim * units);
        if (layer.mask) buf.mask = alloc(units);
      }
      return buf;
    });
    const d = plan.inputDim;
    const x = alloc(d * this.stride);
    const y = alloc(this.stride);
    const order = alloc(train.rows);
    const trainX = alloc(train.rows * d);
    const trainY = alloc(train.rows);
    const valX = validation ? alloc(validation.rows * d) : 0;
    const valY = validation ? alloc(validation.rows) : 0;
    this.ptr = { p, g, m, v, l2, phaseMasks, x, y, order, trainX, trainY, valX, valY };
    this.mem = new wasmApi!.Memory({ initial: Math.ceil(top / 65536) });
    this.k = new wasmApi!.Instance(module, { env: { memory: this.mem } }).exports as KernelExports;
    const f32 = (ptr: number, n: number) => new Float32Array(this.mem.buffer, ptr, n);
    this.params = f32(p, this.trainedPad + frozenSize);
    this.grad = f32(g, this.trainedPad);
    this.orderView = new Int32Array(this.mem.buffer, order, train.rows);
    this.setParameters(initialFull);
    f32(l2, plan.trainedSize).set(plan.l2.subarray(0, plan.trainedSize));
    phaseMasks.forEach((ptr, i) => f32(ptr, plan.trainedSize).set(plan.phaseMasks[i]));
    plan.layers.forEach((layer, i) => {
      if (layer.mask) f32(this.layers[i].mask, layer.units).set(layer.mask);
    });
    f32(trainX, train.rows * d).set(train.x);
    f32(trainY, train.rows).set(train.y);
    if (validation) {
      f32(valX, validation.rows * d).set(validation.x);
      f32(valY, validation.rows).set(validation.y);
    }
    this.kernelViews = plan.layers.map((layer, i) => {
      if (layer.kind !== 'spectral') return null;
      const b = this.layers[i];
      const { inDim, units } = layer;
      const size = inDim * units;
      const views = {
        coef: f32(b.coef, size),
        phi: f32(b.phi, size),
        lambdaIn: f32(b.lin, inDim),
        lambdaOut: f32(b.lout, units),
      };
      return { ...views, mask: layer.mask };
    });
    this.firstTrained = plan.layers.findIndex((l) => l.trains);
  }

  /** Index in the padded wasm vector of a plan offset. */
  private paddedIndex(offset: number): number {
    return offset < this.plan.trainedSize ? offset : offset + this.trainedPad - this.plan.trainedSize;
  }

  /** Writes a full parameter vector (plan layout); used once, at construction. */
  private setParameters(full: ArrayLike<number>): void {
    const { trainedSize, fullSize } = this.plan;
    for (let i = 0; i < fullSize; i++) this.params[this.paddedIndex(i)] = full[i];
    this.params.fill(0, trainedSize, this.trainedPad);
  }

  /**
   * The parameters as a full vector in the plan's layout: trained entries from the float32 values, frozen entries
   * exactly as given (they never change).
   */
  fullParameters(): Float64Array {
    const out = Float64Array.from(this.initialFull);
    for (let i = 0; i < this.plan.trainedSize; i++) out[i] = this.params[i];
    return out;
  }

  /** Sets the row order of the coming epoch (a permutation of the training rows). */
  setOrder(order: ArrayLike<number>): void {
    this.orderView.set(order);
  }

  /**
   * Forms every spectral layer's kernel from the current parameters (once per step) with spectral's float64 W, each
   * entry rounded once to float32: with lambdaIn = 0 and a 0/1 mask (every built-in strategy) that is bit for bit the
   * float32 product, and it costs well under 1% of a step (inDim x units entries against a step's batch products).
   */
  private formKernels(): void {
    for (const v of this.kernelViews) if (v) spectralKernelInto(v.coef, v.phi, v.lambdaIn, v.lambdaOut, v.mask);
  }

  /** Forward pass of the gathered rows in the input buffer; returns the output layer's h pointer. */
  private forward(rowsPad: number): number {
    let prev = this.ptr.x;
    this.plan.layers.forEach((layer, i) => {
      const b = this.layers[i];
      this.k.linear(b.coef, 1, layer.units, prev, layer.inDim, b.h, layer.units, b.bias, this.stride, rowsPad);
      if (layer.activation === 'relu') this.k.reluForward(b.h, layer.units * this.stride);
      prev = b.h;
    });
    return this.layers[this.layers.length - 1].h;
  }

  /**
   * Forward and backward pass of training rows order[start..start+rows): leaves d(batch MSE)/d(trained parameters)
   * in the gradient buffer (L2 is added inside adamStep) and returns the batch's sum of squared errors.
   */
  lossGradient(start: number, rows: number): number {
    if (rows > this.stride) fail('WasmSimdNetwork', `${rows} rows exceed the buffers' ${this.stride}`);
    const rowsPad = round(rows, 8);
    const { k, plan, stride } = this;
    k.gather(
      this.ptr.trainX,
      this.ptr.trainY,
      this.ptr.order,
      start,
      rows,
      rowsPad,
      plan.inputDim,
      stride,
      this.ptr.x,
      this.ptr.y,
    );
    this.formKernels();
    const last = plan.layers.length - 1;
    const out = this.forward(rowsPad);
    const sse = k.squaredError(out, this.ptr.y, rows, rowsPad, 2 / rows, this.layers[last].d);
    this.grad.fill(0);
    for (let i = last; i >= this.firstTrained; i--) {
      const layer = plan.layers[i];
      const b = this.layers[i];
      const { inDim, units } = layer;
      if (layer.activation === 'relu') k.reluBackward(b.h, b.d, units * stride);
      const prev = i === 0 ? this.ptr.x : this.layers[i - 1].h;
      if (b.gw) k.gradKernel(prev, inDim, b.d, units, stride, rowsPad, b.gw);
      if (layer.kind === 'spectral' && b.gw)
        k.scatterSpectral(b.gw, b.phi, b.lin, b.lout, b.mask, inDim, units, b.gPhi, b.gLin, b.gLout);
      if (b.gBias) k.rowSums(b.d, units, stride, rowsPad, b.gBias);
      // Input gradient d W^T, ReLU-gated by the layer below at its own turn.
      if (i > this.firstTrained)
        k.linear(b.coef, units, 1, b.d, units, this.layers[i - 1].d, inDim, 0, stride, rowsPad);
    }
    return sse;
  }

  /** One Adam step (1-based step t) with the gradient buffer plus L2; phase = index into plan.phaseMasks. */
  adamStep(t: number, learningRate: number, phase: number): void {
    const c1 = 1 - ADAM_BETA1 ** t;
    const c2 = 1 - ADAM_BETA2 ** t;
    const mask = this.plan.masked ? this.ptr.phaseMasks[phase] : 0;
    const { p, g, m, v, l2 } = this.ptr;
    this.k.adam(p, g, m, v, l2, mask, this.trainedPad, learningRate, c1, c2, ...ADAM_KERNEL_CONSTANTS);
  }

  /** Sum of squared errors over the validation rows at the current parameters (0 rows: 0). */
  validationSse(): number {
    if (this.valRows === 0) return 0;
    this.formKernels();
    let sse = 0;
    for (let start = 0; start < this.valRows; start += this.stride) {
      const n = Math.min(this.stride, this.valRows - start);
      const nPad = round(n, 8);
      this.k.gather(
        this.ptr.valX,
        this.ptr.valY,
        0,
        start,
        n,
        nPad,
        this.plan.inputDim,
        this.stride,
        this.ptr.x,
        this.ptr.y,
      );
      const out = this.forward(nPad);
      sse += this.k.squaredError(out, this.ptr.y, n, nPad, 0, 0);
    }
    return sse;
  }

  /** Gradient of the batch MSE for tests: copies the gradient buffer (trained entries). */
  gradient(): Float64Array {
    return Float64Array.from(this.grad.subarray(0, this.plan.trainedSize));
  }
}
