// The course's video table: one row per video; a poll's new data only touches the cells that
// changed (Lit). It is an ARIA table of grid rows rather than a <table>: a row off screen is
// neither laid out nor painted until it scrolls near (content-visibility), yet every row stays in
// the document (find in page, the accessibility tree, Tab). Rendering a course of 1,000 videos is
// measured (performance mark and measure "video-table") from the moment its data is in hand to
// the frame that shows it.
import { html } from 'lit';
import { Element, formatDuration, href, releaseWindow } from '../base.js';

const PROCESSING = new Set(['queued', 'inprogress']);

export const isProcessing = (video) => PROCESSING.has(video.status);

class VideoTable extends Element {
  static properties = { videos: {}, captions: {}, selected: {} };

  constructor() {
    super();
    this.videos = [];
    this.captions = new Map();
    this.selected = new Set();
  }

  /** Marks the moment data arrived; the next frame after the table shows it ends the measure. */
  static dataArrived() {
    performance.mark('video-table-data');
  }

  updated(changed) {
    const arrived = performance.getEntriesByName('video-table-data', 'mark')[0];
    if (changed.has('videos') && arrived) {
      performance.clearMarks('video-table-data');
      requestAnimationFrame(() => setTimeout(() => {
        performance.measure('video-table', { start: arrived.startTime, end: performance.now() });
      }));
    }
  }

  toggle(id, on) {
    this.dispatchEvent(new CustomEvent('select', { detail: { ids: [id], on } }));
  }

  toggleAll(on) {
    this.dispatchEvent(new CustomEvent('select', { detail: { ids: this.videos.map((video) => video.id), on } }));
  }

  status(video) {
    return html`<span class="badge status-${video.status}">${video.status}</span>${isProcessing(video)
      ? html` <progress max="100" .value=${video.processing_progress}
          aria-label="Processing of ${video.title}">${video.processing_progress}%</progress>` : ''}${video.status === 'error'
      && video.error_message ? html`<span class="error-text">${video.error_message}</span>` : ''}`;
  }

  row(video) {
    const captions = this.captions.get(video.id);
    return html`<div role="row" class="grid-row" data-id=${video.id} data-status=${video.status}>
      <span role="cell"><input type="checkbox" .checked=${this.selected.has(video.id)} aria-label="Select ${video.title}"></span>
      <span role="cell">${video.lesson_id}</span>
      <span role="rowheader"><a href=${href('videos', video.id)}>${video.title}</a></span>
      <span role="cell">${this.status(video)}</span>
      <span role="cell" class="number">${formatDuration(video.duration)}</span>
      <span role="cell">${video.require_signed_urls ? (video.signed_urls_enforced ? 'signed' : 'signed (pending)') : 'no'}</span>
      <span role="cell">${releaseWindow(video)}</span>
      <span role="cell">${captions === undefined ? '…' : captions.length ? captions.join(' ') : 'none'}</span>
      <span role="cell">${video.downloadable === undefined ? '—' : video.downloadable ? (video.download_status ?? 'requested') : 'off'}</span>
    </div>`;
  }

  /** One listener for every row's checkbox. */
  changed(event) {
    const id = event.target.closest('[data-id]')?.dataset.id;
    if (id && event.target.type === 'checkbox') {
      this.toggle(id, event.target.checked);
    }
  }

  render() {
    const all = this.videos.length > 0 && this.videos.every((video) => this.selected.has(video.id));
    return html`
      <div role="table" class="grid-table videos" aria-label="Videos of the course" aria-rowcount=${this.videos.length + 1}>
        <div role="rowgroup" class="head"><div role="row" class="grid-row">
          <span role="columnheader"><input type="checkbox" .checked=${all} aria-label="Select all videos shown"
            @change=${(event) => this.toggleAll(event.target.checked)}></span>
          <span role="columnheader">Lesson</span><span role="columnheader">Title</span><span role="columnheader">Status</span>
          <span role="columnheader">Duration</span><span role="columnheader">Signed</span><span role="columnheader">Release window</span>
          <span role="columnheader">Captions</span><span role="columnheader">Download</span>
        </div></div>
        <div role="rowgroup" @change=${this.changed}>${this.videos.map((video) => this.row(video))}</div>
      </div>`;
  }
}

customElements.define('cv-video-table', VideoTable);
