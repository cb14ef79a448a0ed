export interface Size {
  width: number;
  height: number;
}

/** The size with long side `longSide` and the aspect ratio of `size`. */
export function fitLongSide(size: Size, longSide: number): Size {
  const scale = longSide / Math.max(size.width, size.height);
  return {
    width: Math.max(1, Math.round(size.width * scale)),
    height: Math.max(1, Math.round(size.height * scale)),
  };
}
