// One video: a preview that plays it (through its signed tokens when it has them), its captions,
// its settings, its state at Cloudflare, sync now and delete.
import { html } from 'lit';
import { attempt, Element, formatDuration, formatTime, fromLocalInput, href, toLocalInput } from '../base.js';
import { session } from '../session.js';
import { confirmAction } from '../parts/dialog.js';
import { Playback } from '../../lib/playback.js';

const GENERATED_LANGUAGES = ['cs', 'de', 'en', 'es', 'fr', 'it', 'ja', 'ko', 'nl', 'pl', 'pt', 'ru'];

class Video extends Element {
  static properties = {
    videoId: {}, video: { state: true }, playback: { state: true }, captions: { state: true },
    error: { state: true }, busy: { state: true }, saved: { state: true }, captionError: { state: true },
    previewProblem: { state: true },
  };

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  disconnectedCallback() {
    clearTimeout(this.timer);
    this.player?.destroy();
    super.disconnectedCallback();
  }

  async load() {
    await attempt(this, async () => {
      const [video, playback, captions] = await Promise.all([
        session.api.get(`/api/videos/${this.videoId}`),
        session.api.get(`/api/videos/${this.videoId}/playback`),
        session.api.get(`/api/videos/${this.videoId}/captions`),
      ]);
      Object.assign(this, { video, playback, captions });
    });
    clearTimeout(this.timer);
    const settling = this.playback && (!this.playback.is_ready
      || (this.video.require_signed_urls && !this.video.signed_urls_enforced)
      || this.captions.some((caption) => caption.status === 'inprogress'));
    if (settling) {
      this.timer = setTimeout(() => this.load(), 3000); // until Cloudflare has caught up
    }
  }

  updated() {
    const element = this.querySelector('video');
    const key = this.playback?.is_ready && element ? `${this.playback.id}:${this.video.require_signed_urls}:${this.captionsKey()}` : null;
    if (key !== this.previewKey) {
      this.previewKey = key;
      this.player?.destroy();
      this.player = null;
      if (key) {
        this.startPreview(element);
      }
    }
  }

  captionsKey() {
    return (this.captions ?? []).filter((caption) => caption.status === 'ready').map((caption) => caption.language).join(',');
  }

  async startPreview(element) {
    this.previewProblem = '';
    const player = new Playback(element, session.api, this.videoId, {
      onRefreshFailed: (error) => { this.previewProblem = `Fresh playback tokens could not be had: ${error.message}`; },
      onFatal: () => { this.previewProblem = 'The video could not be loaded from Cloudflare Stream.'; },
    });
    this.player = player;
    try {
      await player.start(this.playback);
      await player.addCaptions();
    } catch (error) {
      this.previewProblem = error.message;
    }
  }

  async sync() {
    const video = await attempt(this, () => session.api.post(`/api/videos/${this.videoId}/sync`));
    if (video) {
      this.saved = 'Synced with Cloudflare Stream.';
      this.load();
    }
  }

  async deleteVideo() {
    const confirmed = await confirmAction({
      title: `Delete “${this.video.title}”?`,
      confirmLabel: 'Delete the video',
      body: html`<p data-test="loss">This deletes the video <strong>${this.video.title}</strong> of lesson
        “${this.video.lesson_id}”, its ${this.captions.length} caption ${this.captions.length === 1 ? 'file' : 'files'}
        and its media at Cloudflare Stream. Learners lose this lesson. This cannot be undone.</p>`,
    });
    if (confirmed && await attempt(this, () => session.api.delete(`/api/videos/${this.videoId}`)) !== undefined) {
      location.hash = href('courses', this.video.course_id);
    }
  }

  async save(event) {
    event.preventDefault();
    const data = new FormData(event.target);
    const changes = {};
    const text = (name) => (data.get(name) ?? '').trim();
    if (text('title') !== this.video.title) {
      changes.title = text('title');
    }
    if (text('description') !== (this.video.description ?? '')) {
      changes.description = text('description') || null;
    }
    if ((data.get('signed') === 'on') !== this.video.require_signed_urls) {
      changes.require_signed_urls = data.get('signed') === 'on';
    }
    if ('downloadable' in this.video && (data.get('downloadable') === 'on') !== this.video.downloadable) {
      changes.downloadable = data.get('downloadable') === 'on';
    }
    if ('thumbnail_timestamp_pct' in this.video && Number(data.get('poster')) !== this.video.thumbnail_timestamp_pct) {
      changes.thumbnail_timestamp_pct = Number(data.get('poster'));
    }
    for (const [name, field] of [['from', 'available_from'], ['until', 'available_until']]) {
      if (data.get(name) !== toLocalInput(this.video[field])) {
        changes[field] = fromLocalInput(data.get(name));
      }
    }
    if (Object.keys(changes).length === 0) {
      this.saved = 'Nothing changed.';
      return;
    }
    const video = await attempt(this, () => session.api.patch(`/api/videos/${this.videoId}`, changes));
    if (video) {
      this.saved = 'Saved.';
      this.load();
    }
  }

