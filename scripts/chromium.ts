// How Debian's Chromium is started for the browser tests and the benchmark (shared/testing/browser.md).
export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  // Without these Chromium keeps calling the closed network.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // WebGPU is behind this flag on Linux.
  '--enable-unsafe-webgpu',
  // Extra flags, e.g. for a real GPU: CHROMIUM_ARGS="--use-angle=vulkan --enable-features=Vulkan".
  ...(process.env.CHROMIUM_ARGS ?? '').split(' ').filter(Boolean),
];
