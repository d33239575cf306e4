#!/usr/bin/env bash
# The platform on a CUDA machine that has PyTorch but neither .NET nor Node. Carries .gpu/platform.tar.xz and
# .gpu/moby-dick.jsonl (bench/gpu/prepare.sh). Starts Azurite and one worker silo with Silo__Accelerator=cuda (its
# training processes run on PyTorch's torch/lib), uploads Moby-Dick, and alternates a gpt2-124m run launched through
# the client (ep runs launch --wait: queue, executor, its own ep process on the GPU, events and checkpoint stored)
# with the same training by ep train in one process; prints each one's median tokens/s over steps 11..N and the ratio.
#   PAIRS=2 STEPS=40 CONFIG=gpt2-124m BATCH=8 SEQ_LEN=1024 bench/gpu/runs-on-device.sh
#   Without a GPU, to check the script: ACCELERATOR=cpu CONFIG=tiny TOKENIZER=bytes SEQ_LEN=128 TORCH_LIB=<libtorch lib folder>
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/scripts/common.sh"
OUT=${OUT:-/tmp/ep-gpu-out}; mkdir -p "$OUT"
accelerator=${ACCELERATOR:-cuda}; config=${CONFIG:-gpt2-124m}; tokenizer=${TOKENIZER:-gpt2}
steps=${STEPS:-40}; pairs=${PAIRS:-2}; batch=${BATCH:-8}; seq=${SEQ_LEN:-1024}
torchlib=${TORCH_LIB:-$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')}
export LD_LIBRARY_PATH="$torchlib:${LD_LIBRARY_PATH:-}"  # the worker's training processes inherit it

work=$(mktemp -d -t ep-platform-XXXXXX)
tar -C "$work" -xJf "$repo/.gpu/platform.tar.xz" || die "unpacking .gpu/platform.tar.xz failed (run bench/gpu/prepare.sh where .NET is)"
p=$work/platform
export DOTNET_ROOT=$p/dotnet PATH="$p/dotnet:$p/node:$PATH" DOTNET_gcServer=0 DOTNET_CLI_TELEMETRY_OPTOUT=1
AZURITE_PID=""; WORKER_PID=""
trap 'stop_pid "$WORKER_PID" 60; stop_pid "$AZURITE_PID" 5; rm -rf "$work"' EXIT
{
  date -u +%Y-%m-%dT%H:%MZ
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo "no nvidia-smi"
  python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)' 2>/dev/null || echo "libtorch from $torchlib"
  echo "$(nproc) cores"
} | tee "$OUT/machine.txt"

blob=$(free_port); queue=$(free_port); table=$(free_port); silo=$(free_port); gateway=$(free_port)
(cd "$p" && start_azurite "$work/azurite" "$blob" "$queue" "$table" "$OUT/azurite.log") || die "Azurite did not start"
AZURITE_PID=$(pgrep -n -f "azurite.*--blobPort $blob")
storage=$(azurite_connection_string "$blob" "$table")
(
  cd "$p/app"
  export ConnectionStrings__Storage="$storage" Orleans__SiloPort=$silo Orleans__GatewayPort=$gateway \
    Silo__Role=worker Silo__Slots=1 Silo__Accelerator="$accelerator" \
    Worker__Ep="$p/app/ep.dll" Worker__Dotnet="$p/dotnet/dotnet" Worker__Directory="$work/worker" EP_TOKEN_CACHE="$work/tokens"
  exec dotnet ExperimentPlatform.Silo.dll
) >"$OUT/worker.log" 2>&1 &
WORKER_PID=$!
ep() { dotnet "$p/app/ep.dll" "$@"; }
cluster=(--cluster "127.0.0.1:$gateway")
for _ in $(seq 1 600); do
  ep datasets list "${cluster[@]}" >/dev/null 2>&1 && break
  kill -0 "$WORKER_PID" 2>/dev/null || { tail -30 "$OUT/worker.log"; die "the worker silo exited"; }
  sleep 0.2
done
ep datasets upload "$repo/.gpu/moby-dick.jsonl" --name moby-dick --version v1 --kind text "${cluster[@]}" | tee "$OUT/upload.txt" || die "upload failed"

flags=(--tokenizer "$tokenizer" --config "$config" --batch-size "$batch" --seq-len "$seq" --steps "$steps" --eval-interval 0 --eval-batches 1
  --checkpoint-interval 0 --seed 7)
[ "$accelerator" = cuda ] && flags+=(--tf32)
echo "run: $config, $tokenizer tokenizer, Moby-Dick, batch $batch x $seq, $steps steps, ${accelerator}$([ "$accelerator" = cuda ] && echo ', fp32 with TF32 matmuls')" | tee -a "$OUT/machine.txt"
printf "| pair | ep train tok/s | platform tok/s | ratio | platform wall (launch to end) |\n| --- | --- | --- | --- | --- |\n" | tee "$OUT/summary.md"
for pair in $(seq 1 "$pairs"); do
  rm -rf "$work/local"
  ep train --data "$repo/.gpu/moby-dick.jsonl" "${flags[@]}" --device "$accelerator" --json --token-cache "$work/tokens" --out "$work/local" \
    > "$OUT/ep-$pair.jsonl" 2> "$OUT/ep-$pair.err" || tail -5 "$OUT/ep-$pair.err"
  start=$(date +%s.%N)
  ep runs launch --data moby-dick@v1 "${flags[@]}" --accelerator "$accelerator" --experiment gpu "${cluster[@]}" --wait --json \
    > "$OUT/platform-$pair.jsonl" 2> "$OUT/platform-$pair.err" || tail -5 "$OUT/platform-$pair.err"
  wall=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
  read -r local_tps _ _ < <(python3 "$repo/bench/platform/summarize.py" < "$OUT/ep-$pair.jsonl")
  read -r platform_tps _ _ < <(python3 "$repo/bench/platform/summarize.py" < "$OUT/platform-$pair.jsonl")
  ratio=$(python3 -c "print(f'{$platform_tps / $local_tps:.3f}')" 2>/dev/null || echo nan)
  printf "| %d | %s | %s | %s | %s s |\n" "$pair" "$local_tps" "$platform_tps" "$ratio" "$wall" | tee -a "$OUT/summary.md"
done
nvidia-smi --query-gpu=memory.used --format=csv,noheader 2>/dev/null || true
