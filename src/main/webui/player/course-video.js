// <course-video api="https://videos.example" video-id="…" token="…">: a lesson's video for the
// course platform's pages. It plays the video (hls.js where the browser lacks HLS), shows its ready
// captions, renews a signed video's tokens before they run out, starts where the learner left off
// and reports progress heartbeats (quietly not, where the service has no learner progress).
// Embedding, CSP and CORS: docs/console.md.
import { css, html, LitElement } from 'lit';
import { apiClient } from '../lib/api.js';
import { Playback } from '../lib/playback.js';
import { ProgressReporter } from '../lib/progress.js';

const HEARTBEAT_MS = 10000;

export class CourseVideo extends LitElement {
  static properties = {
    api: {}, videoId: { attribute: 'video-id' }, token: {},
    message: { state: true }, loading: { state: true },
  };

  static styles = css`
    :host { display: block; position: relative; aspect-ratio: 16 / 9; background: #000; color: #fff; font: 15px/1.4 system-ui, sans-serif; }
    video { display: block; width: 100%; height: 100%; background: #000; }
    .message { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
      padding: 1.5rem; text-align: center; background: #111; }
    [hidden] { display: none; }
  `;

  constructor() {
    super();
    this.loading = true;
    this.message = '';
    this.from = null;
    this.last = null;
  }

  updated(changed) {
    if (['api', 'videoId', 'token'].some((name) => changed.has(name)) && this.api && this.videoId && this.token) {
      this.load();
    }
  }

  disconnectedCallback() {
    this.stop();
    document.removeEventListener('visibilitychange', this.onHidden);
    super.disconnectedCallback();
  }

  /** Ends the video shown so far: its last heartbeat goes out (to its own id), then nothing more of it. */
  stop() {
    this.sendHeartbeat({ keepalive: true });
    this.progress = null;
    clearInterval(this.beat);
    this.playback?.destroy();
    this.playback = null;
  }

  async load() {
    this.stop();
    this.message = '';
    this.loading = true;
    await this.updateComplete;
    const client = apiClient(this.api.replace(/\/$/, ''), this.token);
    this.client = client;
    const video = this.renderRoot.querySelector('video');
    let data;
    try {
      data = await client.get(`/api/videos/${encodeURIComponent(this.videoId)}/playback`);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (!data.is_ready || !data.playback_urls?.hls) {
      this.show('This lesson’s video is still being prepared. Please come back a little later.', 'not-ready');
      return;
    }
    this.duration = data.duration;
    this.playback = new Playback(video, client, this.videoId, {
      onRefreshFailed: (error) => this.fail(error),
      onFatal: () => this.show('The video could not be loaded. Check your connection and reload the page.', 'network'),
    });
    try {
      await this.playback.start(data);
    } catch (error) {
      this.show(error.message, 'unsupported');
      return;
    }
    this.loading = false;
    this.playback.addCaptions().catch(() => {}); // a lesson plays without captions rather than not at all
    this.progress = new ProgressReporter(client, this.videoId, data.duration);
    this.resume(video, this.progress);
    this.track();
  }

  /** A failed call, in the learner's words: 404 is "not available" (not ready, not released, or gone). */
  fail(error) {
    if (error.status === 404) {
      this.show('This lesson’s video is not available yet.', 'unavailable');
    } else if (error.status === 401) {
      this.show('Your session has expired. Reload the page to sign in again.', 'unauthenticated');
    } else if (error.status === 403) {
      this.show('You are not enrolled in this course.', 'forbidden');
    } else {
      this.show(error.message, 'error');
    }
  }

  show(message, reason) {
    this.loading = false;
    this.message = message;
    this.dispatchEvent(new CustomEvent('course-video-unavailable', { detail: { reason, message }, bubbles: true, composed: true }));
  }

  // ---- learner progress (lib/progress.js; none where the service keeps no progress)

  async resume(video, progress) {
    const at = await progress.position();
    const seek = () => {
      if (progress === this.progress && at > 0 && at < (video.duration || this.duration || Infinity) - 5) {
        video.currentTime = at;
      }
    };
    if (video.readyState >= 1) {
      seek();
    } else {
      video.addEventListener('loadedmetadata', seek, { once: true });
    }
  }

  /** Listens to the <video> once: the stretches played between heartbeats, cut at every seek and pause. */
  firstUpdated() {
    const video = this.renderRoot.querySelector('video');
    this.video = video;
    video.addEventListener('timeupdate', () => {
      const now = video.currentTime;
      if (this.from === null || video.seeking || now < this.last || now - this.last > 2) {
        this.closeStretch();
        this.from = now;
      }
      this.last = now;
    });
    video.addEventListener('seeking', () => this.closeStretch());
    video.addEventListener('pause', () => this.sendHeartbeat());
    video.addEventListener('ended', () => this.sendHeartbeat());
    this.onHidden = () => document.visibilityState === 'hidden' && this.sendHeartbeat({ keepalive: true });
    document.addEventListener('visibilitychange', this.onHidden);
  }

  closeStretch() {
    if (this.from != null && this.last != null) {
      this.progress?.add(this.from, this.last);
    }
    this.from = null;
  }

  track() {
    this.from = null;
    this.last = null;
    clearInterval(this.beat);
    this.beat = setInterval(() => {
      if (!this.video.paused) {
        this.sendHeartbeat();
      }
    }, HEARTBEAT_MS);
  }

  /** A heartbeat for the video shown now: what was played since the last one, and where playback is. */
  sendHeartbeat(options) {
    const progress = this.progress;
    if (!this.video || !progress) {
      return Promise.resolve();
    }
    const playing = !this.video.paused;
    this.closeStretch();
    if (playing) {
      this.from = this.video.currentTime;
      this.last = this.from;
    }
    return progress.send(this.video.currentTime, options);
  }

  render() {
    return html`
      <video controls playsinline preload="metadata" ?hidden=${Boolean(this.message)} part="video"
        aria-label="Lesson video"></video>
      <div class="message" role="status" ?hidden=${!this.message && !this.loading} part="message">
        ${this.message || 'Loading the lesson’s video…'}</div>`;
  }
}

if (!customElements.get('course-video')) {
  customElements.define('course-video', CourseVideo);
}
