// The negative control of threads.no_global_state: each kind of state the
// check looks for, so that the check is seen to find it.  Compiled, never linked.
#include <cstdlib>

namespace actfn_state_control
{
int calls = 0;                                    // writable global
thread_local int per_thread = 0;                  // thread-local
const int from_env = std::getenv("HOME") ? 1 : 2; // dynamic initialisation at start-up

int lazy()
{
    static const int once = std::rand();          // guarded function-local static
    return once;
}

int touch(int i)
{
    ++calls;
    per_thread += i;
    return lazy() + from_env + per_thread;
}
}  // namespace actfn_state_control
