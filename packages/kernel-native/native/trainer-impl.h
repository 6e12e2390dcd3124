// kernel-native/native/trainer-impl.h: the fused trainer, written once on GCC vector extensions of VB bytes and
// compiled once per instruction set (trainer_portable.cc, trainer_avx2.cc, trainer_avx512.cc include it inside
// their own namespace under their own target pragma). The same math and layout as the wasm-simd engine
// (packages/training/wasm/kernel.wat): activations feature-major [units][stride], the batch rows contiguous, so
// every product is vectorised over batch rows whatever the layer widths are; rows past the batch carry zero gradient.
// No includes here: the including file provides <cmath>, <cstdlib>, <cstring>, <algorithm> and trainer.h.

typedef float vf __attribute__((vector_size(VB)));
typedef float vfu __attribute__((vector_size(VB), aligned(4)));
constexpr int V = VB / 4;
// Outputs per register block of the forward product: 8 x 2 accumulators fit the 32 registers of AVX-512, 4 x 2 the 16
// of SSE/AVX2 (with the two input vectors and the broadcast coefficient).
constexpr int OB = VB == 64 ? 8 : 4;

static inline vf load(const float* p) { return *reinterpret_cast<const vfu*>(p); }
static inline void store(float* p, vf v) { *reinterpret_cast<vfu*>(p) = v; }
static inline vf splat(float x) { return vf{} + x; }
// Horizontal sum as a tree of halving shuffles (log2 V adds instead of V - 1 dependent scalar adds): the kernel
// gradient takes one per (input, output) pair.
static inline float hsum(vf v) {
#if VB == 64
  v += __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
  v += __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11);
  v += __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
  v += __builtin_shufflevector(v, v, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
#elif VB == 32
  v += __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3);
  v += __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5);
  v += __builtin_shufflevector(v, v, 1, 0, 3, 2, 5, 4, 7, 6);
#else
  v += __builtin_shufflevector(v, v, 2, 3, 0, 1);
  v += __builtin_shufflevector(v, v, 1, 0, 3, 2);
#endif
  return v[0];
}
static inline int roundUp(int n, int m) { return (n + m - 1) / m * m; }

// What `linear` applies to each sum as it stores it: the ReLU of the forward pass, or the ReLU derivative of the layer
// below gating the input gradient (its output h > 0), so neither needs a pass of its own over the activations.
struct Store {
  bool relu = false;
  const float* gate = nullptr;
};

static inline vf stored(vf v, const Store& st, const float* gateAt) {
  // v < 0 ? 0 : v keeps a NaN, so a diverging trial stays visible.
  const vf zero = splat(0.0f);
  if (st.relu) v = v < zero ? zero : v;
  if (gateAt) v = load(gateAt) > zero ? v : zero;
  return v;
}

// One register block of `linear`: outputs o..o+NB, rows r..r+RV V (RV vectors of rows), the sum over k in order
// as in a scalar loop.
template <int NB, int RV>
static inline void linearBlock(const float* coef, int cso, int csk, const float* inp, int nk, float* out, int o,
                               const float* bias, int stride, int r, const Store& st) {
  vf s[NB][RV];
#pragma GCC unroll 8
  for (int b = 0; b < NB; b++)
    for (int q = 0; q < RV; q++) s[b][q] = splat(bias ? bias[o + b] : 0.0f);
  const float* pin = inp + r;
  const float* pc = coef + o * cso;
  for (int k = 0; k < nk; k++) {
    vf a[RV];
    for (int q = 0; q < RV; q++) a[q] = load(pin + q * V);
#pragma GCC unroll 8
    for (int b = 0; b < NB; b++) {
      const vf c = splat(pc[b * cso]);
      for (int q = 0; q < RV; q++) s[b][q] += c * a[q];
    }
    pin += stride;
    pc += csk;
  }
#pragma GCC unroll 8
  for (int b = 0; b < NB; b++)
    for (int q = 0; q < RV; q++) {
      const int at = (o + b) * stride + r + q * V;
      store(out + at, stored(s[b][q], st, st.gate ? st.gate + at : nullptr));
    }
}

// All output blocks of one row block of RV vectors: OB, then 4, then 1, so a narrow layer (20 units) still keeps
// several accumulator chains in flight.
template <int RV>
static inline void linearRows(const float* coef, int cso, int csk, const float* inp, int nk, float* out, int no,
                              const float* bias, int stride, int r, const Store& st) {
  int o = 0;
  for (; o + OB <= no; o += OB) linearBlock<OB, RV>(coef, cso, csk, inp, nk, out, o, bias, stride, r, st);
  if (OB > 4)
    for (; o + 4 <= no; o += 4) linearBlock<4, RV>(coef, cso, csk, inp, nk, out, o, bias, stride, r, st);
  for (; o < no; o++) linearBlock<1, RV>(coef, cso, csk, inp, nk, out, o, bias, stride, r, st);
}

