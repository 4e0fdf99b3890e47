#pragma once
// actfn follows semantic versioning; 0.x until the public API is frozen.
#define ACTFN_VERSION_MAJOR 0
#define ACTFN_VERSION_MINOR 1
#define ACTFN_VERSION_PATCH 0
#define ACTFN_VERSION_STRING "0.1.0"
