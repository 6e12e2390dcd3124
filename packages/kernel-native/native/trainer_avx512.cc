// kernel-native/native/trainer_avx512.cc: the trainer compiled for 512-bit AVX-512F with fused multiply-add.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>

#include "trainer.h"

#if defined(__x86_64__) && defined(__GNUC__)
#pragma GCC target("avx512f,avx512vl,avx512dq,avx2,fma")
#define VB 64
namespace spectral {
namespace isa_avx512 {
#include "trainer-impl.h"
}  // namespace isa_avx512
}  // namespace spectral
#else
// Not x86-64 (or not GCC/Clang): this instruction set does not exist here; dispatch never picks it.
namespace spectral {
namespace isa_avx512 {
Trainer* create(TrainerSpec, float*) { return nullptr; }
}  // namespace isa_avx512
}  // namespace spectral
#endif
