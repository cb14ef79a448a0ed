#!/usr/bin/env bash
# Packs into .gpu-check/ (ignored by git) all that scripts/gpu-check.sh needs on a machine with an
# NVIDIA GPU but no Node, no npm and no network; it must stay under the device tool's 64 MiB carry.
#   bash scripts/gpu-check-pack.sh        (npm run gpu-check:pack)
# .gpu-check/runtime.tar.xz: Node, Dawn's WebGPU binding, the benchmark bundled with tfjs and the
#   engine (so node_modules need not travel), the Vulkan loader, and a libstdc++ for older systems.
# .gpu-check/xz/: xz and its liblzma, for a machine without xz (xz packs Node in 24 MB, gzip in 36).
# .gpu-check/public/: the VGG19 weights (they do not compress) and the benchmark's demo pictures,
#   decoded here as PNG, for the bundle holds no sharp (scripts/gpuCheckStage.ts, which
#   scripts/gpuCheck.test.ts runs without node_modules in npm test).
set -euo pipefail
cd "$(dirname "$0")/.."
pack=.gpu-check
limit=$((64 * 1024 * 1024))

# The x86-64 copy of a shared library, as the dynamic linker here finds it.
library() {
  local path
  path=$(ldconfig -p | grep -F "$1 (libc6,x86-64)" | head -1 | sed 's/.*=> //')
  [[ -n $path ]] || { echo "gpu-check-pack: $1 not found here (Debian package $2)" >&2; exit 1; }
  readlink -f "$path"
}

[[ -f public/models/vgg19/manifest.json ]] || { echo 'gpu-check-pack: no weights in public/: run npm run model' >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
rm -rf "$pack"
mkdir -p "$pack/xz" "$pack/public/models"

mkdir -p "$stage/bin" "$stage/lib/fallback"
cp "$(readlink -f "$(command -v node)")" "$stage/bin/node"
cp "$(library libvulkan.so.1 libvulkan1)" "$stage/lib/libvulkan.so.1"
cp "$(library libstdc++.so.6 libstdc++6)" "$stage/lib/fallback/libstdc++.so.6"
# bench.mjs and node_modules/webgpu/ into the stage; the pictures, decoded, into public/demo/.
node_modules/.bin/tsx scripts/gpuCheckStage.ts "$stage" "$pack/public/demo"
tar -C "$stage" -cf - . | xz -9 -T0 >"$pack/runtime.tar.xz"

cp "$(readlink -f "$(command -v xz)")" "$pack/xz/xz"
cp "$(library liblzma.so.5 liblzma5)" "$pack/xz/liblzma.so.5"
cp -r public/models/vgg19 "$pack/public/models/"

du -ab "$pack" | sort -n | tail -6 >&2
total=$(du -sb "$pack" | cut -f1)
echo "gpu-check-pack: $pack holds $total bytes ($((total * 100 / limit))% of the 64 MiB carry)" >&2
((total < limit)) || { echo 'gpu-check-pack: too large for one carry' >&2; exit 1; }
