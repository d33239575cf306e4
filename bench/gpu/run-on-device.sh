#!/usr/bin/env bash
# Runs on a CUDA machine that has PyTorch but no .NET SDK. Carries .gpu/moby-dick.jsonl and either .gpu/ep
# (self-contained trimmed publish of ep, built with -p:TorchBackend=none) or .gpu/platform.tar.xz (its .NET runtime
# and framework-dependent ep; the one to carry when runs-on-device.sh runs in the same call). ep runs on PyTorch's
# own torch/lib.
# Alternates ep train and bench/train-throughput/reference.py, gpt2-124m, batch 8 × 1024, PAIRS=3 pairs per precision:
# fp32 weights with TF32 matmuls, and bf16 mixed precision (ep --precision bf16: bf16 compute, fp32 master weights;
# PyTorch: bf16 autocast over fp32 weights). PRECISIONS="fp32" runs only the first.
set -uo pipefail
OUT=${OUT:-/tmp/ep-gpu-out}; mkdir -p "$OUT"
torchlib=$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
export LD_LIBRARY_PATH="$torchlib:${LD_LIBRARY_PATH:-}"
export DOTNET_gcServer=0
{
  date -u +%Y-%m-%dT%H:%MZ
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
  python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)'
  nproc
} | tee "$OUT/machine.txt"
if [ -x .gpu/ep/ep ] || [ -f .gpu/ep/ep ]; then
  chmod +x .gpu/ep/ep
  ep() { .gpu/ep/ep "$@"; }
else
  work=$(mktemp -d -t ep-gpu-XXXXXX)
  trap 'rm -rf "$work"' EXIT
  tar -C "$work" -xJf .gpu/platform.tar.xz || { echo "neither .gpu/ep nor .gpu/platform.tar.xz (bench/gpu/prepare.sh)" >&2; exit 1; }
  export DOTNET_ROOT=$work/platform/dotnet
  ep() { "$work/platform/dotnet/dotnet" "$work/platform/app/ep.dll" "$@"; }
fi
pairs=${PAIRS:-3}
steps=${STEPS:-40}
common="--config gpt2-124m --batch-size 8 --steps $steps"
# Smoke test: a tiny run on CUDA, with a checkpoint, then sampling from it.
ep train --kind pretrain --data .gpu/moby-dick.jsonl --tokenizer gpt2 --config tiny --steps 20 --eval-interval 10 --eval-batches 2 \
  --device cuda --json --out /tmp/smoke 2>&1 | tee "$OUT/smoke.jsonl" | tail -3
ep generate --model /tmp/smoke --prompt "Call me Ishmael." --max-tokens 20 --device cuda 2>&1 | tee -a "$OUT/smoke.jsonl"
for precision in ${PRECISIONS:-fp32 bf16}; do
  for pair in $(seq 1 "$pairs"); do
    rm -rf /tmp/run
    ep train --kind pretrain --data .gpu/moby-dick.jsonl --tokenizer gpt2 $common --seq-len 1024 --eval-interval 0 --eval-batches 1 \
      --device cuda --tf32 --precision "$precision" --json --token-cache off --out /tmp/run > "$OUT/ep-$precision-$pair.jsonl" 2> "$OUT/ep-$precision-$pair.err" \
      || tail -5 "$OUT/ep-$precision-$pair.err"
    python3 bench/train-throughput/reference.py $common --device cuda --tf32 $([ "$precision" = bf16 ] && echo --bf16) \
      > "$OUT/py-$precision-$pair.jsonl" 2> "$OUT/py-$precision-$pair.err" || tail -5 "$OUT/py-$precision-$pair.err"
  done
  python3 - "$OUT" "$precision" "$pairs" <<'PY' | tee "$OUT/summary-$precision.txt"
import json, statistics, sys
out, precision = sys.argv[1], sys.argv[2]
def rate(path):
    rows = [json.loads(l) for l in open(path) if l.startswith("{")]
    rows = [r for r in rows if r.get("event") == "step" and r["step"] > 10]  # skip warm-up (allocator, cuBLAS heuristics)
    return statistics.median(r["tokens_per_second"] for r in rows) if rows else float("nan")
ratios = []
for pair in range(1, int(sys.argv[3]) + 1):
    e, p = rate(f"{out}/ep-{precision}-{pair}.jsonl"), rate(f"{out}/py-{precision}-{pair}.jsonl")
    ratios.append(e / p)
    print(f"{precision} pair {pair}: ep {e:,.0f} tok/s  pytorch {p:,.0f} tok/s  ratio {e / p:.3f}")
print(f"{precision} median ratio ep/pytorch: {statistics.median(ratios):.3f}")
PY
done
nvidia-smi --query-gpu=memory.used --format=csv,noheader
