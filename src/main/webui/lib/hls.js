// Plays an HLS URL in a <video>: through hls.js (its light build, loaded only when needed) where the
// browser has Media Source Extensions, natively where it plays HLS itself (Safari). `urlFor` lets
// the caller swap a signed token in every request made from then on.

/** Attaches `url`; returns a handle with `destroy()`. `rewrite(url)` is applied to every request. */
export async function attachHls(video, url, { rewrite = (u) => u, onFatal = () => {} } = {}) {
  const { default: Hls } = await import('hls.js/light');
  if (Hls.isSupported()) {
    const hls = new Hls({
      enableWorker: false, // no blob: worker, so the CSP needs no worker-src
      xhrSetup(xhr, requested) {
        const wanted = rewrite(requested);
        if (wanted !== requested) {
          xhr.open('GET', wanted, true);
        }
      },
    });
    hls.on(Hls.Events.ERROR, (event, data) => {
      if (data.fatal) {
        onFatal(data);
      }
    });
    hls.loadSource(rewrite(url));
    hls.attachMedia(video);
    return { destroy: () => hls.destroy(), native: false };
  }
  if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = rewrite(url);
    return { destroy: () => video.removeAttribute('src'), native: true };
  }
  throw new Error('This browser cannot play HLS video.');
}
