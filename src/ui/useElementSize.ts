// The size an element is laid out at, kept up to date as the page resizes.
import { useLayoutEffect, useState, type RefObject } from 'react';
import type { Size } from '../state/store';

export function useElementSize(element: RefObject<HTMLElement | null>): Size | undefined {
  const [size, setSize] = useState<Size>();
  useLayoutEffect(() => {
    const target = element.current;
    if (!target) return;
    // Fractional, as laid out: rounding would shift what is placed by it against what the browser draws.
    const measure = () => {
      const { width, height } = target.getBoundingClientRect();
      setSize({ width, height });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return size;
}
