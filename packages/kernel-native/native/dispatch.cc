// kernel-native/native/dispatch.cc: picks the trainer of the best instruction set this CPU runs (cpuid through
// __builtin_cpu_supports, which also checks that the OS saves the wide registers).
#include <stdexcept>

#include "trainer.h"

namespace spectral {

bool isaAvailable(const std::string& isa) {
  if (isa == "portable") return true;
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (isa == "avx2") return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (isa == "avx512")
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("fma");
#endif
  return false;
}

std::string bestIsa() {
  if (isaAvailable("avx512")) return "avx512";
  if (isaAvailable("avx2")) return "avx2";
  return "portable";
}

Trainer* createTrainer(const std::string& isa, TrainerSpec spec, float* params) {
  if (!isaAvailable(isa)) throw std::invalid_argument("instruction set '" + isa + "' is not available on this CPU");
  if (isa == "avx512") return isa_avx512::create(std::move(spec), params);
  if (isa == "avx2") return isa_avx2::create(std::move(spec), params);
  return isa_portable::create(std::move(spec), params);
}

}  // namespace spectral
