#!/usr/bin/env bash
# Reference results for docs/results.md, on the built-in catalog with ep:
#  1. tiny GPT (GPT-2 BPE) pretrained on moby-dick: loss curve, tokens/s, wall time;
#  2. spam-assassin classification fine-tuned from that foundation vs the same model from scratch, training the last
#     block + head (the default, Raschka's recipe) and training all weights: test accuracy, F1;
#  3. email-instructions instruction tuning from the foundation: exact-match overall and per task on held-out examples.
#   bench/reference-results/run.sh [pretrain-steps=300] [finetune-steps=300]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/common.sh
require_tools
ensure_node_modules
pre=${1:-300}; fine=${2:-300}
dotnet build src/ExperimentPlatform.Cli -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || die "build failed"
out=${EP_RESULTS:-bench/out/reference}; rm -rf "$out"; mkdir -p "$out"
ep() { dotnet src/ExperimentPlatform.Cli/bin/Release/net10.0/ep.dll "$@"; }
common="--tokenizer gpt2 --config tiny --device cpu --json --seed 1"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" | tee "$out/machine.txt"
ep train --kind pretrain --data moby-dick $common --steps "$pre" --batch-size 8 --lr 1e-3 --min-lr 1e-4 --warmup 30 \
  --eval-interval 50 --eval-batches 20 --sample-interval "$pre" --out "$out/foundation" > "$out/foundation.jsonl"
for trainable in last-block all; do
  for init in foundation scratch; do
    extra=(); [ "$init" = foundation ] && extra=(--init "$out/foundation")
    ep train --kind classify --data spam-assassin $common --steps "$fine" --batch-size 8 --max-length 128 --lr 5e-4 --min-lr 5e-5 \
      --warmup 20 --eval-interval 100 --eval-batches 50 --trainable "$trainable" "${extra[@]}" --out "$out/spam-$init-$trainable" \
      > "$out/spam-$init-$trainable.jsonl"
  done
done
ep train --kind instruct --data email-instructions $common --steps "$fine" --batch-size 8 --max-length 128 --lr 5e-4 --min-lr 5e-5 \
  --warmup 20 --eval-interval 0 --eval-batches 20 --eval-examples 150 --init "$out/foundation" --out "$out/instruct" > "$out/instruct.jsonl"
python3 bench/reference-results/summarize.py "$out"
