#!/usr/bin/env bash
# Adds a worker silo to the platform ./run.sh is running from this folder; Ctrl-C hands its runs back and stops it.
#   scripts/worker.sh [slots=1] [accelerator=cpu]
# A CUDA worker: scripts/worker.sh 1 cuda, with libtorch from a PyTorch install in EP_LIBTORCH (see docs/training.md).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
[ -f .run/storage ] || die "the platform is not running from this folder (start ./run.sh first)"
slots=${1:-1}; accelerator=${2:-cpu}
require_tools
dotnet build src/ExperimentPlatform.Silo -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || die "build failed"
dotnet build src/ExperimentPlatform.Cli -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || die "build failed (ep, which trains runs)"
silo=$(free_port); gateway=$(free_port); root=$PWD
mkdir -p .run
say "Starting a $accelerator worker with $slots slot(s) on 127.0.0.1:$silo (log .run/worker-$silo.log). Ctrl-C stops it."
WORKER_PID=""
trap 'trap - EXIT INT TERM; echo; say "Stopping the worker (its runs are checkpointed and handed back)"; stop_pid "$WORKER_PID" 60' EXIT
trap 'exit 130' INT TERM
(
  cd src/ExperimentPlatform.Silo/bin/Release/net10.0
  export ConnectionStrings__Storage="$(cat "$root/.run/storage")" Orleans__SiloPort=$silo Orleans__GatewayPort=$gateway \
    Orleans__Membership__ProbeTimeout=00:00:01 Orleans__Membership__NumMissedProbesLimit=2 \
    Orleans__Membership__NumVotesForDeathDeclaration=1 Orleans__Membership__TableRefreshTimeout=00:00:02 \
    Silo__Role=worker Silo__Slots="$slots" Silo__Accelerator="$accelerator" \
    Roles__Grants__0__Actor="${USER:-$(id -un)}" Roles__Grants__0__Roles__0=Admin \
    Worker__Ep="$root/src/ExperimentPlatform.Cli/bin/Release/net10.0/ep.dll" Worker__Directory="$root/.data/worker-$silo"
  exec setsid dotnet ExperimentPlatform.Silo.dll
) >".run/worker-$silo.log" 2>&1 &
WORKER_PID=$!
wait "$WORKER_PID"
