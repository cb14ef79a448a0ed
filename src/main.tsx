import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startEngine } from './state/actions';
import { watchForUpdates } from './state/appUpdate';
import { keepPictures } from './state/picturePersistence';
import { pageSettingsNotice } from './state/settingsPersistence';
import { announce } from './state/store';
import { restoreVideo } from './state/videoRender';
import { App } from './ui/App';
import './ui/app.css';

// Relative to the page, so the app works from any folder it is served in.
startEngine(new URL('models/vgg19/', document.baseURI).href);
// The pictures of the last visit come back (while the model loads), and are kept from then on.
void keepPictures();
// So does a dropped clip: a render that was under way goes on at its next frame.
void restoreVideo();
// A hand-edited link or damaged storage is said, not obeyed.
const settingsNotice = pageSettingsNotice();
if (settingsNotice) announce('info', settingsNotice);
// Offline after the first visit; a new build is offered, not forced.
watchForUpdates();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
