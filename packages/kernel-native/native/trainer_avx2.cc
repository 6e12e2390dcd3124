// kernel-native/native/trainer_avx2.cc: the trainer compiled for 256-bit AVX2 with fused multiply-add.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>

#include "trainer.h"

#if defined(__x86_64__) && defined(__GNUC__)
#pragma GCC target("avx2,fma")
#define VB 32
namespace spectral {
namespace isa_avx2 {
#include "trainer-impl.h"
}  // namespace isa_avx2
}  // namespace spectral
#else
// Not x86-64 (or not GCC/Clang): this instruction set does not exist here; dispatch never picks it.
namespace spectral {
namespace isa_avx2 {
Trainer* create(TrainerSpec, float*) { return nullptr; }
}  // namespace isa_avx2
}  // namespace spectral
#endif
