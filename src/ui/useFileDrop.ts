import { useState, type DragEvent } from 'react';

/** The drag handlers to spread on the element that takes the drop. */
export interface FileDropHandlers {
  onDragEnter: (event: DragEvent) => void;
  onDragOver: (event: DragEvent) => void;
  onDragLeave: (event: DragEvent) => void;
  onDrop: (event: DragEvent) => void;
}

/** At least one file, in order. */
export type SomeFiles = [File, ...File[]];

/** The files of a list, or undefined when it has none. */
export function someFiles(list: FileList | null | undefined): SomeFiles | undefined {
  const [first, ...rest] = list ?? [];
  return first ? [first, ...rest] : undefined;
}

export interface FileDrop {
  /** True while files are dragged over the element: for its highlight. */
  dragging: boolean;
  handlers: FileDropHandlers;
}

/**
 * Lets an element take files dropped on it: `onFiles` gets the dropped files (never none), in order.
 * Leaving the element for one of its own children does not end the highlight.
 */
export function useFileDrop(onFiles: (files: SomeFiles) => void): FileDrop {
  const [dragging, setDragging] = useState(false);
  const onDragOver = (event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const handlers: FileDropHandlers = {
    onDragEnter: onDragOver,
    onDragOver,
    onDragLeave: (event) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (event) => {
      event.preventDefault();
      setDragging(false);
      const files = someFiles(event.dataTransfer.files);
      if (files) onFiles(files);
    },
  };
  return { dragging, handlers };
}
