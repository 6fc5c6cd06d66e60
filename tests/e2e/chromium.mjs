// How the tests and benchmarks start Debian's Chromium: the flags keep it from reaching for
// Google's servers, which this machine's closed network refuses.
export const executablePath = '/usr/bin/chromium';

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

/** Flags for a camera that plays `video` (Y4M) and needs no permission prompt. */
export const fakeCameraArgs = (video) => ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  `--use-file-for-fake-video-capture=${video}`];
