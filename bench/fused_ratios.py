#!/usr/bin/env python3
"""Ratios of actfn_bench_fused's rows (issue 20's speed targets), from its JSON.

    build/bench/actfn_bench_fused --benchmark_repetitions=5 \\
        --benchmark_report_aggregates_only=true --benchmark_out=fused.json
    python3 bench/fused_ratios.py fused.json

Takes each row's median (or its only run) CPU time per element and prints
each ratio with the issue's target beside it.
"""
import json
import sys

RATIOS = [
    # (numerator, denominator, target, what)
    ("f32/geglu/n1/65536", "f32/gelu/n1/65536", 1.15, "geglu (accurate) / gelu"),
    ("f32/geglu_fast/n1/65536", "f32/gelu/n1/65536", 1.15, "geglu (fast) / gelu"),
    ("f32/swiglu/n1/65536", "f32/silu/n1/65536", 1.15, "swiglu (accurate) / silu"),
    ("f32/swiglu_fast/n1/65536", "f32/silu/n1/65536", 1.15, "swiglu (fast) / silu"),
    ("f64/geglu/n1/65536", "f64/gelu/n1/65536", 1.15, "geglu f64 / gelu f64"),
    ("f64/swiglu/n1/65536", "f64/silu/n1/65536", 1.15, "swiglu f64 / silu f64"),
    ("f32/geglu_backward/n1/65536", "f32/gelu_backward/n1/65536", None, "geglu_backward (accurate) / gelu_backward"),
    ("f32/geglu_backward_fast/n1/65536", "f32/gelu_backward/n1/65536", None, "geglu_backward (fast) / gelu_backward"),
    ("f32/torch_geglu/n1/65536", "f32/geglu_fast/n1/65536", None, "PyTorch gelu(a) * b / geglu (fast)"),
    ("f32/torch_swiglu/n1/65536", "f32/swiglu_fast/n1/65536", None, "PyTorch silu(a) * b / swiglu (fast)"),
    ("f32/gelu_bias/n1/4096x4096", "f32/add_then_gelu/n1/4096x4096", 0.6, "gelu_bias / (add loop + gelu)"),
    ("f32/gelu_bias/n1/4096x4096", "f32/gelu_on_sums/n1/4096x4096", 1.1, "gelu_bias / gelu"),
    ("f32/gelu_bias_backward/n1/4096x4096", "f32/gelu_backward_on_sums/n1/4096x4096", 1.3,
     "gelu_bias_backward / gelu_backward"),
    ("f32/gelu_bias_backward/n1/4096x4096", "f32/add_then_gelu_backward_then_colsum/n1/4096x4096", None,
     "gelu_bias_backward / (add + gelu_backward + column sum)"),
    ("f32/torch_gelu_bias/n1/4096x4096", "f32/gelu_bias/n1/4096x4096", None, "PyTorch gelu(x + bias) / gelu_bias"),
    ("f32/torch_gelu_bias_backward/n1/4096x4096", "f32/gelu_bias_backward/n1/4096x4096", None,
     "PyTorch gelu_backward + sum / gelu_bias_backward"),
]


def main():
    rows = {}
    with open(sys.argv[1]) as f:
        for b in json.load(f)["benchmarks"]:
            name = b.get("run_name", b["name"])
            if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
                continue
            rows[name] = b["cpu_time"] * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
    print("| ratio | value | target |")
    print("|---|---|---|")
    for num, den, target, what in RATIOS:
        if num in rows and den in rows:
            r = rows[num] / rows[den]
            t = "-" if target is None else ("<= %.2f: %s" % (target, "yes" if r <= target else "no"))
            print("| %s | %.2f | %s |" % (what, r, t))


if __name__ == "__main__":
    main()
