// kernel-native/native/binding.cc: the N-API surface (node-addon-api). A Trainer object per trial; every call does
// at least one whole batch (lossGradient, adam) or a whole epoch (epoch), so JavaScript is crossed once per epoch.
#include <napi.h>

#include <memory>

#include "trainer.h"

namespace {

using spectral::LayerSpec;
using spectral::Trainer;
using spectral::TrainerSpec;

std::vector<float> floats(const Napi::Value& v, const char* field) {
  if (v.IsUndefined() || v.IsNull()) return {};
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throw Napi::TypeError::New(v.Env(), std::string("kernel-native: ") + field + " must be a Float32Array");
  auto a = v.As<Napi::Float32Array>();
  return std::vector<float>(a.Data(), a.Data() + a.ElementLength());
}

std::vector<double> doubles(const Napi::Value& v, const char* field) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array)
    throw Napi::TypeError::New(v.Env(), std::string("kernel-native: ") + field + " must be a Float64Array");
  auto a = v.As<Napi::Float64Array>();
  return std::vector<double>(a.Data(), a.Data() + a.ElementLength());
}

int integer(const Napi::Object& o, const char* field) {
  Napi::Value v = o.Get(field);
  if (!v.IsNumber()) throw Napi::TypeError::New(o.Env(), std::string("kernel-native: ") + field + " must be a number");
  return v.As<Napi::Number>().Int32Value();
}

int offsetOf(const Napi::Object& o, const char* field) {
  Napi::Value v = o.Get(field);
  return v.IsNumber() ? v.As<Napi::Number>().Int32Value() : -1;
}

TrainerSpec readSpec(const Napi::Object& o) {
  TrainerSpec s;
  s.inputDim = integer(o, "inputDim");
  s.maxRows = integer(o, "maxRows");
  s.trainedSize = integer(o, "trainedSize");
  s.fullSize = integer(o, "fullSize");
  s.beta1 = o.Get("beta1").As<Napi::Number>().FloatValue();
  s.beta2 = o.Get("beta2").As<Napi::Number>().FloatValue();
  s.epsilon = o.Get("epsilon").As<Napi::Number>().FloatValue();
  s.l2Penalty = doubles(o.Get("l2"), "l2");
  s.l2.assign(s.l2Penalty.begin(), s.l2Penalty.end());
  s.trainX = floats(o.Get("trainX"), "trainX");
  s.trainY = floats(o.Get("trainY"), "trainY");
  s.valX = floats(o.Get("valX"), "valX");
  s.valY = floats(o.Get("valY"), "valY");
  s.trainRows = static_cast<int>(s.trainY.size());
  s.valRows = static_cast<int>(s.valY.size());
  Napi::Value pm = o.Get("phaseMasks");
  if (pm.IsArray()) {
    auto a = pm.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); i++) s.phaseMasks.push_back(floats(a.Get(i), "phaseMasks[i]"));
  }
  auto layers = o.Get("layers").As<Napi::Array>();
  for (uint32_t i = 0; i < layers.Length(); i++) {
    auto l = layers.Get(i).As<Napi::Object>();
    LayerSpec ls;
    ls.spectral = l.Get("spectral").ToBoolean();
    ls.relu = l.Get("relu").ToBoolean();
    ls.inDim = integer(l, "inDim");
    ls.units = integer(l, "units");
    ls.phi = offsetOf(l, "phi");
    ls.lambdaIn = offsetOf(l, "lambdaIn");
    ls.lambdaOut = offsetOf(l, "lambdaOut");
    ls.kernel = offsetOf(l, "kernel");
    ls.bias = offsetOf(l, "bias");
    ls.mask = floats(l.Get("mask"), "mask");
    s.layers.push_back(std::move(ls));
  }
  // The sizes the trainer indexes with must agree, or it would read past an array.
  if (s.l2.size() != static_cast<size_t>(s.trainedSize) || s.trainX.size() != s.trainY.size() * s.inputDim ||
      s.valX.size() != s.valY.size() * s.inputDim || s.layers.empty())
    throw Napi::RangeError::New(o.Env(), "kernel-native: l2, trainX/trainY or valX/valY sizes do not match the plan");
  Napi::Value loss = o.Get("loss");
  if (!loss.IsUndefined()) {
    const std::string name = loss.IsString() ? loss.As<Napi::String>().Utf8Value() : "";
    if (name != "mse" && name != "softmax-cross-entropy")
      throw Napi::TypeError::New(o.Env(), "kernel-native: loss must be 'mse' or 'softmax-cross-entropy'");
    s.crossEntropy = name == "softmax-cross-entropy";
  }
  const int outputs = s.layers.back().units;
  if (s.crossEntropy) {
    if (outputs < 2 || s.layers.back().relu)
      throw Napi::RangeError::New(o.Env(),
                                  "kernel-native: softmax-cross-entropy needs a linear last layer of >= 2 units");
    // The loss indexes the logits by label: anything but a class index would read outside them.
    for (const auto* labels : {&s.trainY, &s.valY})
      for (float y : *labels)
        if (!(y >= 0 && y < outputs && y == static_cast<float>(static_cast<int>(y))))
          throw Napi::RangeError::New(o.Env(), "kernel-native: under softmax-cross-entropy every label must be a class "
                                               "index 0..units-1 of the last layer");
  }
  for (const auto& m : s.phaseMasks)
    if (m.size() != static_cast<size_t>(s.trainedSize))
      throw Napi::RangeError::New(o.Env(), "kernel-native: every phase mask needs trainedSize entries");
  return s;
}

