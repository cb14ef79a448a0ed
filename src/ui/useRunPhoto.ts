// The photo the current run started from: the one its result is compared with, even if the photo box has changed since.
import { useEffect, useState } from 'react';
import { useAppStore } from '../state/store';
import type { RgbaImage } from '../worker/protocol';

export function useRunPhoto(): RgbaImage | undefined {
  const [photo, setPhoto] = useState<RgbaImage>();
  useEffect(
    () =>
      useAppStore.subscribe((state, previous) => {
        if (state.run && state.run.id !== previous.run?.id) setPhoto(state.inputs.content?.image);
      }),
    [],
  );
  return photo;
}
