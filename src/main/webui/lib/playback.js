// Plays a lesson's video in a <video> from its playback data (GET /api/videos/{id}/playback), for
// the console's preview and the player alike: hls.js or native HLS, the video's ready captions as
// <track>s (their WebVTT fetched with the token, so it never sits in a URL), and, for a signed
// video, fresh playback data before its token runs out, the new token swapped into every request.
import { attachHls } from './hls.js';
import { claimsOf } from './token.js';

/** The signed token in a delivery URL ({base}/{token}/manifest/…), or null for a bare uid. */
export function tokenOf(url) {
  const parts = new URL(url).pathname.split('/');
  const key = parts[parts.indexOf('manifest') - 1] ?? '';
  return key.split('.').length === 3 ? key : null;
}

/** Milliseconds from now until fresh playback data is due: when a quarter of the token's life is left. */
export function refreshDelay(token, now = Date.now()) {
  const claims = claimsOf(token);
  if (!claims?.exp) {
    return null;
  }
  const expires = claims.exp * 1000;
  const lifetime = expires - (claims.nbf ? claims.nbf * 1000 : now);
  return Math.max(5000, expires - now - Math.max(60000, lifetime / 4));
}

/** How soon a refresh that failed for a passing reason is tried again. */
const RETRY_MS = 5000;

export class Playback {
  /**
   * @param video the <video> element
   * @param api an apiClient (lib/api.js)
   * @param videoId the video's id
   * @param onRefreshFailed hears the error when fresh playback data could not be had
   */
  constructor(video, api, videoId, { onRefreshFailed = () => {}, onFatal = () => {} } = {}) {
    Object.assign(this, { video, api, videoId, onRefreshFailed, onFatal });
    this.tokens = [];
    this.trackUrls = [];
  }

  /** Plays what `data` (playback data) points at. */
  async start(data) {
    this.data = data;
    const token = tokenOf(data.playback_urls.hls);
    if (token) {
      this.tokens.push(token);
      this.schedule(token);
    }
    if (data.thumbnail_url_generated) {
      this.video.poster = data.thumbnail_url_generated;
    }
    this.handle = await attachHls(this.video, data.playback_urls.hls, {
      rewrite: (url) => this.rewrite(url),
      onFatal: (details) => this.onFatal(details),
    });
  }

  /** Every request made from now on carries the newest token in place of an older one. */
  rewrite(url) {
    const newest = this.tokens.at(-1);
    for (const old of this.tokens) {
      if (old !== newest && url.includes(old)) {
        return url.replace(old, newest);
      }
    }
    return url;
  }

  schedule(token) {
    const delay = refreshDelay(token);
    if (delay !== null) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.refresh(), delay);
    }
  }

  /**
   * Fresh playback data. A failure that may pass (no connection, a 5xx) is tried again in 5 s while
   * the current token still has time; anything else, or a token run out, is the caller's to show.
   * Nothing happens after destroy(), even for a call already on its way.
   */
  async refresh() {
    let data;
    try {
      data = await this.api.get(`/api/videos/${encodeURIComponent(this.videoId)}/playback`);
    } catch (error) {
      if (this.destroyed) {
        return;
      }
      const passing = error.status === 0 || error.status >= 500;
      const expires = (claimsOf(this.tokens.at(-1))?.exp ?? 0) * 1000;
      if (passing && expires - Date.now() > RETRY_MS) {
        this.timer = setTimeout(() => this.refresh(), RETRY_MS);
      } else {
        this.onRefreshFailed(error);
      }
      return;
    }
    if (this.destroyed) {
      return;
    }
    const token = tokenOf(data.playback_urls.hls);
    if (token && token !== this.tokens.at(-1)) {
      this.tokens.push(token);
      if (this.handle?.native) {
        // Safari's own HLS: a new source, at the same moment
        const at = this.video.currentTime;
        const playing = !this.video.paused;
        this.video.src = data.playback_urls.hls;
        this.video.currentTime = at;
        if (playing) {
          this.video.play().catch(() => {});
        }
      }
    }
    this.data = data;
    this.schedule(token ?? this.tokens.at(-1));
  }

  /** Adds the video's ready captions as tracks; returns the captions added. */
  async addCaptions() {
    const captions = (await this.api.get(`/api/videos/${this.videoId}/captions`)).filter((caption) => caption.status === 'ready');
    for (const caption of captions) {
      const response = await this.api.call('GET', `/api/videos/${this.videoId}/captions/${encodeURIComponent(caption.language)}/vtt`,
        { accept: 'text/vtt' });
      const url = URL.createObjectURL(new Blob([await response.text()], { type: 'text/vtt' }));
      this.trackUrls.push(url);
      const track = document.createElement('track');
      Object.assign(track, { kind: 'subtitles', srclang: caption.language, label: caption.label || caption.language, src: url });
      this.video.append(track);
    }
    return captions;
  }

  destroy() {
    this.destroyed = true;
    clearTimeout(this.timer);
    this.handle?.destroy();
    this.trackUrls.forEach((url) => URL.revokeObjectURL(url));
    this.video.querySelectorAll('track').forEach((track) => track.remove());
  }
}