// out[o][r] = bias[o] + sum_k coef[o cso + k csk] inp[k][r] for o < no, r < rowsPad (a multiple of V); bias null:
// none. Forward: coef = W [inDim][units] (cso 1, csk units); input gradient d W^T: cso units, csk 1. Rows go two
// vectors at a time (each coefficient serves both), a last single vector when rowsPad is an odd number of vectors.
static void linear(const float* coef, int cso, int csk, const float* inp, int nk, float* out, int no, const float* bias,
                   int stride, int rowsPad, const Store& st) {
  int r = 0;
  for (; r + 2 * V <= rowsPad; r += 2 * V) linearRows<2>(coef, cso, csk, inp, nk, out, no, bias, stride, r, st);
  if (r < rowsPad) linearRows<1>(coef, cso, csk, inp, nk, out, no, bias, stride, r, st);
}

// One register block of `gradKernel`: inputs k..k+KB x outputs o..o+NB, summed over all rows.
template <int KB, int NB>
static inline void gradBlock(const float* inp, int k, const float* d, int o, int no, int stride, int rowsPad,
                             float* out) {
  vf s[KB][NB] = {};
  for (int r = 0; r < rowsPad; r += V) {
    vf x[KB];
#pragma GCC unroll 4
    for (int a = 0; a < KB; a++) x[a] = load(inp + (k + a) * stride + r);
#pragma GCC unroll 4
    for (int b = 0; b < NB; b++) {
      const vf dv = load(d + (o + b) * stride + r);
#pragma GCC unroll 4
      for (int a = 0; a < KB; a++) s[a][b] += x[a] * dv;
    }
  }
  for (int a = 0; a < KB; a++)
    for (int b = 0; b < NB; b++) out[(k + a) * no + o + b] = hsum(s[a][b]);
}

// Kernel gradient a^T d: out[k][o] = sum_r inp[k][r] d[o][r] (out row-major [nk][no]). Blocks of KB inputs x 4
// outputs (4 x 4 accumulators on AVX-512's 32 registers, 2 x 4 on 16), remainders one at a time.
constexpr int KBG = VB == 64 ? 4 : 2;
template <int KB>
static void gradRows(const float* inp, int k, const float* d, int no, int stride, int rowsPad, float* out) {
  int o = 0;
  for (; o + 4 <= no; o += 4) gradBlock<KB, 4>(inp, k, d, o, no, stride, rowsPad, out);
  for (; o < no; o++) gradBlock<KB, 1>(inp, k, d, o, no, stride, rowsPad, out);
}
static void gradKernel(const float* inp, int nk, const float* d, int no, int stride, int rowsPad, float* out) {
  int k = 0;
  for (; k + KBG <= nk; k += KBG) gradRows<KBG>(inp, k, d, no, stride, rowsPad, out);
  if (KBG > 2)
    for (; k + 2 <= nk; k += 2) gradRows<2>(inp, k, d, no, stride, rowsPad, out);
  for (; k < nk; k++) gradRows<1>(inp, k, d, no, stride, rowsPad, out);
}

// Effective kernel of a spectral layer (method spec §1): out[j][i] = phi[j][i] (lambdaIn[j] - mask[i] lambdaOut[i]).
static void formKernel(const float* phi, const float* lin, const float* lout, const float* mask, float* out, int inDim,
                       int units) {
  for (int j = 0; j < inDim; j++) {
    const float lj = lin[j];
    const float* pr = phi + j * units;
    float* orow = out + j * units;
    if (mask)
      for (int i = 0; i < units; i++) orow[i] = pr[i] * (lj - lout[i] * mask[i]);
    else
      for (int i = 0; i < units; i++) orow[i] = pr[i] * (lj - lout[i]);
  }
}

