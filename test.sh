#!/usr/bin/env bash
# Builds everything, starts a private Azurite on free ports in a temp folder, runs every test project,
# stops Azurite (also on failure or Ctrl-C), and prints "N passed, N failed" last.
set -uo pipefail
cd "$(dirname "$0")"
source scripts/common.sh

require_tools
ensure_node_modules

say "Building (Release)"
dotnet build ExperimentPlatform.sln -c Release -nologo -v quiet -clp:ErrorsOnly || die "build failed"

tmp=$(mktemp -d -t ep-test-XXXXXX)
AZURITE_PID=""
cleanup() { stop_pid "$AZURITE_PID" 5; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

blob=$(free_port); queue=$(free_port); table=$(free_port)
say "Starting Azurite on 127.0.0.1:$blob (blob), :$table (table), data in $tmp"
start_azurite "$tmp/azurite" "$blob" "$queue" "$table" "$tmp/azurite.log"
export EP_TEST_STORAGE; EP_TEST_STORAGE=$(azurite_connection_string "$blob" "$table")

say "Running tests"
log="$tmp/test.log"
# One test project at a time (-m:1): the cluster and process tests time failovers and wait for training processes,
# and on two cores a neighbouring project's training would make them slow in ways the tests do not control.
dotnet test ExperimentPlatform.sln -c Release --no-build -nologo -m:1 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-project summary lines ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ...").
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
projects=$(grep -cE '^(Passed|Failed)!' "$log")
expected=$(find tests -name '*.Tests.csproj' | wc -l)
# With no filter every test project must report; a project that crashed prints no summary line.
if [ $# -eq 0 ] && [ "$projects" -ne "$expected" ]; then
  echo "error: $projects of $expected test projects reported results" >&2
  status=1
  failed=$((failed + expected - projects))
fi
[ "$status" -eq 0 ] && [ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
