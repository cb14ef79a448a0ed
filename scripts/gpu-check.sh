#!/usr/bin/env bash
# The Node WebGPU benchmark (npm run bench -- --backends webgpu-node) on a machine with an NVIDIA GPU
# and neither Node nor a browser: steps at 128, 256, 512 and 1024 px (no tiles) against the plain
# baseline, then the time to quality at 256 px. JSON lines on stdout and in $OUT/bench.jsonl.
#
#   here:  bash scripts/gpu-check-pack.sh      (npm run gpu-check:pack; fills .gpu-check/, about 56 MB)
#   there: the device tool's run, carry ['.gpu-check'], command 'bash scripts/gpu-check.sh'
#
# Options: --sizes 128,256,512,1024  --quality 256 (0: none)  --reference-iterations 300
#   --allow-software: report a software adapter (llvmpipe) too, to test this script without a GPU.
# Needs bash, coreutils, grep, sed and tar; xz if there (else the packed one); nvidia-smi if there.
set -euo pipefail

sizes=128,256,512,1024
quality=256
reference=300
gpu_only=(--gpu-only)
while (($#)); do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --quality) quality=$2; shift 2 ;;
    --reference-iterations) reference=$2; shift 2 ;;
    --allow-software) gpu_only=(); shift ;;
    *) echo "gpu-check: unknown option $1" >&2; exit 2 ;;
  esac
done

say() { echo "gpu-check: $*" >&2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
pack=$repo/.gpu-check
[[ -f $pack/runtime.tar.xz ]] || { say "no $pack/runtime.tar.xz: run scripts/gpu-check-pack.sh and carry .gpu-check"; exit 1; }
out=${OUT:-}
[[ -z $out ]] || mkdir -p "$out"
# Keeps a copy of what a command prints in $OUT/NAME, where $OUT is set.
keep() { if [[ -n $out ]]; then tee -a "$out/$1"; else cat; fi; }

# Unpack Node, Dawn's binding, the bundled benchmark and the Vulkan loader (outside .gpu-check,
# which must stay small enough to carry).
run=$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")
trap 'rm -rf "$run"' EXIT
if command -v xz >/dev/null; then xz -dc "$pack/runtime.tar.xz"; else LD_LIBRARY_PATH=$pack/xz "$pack/xz/xz" -dc "$pack/runtime.tar.xz"; fi | tar -C "$run" -xf -
node=$run/bin/node
export LD_LIBRARY_PATH=$run/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
# Dawn's binding wants GLIBCXX_3.4.30 (GCC 12); an older system libstdc++ gives way to the packed one.
dawn=$run/node_modules/webgpu/dist/linux-x64/dawn.node
if ! "$node" -e "require('$dawn')" 2>/dev/null; then
  export LD_LIBRARY_PATH=$run/lib/fallback:$LD_LIBRARY_PATH
  "$node" -e "require('$dawn')" || { say "Node or Dawn's binding does not load here (glibc 2.34 or later needed)"; exit 1; }
  say 'using the packed libstdc++'
fi
say "node $("$node" --version)"
# Mesa's and NVIDIA's Vulkan drivers want a runtime directory.
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-${TMPDIR:-/tmp}}

if command -v nvidia-smi >/dev/null; then nvidia-smi 2>&1 | keep nvidia-smi.txt >&2 || true; else say 'no nvidia-smi'; fi

# The NVIDIA Vulkan driver: its manifest where the container runtime put one, else one written for
# the driver's library (libGLX_nvidia holds the Vulkan driver too).
icd=
for file in {/etc,/usr/share,/usr/local/share,/usr/local/nvidia/share,/usr/local/nvidia/etc}/vulkan/icd.d/nvidia*.json; do
  if [[ -f $file ]]; then icd=$file; break; fi
done
if [[ -z $icd ]]; then
  glx=$(ldconfig -p 2>/dev/null | grep -F 'libGLX_nvidia.so.0 (libc6,x86-64)' | head -1 | sed 's/.*=> //' || true)
  for file in {/usr/local/nvidia/lib64,/usr/lib/x86_64-linux-gnu,/usr/lib64}/libGLX_nvidia.so.0; do
    if [[ -z $glx && -f $file ]]; then glx=$file; fi
  done
  if [[ -n $glx ]]; then
    icd=$run/nvidia_icd.json
    echo "{\"file_format_version\": \"1.0.0\", \"ICD\": {\"library_path\": \"$glx\", \"api_version\": \"1.3.0\"}}" >"$icd"
  fi
fi
if [[ -n $icd ]]; then
  say "NVIDIA Vulkan driver: $icd"
  export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd
else
  say "no NVIDIA Vulkan driver here (a container needs NVIDIA_DRIVER_CAPABILITIES with graphics; it has '${NVIDIA_DRIVER_CAPABILITIES:-}')"
  ldconfig -p 2>/dev/null | grep -i nvidia | head -20 >&2 || true
fi

# Which adapter Dawn finds; where none, the Vulkan loader says why.
probe="import { create } from '$run/node_modules/webgpu/index.js';
const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
const { vendor, architecture, device, description } = adapter?.info ?? {};
console.log(adapter ? JSON.stringify({ vendor, architecture, device, description }) : 'no adapter');
process.exit(adapter ? 0 : 1);"
if ! "$node" --input-type=module -e "$probe" 2>&1 | keep adapter.txt >&2; then
  VK_LOADER_DEBUG=error,warn,driver "$node" --input-type=module -e "$probe" 2>&1 | tail -40 | keep adapter.txt >&2 || true
  say 'Dawn found no WebGPU adapter'
  exit 1
fi

# Steps at every size in one piece: the tile is the largest size.
tile=$(tr , '\n' <<<"$sizes" | sort -n | tail -1)
say "bench: sizes $sizes, quality $quality, tile $tile"
"$node" "$run/bench.mjs" --backends webgpu-node --sizes "$sizes" --quality "$quality" --reference-iterations "$reference" \
  --tile "$tile" --public "$pack/public" "${gpu_only[@]}" 2> >(keep bench.log >&2) | keep bench.jsonl
