// kernel-native/native/trainer_portable.cc: the trainer compiled for the x86-64 baseline (SSE2, 128-bit) or whatever the compiler targets elsewhere.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>

#include "trainer.h"

#define VB 16
namespace spectral {
namespace isa_portable {
#include "trainer-impl.h"
}  // namespace isa_portable
}  // namespace spectral