class TrainerWrap : public Napi::ObjectWrap<TrainerWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Trainer",
                       {InstanceMethod("setOrder", &TrainerWrap::SetOrder),
                        InstanceMethod("lossGradient", &TrainerWrap::LossGradient),
                        InstanceMethod("adam", &TrainerWrap::Adam), InstanceMethod("epoch", &TrainerWrap::Epoch),
                        InstanceMethod("validationSse", &TrainerWrap::ValidationSse),
                        InstanceMethod("gradient", &TrainerWrap::Gradient),
                        InstanceAccessor("isa", &TrainerWrap::Isa, nullptr)});
  }

  // new Trainer(spec, params: Float32Array(fullSize), isa): params stays the trainer's live parameter vector.
  explicit TrainerWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TrainerWrap>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 3 || !info[0].IsObject() || !info[1].IsTypedArray() || !info[2].IsString())
      throw Napi::TypeError::New(env, "kernel-native: new Trainer(spec, params: Float32Array, isa: string)");
    TrainerSpec spec = readSpec(info[0].As<Napi::Object>());
    auto params = info[1].As<Napi::Float32Array>();
    if (params.TypedArrayType() != napi_float32_array || params.ElementLength() != static_cast<size_t>(spec.fullSize))
      throw Napi::RangeError::New(env, "kernel-native: params must be a Float32Array of fullSize entries");
    trainedSize_ = spec.trainedSize;
    trainRows_ = spec.trainRows;
    paramsRef_ = Napi::Persistent(params);
    isa_ = info[2].As<Napi::String>().Utf8Value();
    try {
      trainer_.reset(spectral::createTrainer(isa_, std::move(spec), params.Data()));
    } catch (const std::exception& e) {
      throw Napi::Error::New(env, std::string("kernel-native: ") + e.what());
    }
    if (!trainer_) throw Napi::Error::New(env, "kernel-native: no trainer for instruction set '" + isa_ + "'");
  }

 private:
  Napi::Value SetOrder(const Napi::CallbackInfo& info) {
    // Int32Array or Uint32Array (what the seeded permutation gives): the same bits for row indices below 2^31.
    const bool typed = info[0].IsTypedArray();
    const napi_typedarray_type type = typed ? info[0].As<Napi::TypedArray>().TypedArrayType() : napi_int8_array;
    if ((type != napi_int32_array && type != napi_uint32_array) ||
        info[0].As<Napi::TypedArray>().ElementLength() != static_cast<size_t>(trainRows_))
      throw Napi::RangeError::New(info.Env(), "kernel-native: setOrder needs an Int32Array of the training rows");
    auto a = info[0].As<Napi::TypedArray>();
    const int32_t* rows = reinterpret_cast<const int32_t*>(static_cast<const uint8_t*>(a.ArrayBuffer().Data()) + a.ByteOffset());
    for (int i = 0; i < trainRows_; i++)
      if (rows[i] < 0 || rows[i] >= trainRows_)
        throw Napi::RangeError::New(info.Env(), "kernel-native: setOrder got a row index outside the training rows");
    trainer_->setOrder(rows, trainRows_);
    return info.Env().Undefined();
  }
  Napi::Value LossGradient(const Napi::CallbackInfo& info) {
    const int start = info[0].As<Napi::Number>().Int32Value(), rows = info[1].As<Napi::Number>().Int32Value();
    checkRows(info.Env(), start, rows);
    return Napi::Number::New(info.Env(), trainer_->lossGradient(start, rows));
  }
  Napi::Value Adam(const Napi::CallbackInfo& info) {
    trainer_->adam(info[0].As<Napi::Number>().Int32Value(), info[1].As<Napi::Number>().FloatValue(),
                   info[2].As<Napi::Number>().Int32Value());
    return info.Env().Undefined();
  }
  // epoch(batchSize, firstStep, lr, phases: Int32Array | null, sse: Float64Array, penalty?: Float64Array) -> batches
  Napi::Value Epoch(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const int batch = info[0].As<Napi::Number>().Int32Value();
    if (batch < 1) throw Napi::RangeError::New(env, "kernel-native: batchSize must be >= 1");
    const int batches = (trainRows_ + batch - 1) / batch;
    const int32_t* phases = nullptr;
    if (info[3].IsTypedArray()) {
      auto ph = info[3].As<Napi::Int32Array>();
      if (ph.ElementLength() < static_cast<size_t>(batches)) throw Napi::RangeError::New(env, "kernel-native: phases too short");
      phases = ph.Data();
    }
    auto sse = info[4].As<Napi::Float64Array>();
    if (sse.ElementLength() < static_cast<size_t>(batches)) throw Napi::RangeError::New(env, "kernel-native: sse too short");
    double* penalty = nullptr;
    if (info.Length() > 5 && info[5].IsTypedArray()) {
      auto pen = info[5].As<Napi::Float64Array>();
      if (pen.ElementLength() < static_cast<size_t>(batches)) throw Napi::RangeError::New(env, "kernel-native: penalty too short");
      penalty = pen.Data();
    }
    const int done = trainer_->epoch(batch, info[1].As<Napi::Number>().Int32Value(),
                                     info[2].As<Napi::Number>().FloatValue(), phases, sse.Data(), penalty);
    return Napi::Number::New(env, done);
  }
  Napi::Value ValidationSse(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), trainer_->validationSse());
  }
  Napi::Value Gradient(const Napi::CallbackInfo& info) {
    auto out = Napi::Float32Array::New(info.Env(), trainedSize_);
    std::copy(trainer_->gradient(), trainer_->gradient() + trainedSize_, out.Data());
    return out;
  }
  Napi::Value Isa(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), isa_); }

  void checkRows(Napi::Env env, int start, int rows) {
    if (start < 0 || rows < 1 || start + rows > trainRows_)
      throw Napi::RangeError::New(env, "kernel-native: the batch lies outside the training rows");
  }

  std::unique_ptr<Trainer> trainer_;
  Napi::Reference<Napi::Float32Array> paramsRef_;
  std::string isa_;
  int trainedSize_ = 0;
  int trainRows_ = 0;
};

Napi::Value BestIsa(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), spectral::bestIsa()); }

Napi::Value IsaAvailable(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), spectral::isaAvailable(info[0].As<Napi::String>().Utf8Value()));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("Trainer", TrainerWrap::Define(env));
  exports.Set("bestIsa", Napi::Function::New(env, BestIsa));
  exports.Set("isaAvailable", Napi::Function::New(env, IsaAvailable));
  return exports;
}

}  // namespace

NODE_API_MODULE(spectral_kernel, Init)