  async uploadCaption(event) {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    const language = data.get('language').trim();
    const file = data.get('file');
    this.captionError = '';
    try {
      await session.api.call('PUT', `/api/videos/${this.videoId}/captions/${encodeURIComponent(language)}`,
        { body: file, headers: { 'Content-Type': 'text/vtt' } });
      form.reset();
      this.load();
    } catch (error) {
      this.captionError = error.message;
    }
  }

  async generateCaption(event) {
    event.preventDefault();
    const language = new FormData(event.target).get('language');
    this.captionError = '';
    try {
      await session.api.post(`/api/videos/${this.videoId}/captions/${encodeURIComponent(language)}/generate`);
      this.load();
    } catch (error) {
      this.captionError = error.message;
    }
  }

  async deleteCaption(caption) {
    const confirmed = await confirmAction({
      title: `Delete the ${caption.label || caption.language} captions?`,
      confirmLabel: 'Delete the captions',
      body: html`<p>Learners lose the ${caption.label || caption.language} captions of “${this.video.title}”.</p>`,
    });
    if (confirmed) {
      this.captionError = '';
      try {
        await session.api.delete(`/api/videos/${this.videoId}/captions/${encodeURIComponent(caption.language)}`);
        this.load();
      } catch (error) {
        this.captionError = error.message;
      }
    }
  }

  preview() {
    if (!this.playback.is_ready) {
      return html`<p class="notice" data-test="not-ready">Cloudflare is still processing this video
        (${this.playback.status}, ${this.playback.processing_progress}%): the preview appears when it is ready.</p>`;
    }
    return html`<video controls playsinline preload="metadata" crossorigin="anonymous" data-test="preview"
        aria-label="Preview of ${this.video.title}"></video>
      ${this.previewProblem ? html`<p role="alert" class="problem">${this.previewProblem}</p>` : ''}`;
  }

  cloudflare() {
    const status = this.playback.cloudflare_status;
    return html`<dl class="facts" data-test="cloudflare">
      <dt>Status</dt><dd><span class="badge status-${this.video.status}">${this.video.status}</span>
        ${this.video.processing_progress < 100 ? `${this.video.processing_progress}%` : ''}</dd>
      <dt>At Cloudflare</dt><dd>${status ? `${status.state}${status.pct_complete != null ? ` (${status.pct_complete}%)` : ''}`
        : 'not known right now'}${status?.error_reason_text ? html` · <span class="error-text">${status.error_reason_code}:
        ${status.error_reason_text}</span>` : ''}</dd>
      ${this.video.error_message ? html`<dt>Error</dt><dd class="error-text">${this.video.error_message}</dd>` : ''}
      <dt>Stream uid</dt><dd><code>${this.video.cloudflare_video_id}</code></dd>
      <dt>Signed URLs</dt><dd>${this.video.require_signed_urls ? (this.video.signed_urls_enforced
        ? 'required, and Cloudflare enforces it' : 'required; waiting for Cloudflare to confirm') : 'not required'}</dd>
      ${'download_status' in this.video ? html`<dt>Download</dt><dd>${this.video.download_status}${this.playback.download_url
        ? html` · <a href=${this.playback.download_url}>MP4</a>` : ''}</dd>` : ''}
      <dt>Duration</dt><dd>${formatDuration(this.video.duration)}</dd>
      <dt>Created</dt><dd>${formatTime(this.video.created_at)}</dd>
      <dt>Updated</dt><dd>${formatTime(this.video.updated_at)}</dd>
    </dl>`;
  }

