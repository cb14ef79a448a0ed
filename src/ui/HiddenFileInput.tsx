import type { Ref } from 'react';
import { someFiles, type SomeFiles } from './useFileDrop';

interface HiddenFileInputProps {
  /** Clicking it opens the file chooser. */
  ref: Ref<HTMLInputElement>;
  /** Its accessible name. */
  label: string;
  /** Lets several pictures be chosen at once. */
  multiple?: boolean;
  /** Videos too (the photo box takes a clip). */
  videos?: boolean;
  'data-testid'?: string;
  onFiles: (files: SomeFiles) => void;
}

/** The file chooser behind a button or drop zone: pictures (and maybe videos) only, out of sight and out of the tab order. */
export function HiddenFileInput({ ref, label, multiple, videos, 'data-testid': testId, onFiles }: HiddenFileInputProps) {
  return (
    <input
      ref={ref}
      className="visually-hidden"
      type="file"
      accept={videos ? 'image/*,video/*' : 'image/*'}
      multiple={multiple}
      tabIndex={-1}
      aria-label={label}
      data-testid={testId}
      onChange={(event) => {
        const files = someFiles(event.currentTarget.files);
        // Lets the same file be chosen again after a change.
        event.currentTarget.value = '';
        if (files) onFiles(files);
      }}
    />
  );
}
