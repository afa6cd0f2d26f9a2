// The course's video table: one row per video, keyed by id so that a poll only touches the rows
// that changed. Rendering a course of 1,000 videos is measured (performance mark and measure
// "video-table") from the moment its data is in hand to the frame that shows it.
import { html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
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
    if (changed.has('videos') && performance.getEntriesByName('video-table-data', 'mark').length > 0) {
      requestAnimationFrame(() => setTimeout(() => {
        performance.mark('video-table-shown');
        performance.measure('video-table', 'video-table-data', 'video-table-shown');
        performance.clearMarks('video-table-data');
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
    return html`<tr data-id=${video.id} data-status=${video.status}>
      <td><input type="checkbox" .checked=${this.selected.has(video.id)} aria-label="Select ${video.title}"
        @change=${(event) => this.toggle(video.id, event.target.checked)}></td>
      <td>${video.lesson_id}</td>
      <th scope="row"><a href=${href('videos', video.id)}>${video.title}</a></th>
      <td class="status-cell">${this.status(video)}</td>
      <td class="number">${formatDuration(video.duration)}</td>
      <td>${video.require_signed_urls ? (video.signed_urls_enforced ? 'signed' : 'signed (pending)') : 'no'}</td>
      <td>${releaseWindow(video)}</td>
      <td>${captions === undefined ? '…' : captions.length ? captions.join(' ') : 'none'}</td>
      <td>${video.downloadable === undefined ? '—' : video.downloadable ? (video.download_status ?? 'requested') : 'off'}</td>
    </tr>`;
  }

  render() {
    const all = this.videos.length > 0 && this.videos.every((video) => this.selected.has(video.id));
    return html`
      <table class="data videos">
        <caption class="visually-hidden">Videos of the course</caption>
        <thead><tr>
          <th scope="col"><input type="checkbox" .checked=${all} aria-label="Select all videos shown"
            @change=${(event) => this.toggleAll(event.target.checked)}></th>
          <th scope="col">Lesson</th><th scope="col">Title</th><th scope="col">Status</th>
          <th scope="col">Duration</th><th scope="col">Signed</th><th scope="col">Release window</th>
          <th scope="col">Captions</th><th scope="col">Download</th>
        </tr></thead>
        <tbody>${repeat(this.videos, (video) => video.id, (video) => this.row(video))}</tbody>
      </table>`;
  }
}

customElements.define('cv-video-table', VideoTable);