// A spectral layer's kernel gradient gw onto its groups (method spec §1, W = phi (lambdaIn_j - m_i lambdaOut_i)):
// gPhi = gw (lambdaIn_j - m_i lambdaOut_i); gLin[j] = sum_i gw phi; gLout[i] -= m_i sum_j gw phi. Null skips a group.
static void scatterSpectral(const float* gw, const float* phi, const float* lin, const float* lout, const float* mask,
                            int inDim, int units, float* gPhi, float* gLin, float* gLout) {
  for (int j = 0; j < inDim; j++) {
    const float lj = lin[j];
    const float* g = gw + j * units;
    const float* pr = phi + j * units;
    float sIn = 0;
    for (int i = 0; i < units; i++) {
      const float mi = mask ? mask[i] : 1.0f;
      if (gPhi) gPhi[j * units + i] = g[i] * (lj - mi * lout[i]);
      const float gp = g[i] * pr[i];
      sIn += gp;
      if (gLout) gLout[i] -= mi * gp;
    }
    if (gLin) gLin[j] = sIn;
  }
}

class Impl final : public Trainer {
  struct Layer {
    const LayerSpec* spec;
    float* coef;  // the formed kernel (spectral) or the kernel inside the parameters (dense)
    float* h;
    float* d;
    float* gw;  // where the kernel gradient goes: scratch (spectral), the kernel's gradient slot (dense), or null
    const float* mask;
    const float* bias;
    float *gPhi, *gLin, *gLout, *gBias;
  };

  TrainerSpec sp_;
  float* p_;
  int stride_;
  std::vector<void*> blocks_;
  float *g_, *m_, *v_, *x_, *y_;
  std::vector<Layer> layers_;
  std::vector<int32_t> order_;
  int firstTrained_ = 0;

  float* alloc(size_t floats) {
    const size_t bytes = roundUp(static_cast<int>(std::max<size_t>(floats, 1) * 4), 64);
    void* at = std::aligned_alloc(64, bytes);
    if (!at) throw std::bad_alloc();
    std::memset(at, 0, bytes);
    blocks_.push_back(at);
    return static_cast<float*>(at);
  }
  bool trained(int offset) const { return offset >= 0 && offset < sp_.trainedSize; }

 public:
  Impl(TrainerSpec spec, float* params) : sp_(std::move(spec)), p_(params) {
    stride_ = roundUp(std::max(sp_.maxRows, 1), 2 * V);
    g_ = alloc(sp_.trainedSize);
    m_ = alloc(sp_.trainedSize);
    v_ = alloc(sp_.trainedSize);
    x_ = alloc(static_cast<size_t>(sp_.inputDim) * stride_);
    y_ = alloc(stride_);
    order_.resize(sp_.trainRows);
    for (int i = 0; i < sp_.trainRows; i++) order_[i] = i;
    firstTrained_ = -1;
    for (size_t i = 0; i < sp_.layers.size(); i++) {
      const LayerSpec& s = sp_.layers[i];
      Layer l{&s, nullptr, alloc(static_cast<size_t>(s.units) * stride_), alloc(static_cast<size_t>(s.units) * stride_),
              nullptr, s.mask.empty() ? nullptr : s.mask.data(), s.bias >= 0 ? p_ + s.bias : nullptr,
              nullptr, nullptr, nullptr, nullptr};
      bool trains = trained(s.bias);
      if (trained(s.bias)) l.gBias = g_ + s.bias;
      if (s.spectral) {
        l.coef = alloc(static_cast<size_t>(s.inDim) * s.units);
        if (trained(s.phi)) l.gPhi = g_ + s.phi;
        if (trained(s.lambdaIn)) l.gLin = g_ + s.lambdaIn;
        if (trained(s.lambdaOut)) l.gLout = g_ + s.lambdaOut;
        if (l.gPhi || l.gLin || l.gLout) l.gw = alloc(static_cast<size_t>(s.inDim) * s.units);
      } else {
        l.coef = p_ + s.kernel;
        if (trained(s.kernel)) l.gw = g_ + s.kernel;
      }
      trains = trains || l.gw;
      if (trains && firstTrained_ < 0) firstTrained_ = static_cast<int>(i);
      layers_.push_back(l);
    }
    if (firstTrained_ < 0) firstTrained_ = static_cast<int>(layers_.size());
  }
  ~Impl() override {
    for (void* b : blocks_) std::free(b);
  }

  void setOrder(const int32_t* order, int n) override { std::memcpy(order_.data(), order, sizeof(int32_t) * n); }

 private:
  // outX[j][r] = x[idx][j], outY[r] = y[idx], idx = order[start + r] (or start + r); rows..rowsPad zeroed.
  void gather(const float* x, const float* y, const int32_t* order, int start, int rows, int rowsPad) {
    const int d = sp_.inputDim;
    for (int r = 0; r < rowsPad; r++) {
      if (r < rows) {
        const int idx = order ? order[start + r] : start + r;
        y_[r] = y[idx];
        const float* src = x + static_cast<size_t>(idx) * d;
        for (int j = 0; j < d; j++) x_[j * stride_ + r] = src[j];
      } else {
        y_[r] = 0;
        for (int j = 0; j < d; j++) x_[j * stride_ + r] = 0;
      }
    }
  }

