// kernel-native/native/trainer.h: the interface between the N-API binding and the per-ISA trainers. One Trainer holds
// one trial: its parameters (a float32 view owned by JavaScript), Adam moments, data and work buffers.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace spectral {

/** One layer of the plan. Offsets index the full parameter vector; -1 means the group is absent. */
struct LayerSpec {
  bool spectral = false;
  bool relu = false;
  int inDim = 0;
  int units = 0;
  int phi = -1, lambdaIn = -1, lambdaOut = -1, kernel = -1, bias = -1;
  std::vector<float> mask;  // empty: no node mask
};

struct TrainerSpec {
  int inputDim = 0;
  int maxRows = 0;
  int trainedSize = 0;
  int fullSize = 0;
  std::vector<LayerSpec> layers;
  std::vector<float> l2;                       // trainedSize, for Adam
  std::vector<double> l2Penalty;               // the same coefficients unrounded, for the reported penalty
  std::vector<std::vector<float>> phaseMasks;  // empty: every entry updates every step
  std::vector<float> trainX, trainY, valX, valY;
  int trainRows = 0, valRows = 0;
  float beta1 = 0, beta2 = 0, epsilon = 0;
  // The data loss: false the MSE of a single output; true softmax cross-entropy of the last layer's C logits against
  // class indices in trainY / valY (the binding checks they are integers in [0, C)).
  bool crossEntropy = false;
};

class Trainer {
 public:
  virtual ~Trainer() = default;
  /** Row order of the coming epoch (a permutation of the training rows). */
  virtual void setOrder(const int32_t* order, int n) = 0;
  /**
   * Gradient of the batch's mean loss (MSE or cross-entropy) of rows order[start..start+rows) into the gradient
   * buffer; returns the batch's summed loss (the SSE under MSE).
   */
  virtual double lossGradient(int start, int rows) = 0;
  /** One Adam step (1-based t) with the gradient buffer plus L2; phase indexes phaseMasks (ignored without masks). */
  virtual void adam(int t, float lr, int phase) = 0;
  /**
   * A whole epoch of batches of batchSize rows in the set order: lossGradient + adam per batch, step numbers from
   * firstStep, phases[k] for the k-th batch (null: phase 0). Writes each batch's SSE to sse[k] and stops after the
   * first non-finite one (that batch takes no step). penalty (may be null) gets the L2 penalty of the trained
   * entries before each step. Returns the number of batches run.
   */
  virtual int epoch(int batchSize, int firstStep, float lr, const int32_t* phases, double* sse, double* penalty) = 0;
  /** The summed loss (the SSE under MSE) over the validation rows at the current parameters. */
  virtual double validationSse() = 0;
  virtual const float* gradient() const = 0;
};

/** Whether the trainer of an ISA was compiled in and this CPU runs it. */
bool isaAvailable(const std::string& isa);
/** The best ISA this CPU runs among those compiled in: avx512, avx2 or portable. */
std::string bestIsa();
/** A trainer for an ISA (one that isaAvailable accepts); params points at fullSize floats that outlive it. */
Trainer* createTrainer(const std::string& isa, TrainerSpec spec, float* params);

namespace isa_portable { Trainer* create(TrainerSpec spec, float* params); }
namespace isa_avx2 { Trainer* create(TrainerSpec spec, float* params); }
namespace isa_avx512 { Trainer* create(TrainerSpec spec, float* params); }

}  // namespace spectral