  captionsPanel() {
    return html`<section class="panel" aria-labelledby="captions-heading">
      <h2 id="captions-heading">Captions</h2>
      ${this.captions.length === 0 ? html`<p>No captions yet.</p>` : html`
        <table class="data" data-test="captions"><thead><tr><th scope="col">Language</th><th scope="col">Label</th>
          <th scope="col">Source</th><th scope="col">Status</th><th scope="col">Updated</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${this.captions.map((caption) => html`<tr data-language=${caption.language}>
          <th scope="row">${caption.language}</th><td>${caption.label}</td><td>${caption.generated ? 'generated' : 'uploaded'}</td>
          <td><span class="badge caption-${caption.status}">${caption.status}</span></td><td>${formatTime(caption.updated_at)}</td>
          <td><button type="button" class="quiet danger" @click=${() => this.deleteCaption(caption)}
            aria-label="Delete the ${caption.language} captions">Delete</button></td></tr>`)}</tbody></table>`}
      ${this.captionError ? html`<p role="alert" class="problem" data-test="caption-error">${this.captionError}</p>` : ''}
      <div class="columns">
        <form class="stack" @submit=${this.uploadCaption} aria-labelledby="caption-upload-heading">
          <h3 id="caption-upload-heading">Upload a WebVTT file</h3>
          <label for="caption-language">Language (BCP 47, such as en or pt-BR)</label>
          <input id="caption-language" name="language" required maxlength="35">
          <label for="caption-file">WebVTT file</label>
          <input id="caption-file" name="file" type="file" accept=".vtt,text/vtt" required>
          <div><button type="submit">Upload captions</button></div>
        </form>
        <form class="stack" @submit=${this.generateCaption} aria-labelledby="caption-generate-heading">
          <h3 id="caption-generate-heading">Generate captions</h3>
          <label for="generate-language">Language</label>
          <select id="generate-language" name="language">${GENERATED_LANGUAGES.map((language) =>
            html`<option value=${language}>${language}</option>`)}</select>
          <div><button type="submit" ?disabled=${!this.playback.is_ready}>Generate captions</button></div>
          ${this.playback.is_ready ? '' : html`<p class="hint">Cloudflare generates captions for ready videos only.</p>`}
        </form>
      </div>
    </section>`;
  }

  settings() {
    const video = this.video;
    return html`<section class="panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <form class="stack" @submit=${this.save} data-test="settings">
        <label for="video-title">Title</label>
        <input id="video-title" name="title" required maxlength="255" .value=${video.title}>
        <label for="video-description">Description</label>
        <textarea id="video-description" name="description" rows="3" maxlength="10000" .value=${video.description ?? ''}></textarea>
        <div class="check"><input id="video-signed" name="signed" type="checkbox" .checked=${video.require_signed_urls}>
          <label for="video-signed">Require signed URLs (learners get short-lived tokens)</label></div>
        ${'downloadable' in video ? html`<div class="check"><input id="video-downloadable" name="downloadable" type="checkbox"
          .checked=${video.downloadable}><label for="video-downloadable">Downloadable as MP4</label></div>` : ''}
        ${'thumbnail_timestamp_pct' in video ? html`<label for="video-poster">Poster frame (share of the video)</label>
          <input id="video-poster" name="poster" type="range" min="0" max="1" step="0.01" .value=${String(video.thumbnail_timestamp_pct)}>` : ''}
        <fieldset><legend>Release window (empty: no limit)</legend>
          <label for="video-from">Available from</label>
          <input id="video-from" name="from" type="datetime-local" .value=${toLocalInput(video.available_from)}>
          <label for="video-until">Available until</label>
          <input id="video-until" name="until" type="datetime-local" .value=${toLocalInput(video.available_until)}>
        </fieldset>
        <div><button type="submit">Save settings</button></div>
        ${this.saved ? html`<p role="status" class="ok">${this.saved}</p>` : ''}
      </form>
    </section>`;
  }

  render() {
    if (!this.video) {
      return html`<h1 tabindex="-1">Video</h1>${this.error ? html`<p role="alert" class="problem">${this.error}</p>` : html`<p>Loading…</p>`}`;
    }
    return html`
      <p class="crumbs"><a href="#/courses">Courses</a> › <a href=${href('courses', this.video.course_id)}>Course</a> ›</p>
      <h1 tabindex="-1">${this.video.title}</h1>
      <p class="lesson">Lesson “${this.video.lesson_id}”</p>
      ${this.error ? html`<p role="alert" class="problem">${this.error}</p>` : ''}
      <div class="columns">
        <section aria-labelledby="preview-heading" class="panel">
          <h2 id="preview-heading">Preview</h2>
          ${this.preview()}
        </section>
        <section aria-labelledby="cloudflare-heading" class="panel">
          <h2 id="cloudflare-heading">Cloudflare Stream</h2>
          ${this.cloudflare()}
          <div class="row-actions">
            <button type="button" @click=${this.sync} ?disabled=${this.busy}>Sync now</button>
            <button type="button" class="danger" @click=${this.deleteVideo}>Delete video</button>
          </div>
        </section>
      </div>
      ${this.captionsPanel()}
      ${this.settings()}`;
  }
}

customElements.define('cv-video', Video);