  void formKernels() {
    for (Layer& l : layers_) {
      const LayerSpec& s = *l.spec;
      if (s.spectral) formKernel(p_ + s.phi, p_ + s.lambdaIn, p_ + s.lambdaOut, l.mask, l.coef, s.inDim, s.units);
    }
  }

  const float* forward(int rowsPad) {
    const float* prev = x_;
    for (Layer& l : layers_) {
      const LayerSpec& s = *l.spec;
      Store st;
      st.relu = s.relu;
      linear(l.coef, 1, s.units, prev, s.inDim, l.h, s.units, l.bias, stride_, rowsPad, st);
      prev = l.h;
    }
    return layers_.back().h;
  }

  // sum_r (out[r] - y[r])^2 over r < rows in float64; dOut[r] = scale (out[r] - y[r]), zero on rows..rowsPad.
  double squaredError(const float* out, int rows, int rowsPad, double scale, float* dOut) {
    double sse = 0;
    for (int r = 0; r < rows; r++) {
      const double e = static_cast<double>(out[r]) - static_cast<double>(y_[r]);
      sse += e * e;
      if (dOut) dOut[r] = static_cast<float>(scale * e);
    }
    if (dOut)
      for (int r = rows; r < rowsPad; r++) dOut[r] = 0;
    return sse;
  }

