import { useEffect } from 'react';
import { backendLabel, loadExample, loadInput } from '../state/actions';
import { forgetPictures } from '../state/picturePersistence';
import { announce, useAppStore, type Slot } from '../state/store';
import { loadDoodleExample } from '../state/regionStore';
import { DoodleStart } from './DoodleStart';
import { forgetVideo } from '../state/videoRender';
import { DropZone } from './DropZone';
import { MaskEditor } from './MaskEditor';
import { RegionEditor } from './RegionEditor';
import { ResultPanel } from './ResultPanel';
import { SettingsPanel } from './SettingsPanel';
import { StyleBlend } from './StyleBlend';
import { UpdateBanner } from './UpdateBanner';

function EngineBadge() {
  const engine = useAppStore((state) => state.engine);
  let text: string;
  switch (engine.phase) {
    case 'starting':
      text = 'Starting the engine…';
      break;
    case 'loading-model':
      text = `Loading the model · ${engine.loaded}/${engine.total}`;
      break;
    case 'ready':
      text = backendLabel(engine.backend);
      break;
    case 'failed':
      text = 'Engine failed to start';
      break;
  }
  return (
    <p className="engine-badge" data-phase={engine.phase} title={engine.phase === 'failed' ? engine.message : undefined}>
      <span className="engine-dot" aria-hidden="true" />
      <span className="visually-hidden">Engine: </span>
      {text}
    </p>
  );
}

function StatusLine() {
  const status = useAppStore((state) => state.status);
  return (
    <div className="status-line" data-tone={status?.tone} role="status" aria-live="polite">
      {status?.text}
    </div>
  );
}

/** A pasted image goes to the focused box, else to the first empty one. */
function usePasteIntoDropZones(): void {
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const files = [...(event.clipboardData?.files ?? [])];
      const file = files.find((f) => f.type.startsWith('image/')) ?? files[0];
      if (!file) return;
      event.preventDefault();
      const focused = (document.activeElement?.closest('[data-slot]') as HTMLElement | null)?.dataset.slot as Slot | undefined;
      const { inputs } = useAppStore.getState();
      const slot = focused ?? (['content', 'style'] as const).find((s) => !inputs[s]);
      if (!slot) {
        announce('info', 'Both pictures are loaded: select the photo or the painting box, then paste to replace it.');
        return;
      }
      void loadInput(slot, file, file.name || 'pasted-image.png');
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, []);
}

export function App() {
  usePasteIntoDropZones();
  return (
    <div className="app">
      <UpdateBanner />
      <header className="masthead">
        <div>
          <h1>Neural Style</h1>
          <p className="tagline">Repaint a photo in the style of a painting, right in your browser.</p>
        </div>
        <EngineBadge />
      </header>

      <main className="workspace">
        <section className="panel panel-inputs" aria-labelledby="pictures-heading">
          <div className="panel-head">
            <h2 id="pictures-heading">Pictures</h2>
            <div className="panel-head-actions">
              <button type="button" className="button-quiet" onClick={() => void loadExample()}>
                Try an example
              </button>
              <button type="button" className="button-quiet" onClick={() => void loadDoodleExample()}>
                Try the doodle example
              </button>
            </div>
          </div>
          <div className="dropzones">
            <DropZone slot="content" />
            <DropZone slot="style" />
          </div>
          <DoodleStart />
          <StyleBlend />
        </section>

        <section className="panel panel-result" aria-labelledby="result-heading">
          <h2 id="result-heading" className="visually-hidden">
            Result
          </h2>
          <ResultPanel />
          <StatusLine />
        </section>

        {/* After the result, so that on a narrow screen Start and the picture come right after the pictures. */}
        <section className="panel panel-settings" aria-labelledby="settings-heading">
          <h2 id="settings-heading" className="settings-heading">
            Settings
          </h2>
          <SettingsPanel />
          <MaskEditor />
          <RegionEditor />
        </section>
      </main>

      <footer className="footer">
        <p>
          <strong>Nothing is uploaded.</strong> Your pictures stay on this device: the network runs in your browser.
          So that a reload loses nothing, your pictures and the last result are kept in this browser, and only here.{' '}
          <button type="button" className="button-quiet footer-forget" onClick={() => void Promise.all([forgetVideo(), forgetPictures()])}>
            Forget my pictures
          </button>
        </p>
        <p>
          Method: L. A. Gatys, A. S. Ecker and M. Bethge,{' '}
          <a href="https://arxiv.org/abs/1508.06576">A Neural Algorithm of Artistic Style</a> (2015). VGG19 weights by
          K. Simonyan and A. Zisserman (<a href="https://www.robots.ox.ac.uk/~vgg/research/very_deep/">VGG, University of Oxford</a>),{' '}
          <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>; quantised copy from{' '}
          <a href="https://github.com/neuralpixels/neuralpixels">neuralpixels</a> (MIT).
        </p>
      </footer>
    </div>
  );
}
