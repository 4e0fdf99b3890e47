#pragma once
// actfn: activation functions built around GELU, one template per kernel for
// float, double and xsimd batches, with array forms over contiguous memory.
//
// Each family has its own header beside this one; this header includes them all.

#include "version.hpp"

#include "bias.hpp"
#include "elu.hpp"
#include "gated.hpp"
#include "gelu.hpp"
#include "gelu_tanh.hpp"
#include "quick_gelu.hpp"
#include "relu.hpp"
#include "silu.hpp"