  // sum_r logsumexp(z[.][r]) - z[y[r]][r] over r < rows of the logits out[c][r] (c < classes), in float64 with the
  // largest logit subtracted first (stable); dOut[c][r] = scale (softmax - onehot), zero on rows..rowsPad. A NaN or
  // infinite logit makes the loss NaN, which stops the trial.
  double crossEntropy(const float* out, int classes, int rows, int rowsPad, double scale, float* dOut) {
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      double mx = -HUGE_VAL;
      for (int c = 0; c < classes; c++) mx = std::max(mx, static_cast<double>(out[c * stride_ + r]));
      double s = 0;
      for (int c = 0; c < classes; c++) s += std::exp(static_cast<double>(out[c * stride_ + r]) - mx);
      const double lse = mx + std::log(s);
      const int y = static_cast<int>(y_[r]);
      sum += lse - static_cast<double>(out[y * stride_ + r]);
      if (dOut)
        for (int c = 0; c < classes; c++) {
          const double p = std::exp(static_cast<double>(out[c * stride_ + r]) - lse);
          dOut[c * stride_ + r] = static_cast<float>(scale * (c == y ? p - 1.0 : p));
        }
    }
    if (dOut)
      for (int c = 0; c < classes; c++)
        for (int r = rows; r < rowsPad; r++) dOut[c * stride_ + r] = 0;
    return sum;
  }

  // The data loss of the rows in the buffers (forward already run): the spec's loss, its gradient scaled by `scale`
  // per row (the MSE's 2 / rows is the caller's, cross-entropy's 1 / rows).
  double dataLoss(const float* out, int rows, int rowsPad, double scale, float* dOut) {
    if (sp_.crossEntropy) return crossEntropy(out, layers_.back().spec->units, rows, rowsPad, scale, dOut);
    return squaredError(out, rows, rowsPad, scale, dOut);
  }

 public:
  double lossGradient(int start, int rows) override {
    const int rowsPad = roundUp(rows, V);
    gather(sp_.trainX.data(), sp_.trainY.data(), order_.data(), start, rows, rowsPad);
    formKernels();
    const int last = static_cast<int>(layers_.size()) - 1;
    const float* out = forward(rowsPad);
    // The gradient of the mean loss: 2 (out - y) / rows under MSE, (softmax - onehot) / rows under cross-entropy.
    const double sse = dataLoss(out, rows, rowsPad, (sp_.crossEntropy ? 1.0 : 2.0) / rows, layers_[last].d);
    std::memset(g_, 0, sizeof(float) * sp_.trainedSize);
    for (int i = last; i >= firstTrained_; i--) {
      Layer& l = layers_[i];
      const LayerSpec& s = *l.spec;
      const int n = s.units * stride_;
      // Below the last layer the input-gradient product of the layer above already gated d by h > 0.
      if (s.relu && i == last) {
        const float* h = l.h;
        float* d = l.d;
        for (int e = 0; e < n; e++) d[e] = h[e] > 0 ? d[e] : 0.0f;
      }
      const float* prev = i == 0 ? x_ : layers_[i - 1].h;
      if (l.gw) gradKernel(prev, s.inDim, l.d, s.units, stride_, rowsPad, l.gw);
      if (s.spectral && l.gw)
        scatterSpectral(l.gw, p_ + s.phi, p_ + s.lambdaIn, p_ + s.lambdaOut, l.mask, s.inDim, s.units, l.gPhi, l.gLin,
                        l.gLout);
      if (l.gBias)
        for (int o = 0; o < s.units; o++) {
          vf acc = {};
          const float* pd = l.d + o * stride_;
          for (int r = 0; r < rowsPad; r += V) acc += load(pd + r);
          l.gBias[o] += hsum(acc);
        }
      // Input gradient d W^T, ReLU-gated by the layer below at its own turn.
      if (i > firstTrained_) {
        Store st;
        if (layers_[i - 1].spec->relu) st.gate = layers_[i - 1].h;
        linear(l.coef, s.units, 1, l.d, s.units, layers_[i - 1].d, s.inDim, nullptr, stride_, rowsPad, st);
      }
    }
    return sse;
  }

  // Adam (method spec §3, tfjs/PyTorch form) with the L2 term 2 c p added to the gradient; entries whose phase mask is
  // 0 keep their value and moments (§7).
  void adam(int t, float lr, int phase) override {
    const float c1 = static_cast<float>(1.0 - std::pow(static_cast<double>(sp_.beta1), t));
    const float c2 = static_cast<float>(1.0 - std::pow(static_cast<double>(sp_.beta2), t));
    const float b1 = sp_.beta1, b2 = sp_.beta2, eps = sp_.epsilon;
    const float ob1 = static_cast<float>(1.0 - static_cast<double>(sp_.beta1));
    const float ob2 = static_cast<float>(1.0 - static_cast<double>(sp_.beta2));
    const int n = sp_.trainedSize;
    float* __restrict p = p_;
    float* __restrict m = m_;
    float* __restrict v = v_;
    const float* __restrict g = g_;
    const float* __restrict l2 = sp_.l2.data();
    const float* mask = sp_.phaseMasks.empty() ? nullptr : sp_.phaseMasks[phase].data();
    if (mask) {
      for (int i = 0; i < n; i++) {
        const float gi = g[i] + 2.0f * l2[i] * p[i];
        const float mi = b1 * m[i] + ob1 * gi;
        const float vi = b2 * v[i] + ob2 * (gi * gi);
        const float pi = p[i] - (lr * (mi / c1)) / (__builtin_sqrtf(vi / c2) + eps);
        const bool keep = mask[i] == 0.0f;
        m[i] = keep ? m[i] : mi;
        v[i] = keep ? v[i] : vi;
        p[i] = keep ? p[i] : pi;
      }
    } else {
      for (int i = 0; i < n; i++) {
        const float gi = g[i] + 2.0f * l2[i] * p[i];
        const float mi = b1 * m[i] + ob1 * gi;
        const float vi = b2 * v[i] + ob2 * (gi * gi);
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i] - (lr * (mi / c1)) / (__builtin_sqrtf(vi / c2) + eps);
      }
    }
  }

  // sum c x^2 over the trained entries, float64 (the penalty the loss reports, method spec §1).
  double trainedPenalty() const {
    double s = 0;
    for (int i = 0; i < sp_.trainedSize; i++) s += sp_.l2Penalty[i] * static_cast<double>(p_[i]) * p_[i];
    return s;
  }

  int epoch(int batchSize, int firstStep, float lr, const int32_t* phases, double* sse, double* penalty) override {
    int k = 0;
    for (int start = 0; start < sp_.trainRows; start += batchSize, k++) {
      const int rows = std::min(batchSize, sp_.trainRows - start);
      if (penalty) penalty[k] = trainedPenalty();
      const double s = lossGradient(start, rows);
      sse[k] = s;
      if (!std::isfinite(s)) return k + 1;
      adam(firstStep + k, lr, phases ? phases[k] : 0);
    }
    return k;
  }

  double validationSse() override {
    if (sp_.valRows == 0) return 0;
    formKernels();
    double sse = 0;
    for (int start = 0; start < sp_.valRows; start += stride_) {
      const int n = std::min(stride_, sp_.valRows - start);
      const int nPad = roundUp(n, V);
      gather(sp_.valX.data(), sp_.valY.data(), nullptr, start, n, nPad);
      sse += dataLoss(forward(nPad), n, nPad, 0, nullptr);
    }
    return sse;
  }

  const float* gradient() const override { return g_; }
};

Trainer* create(TrainerSpec spec, float* params) { return new Impl(std::move(spec), params); }
