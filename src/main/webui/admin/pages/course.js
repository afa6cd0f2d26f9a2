// One course: its videos with live status, filters and sort, batch actions on a selection, the
// CSV report, the learners' progress summary (hidden while the service has none) and uploads.
import { html } from 'lit';
import { attempt, Element, fromLocalInput, href } from '../base.js';
import { session } from '../session.js';
import { askForm, confirmAction } from '../parts/dialog.js';
import { isProcessing } from '../parts/video-table.js';
import { parseCsv } from '../../lib/csv.js';
import '../parts/video-table.js';
import '../parts/uploads.js';

const FAST_POLL = 3000;
const SLOW_POLL = 20000;
const CAPTIONS_EVERY = 30000;
const LIVE_CHECKS = 10; // processing videos whose Cloudflare state is checked per poll
const SORTS = [['lesson', 'Lesson'], ['-created_at', 'Newest first'], ['created_at', 'Oldest first'], ['title', 'Title'],
  ['-duration', 'Longest first'], ['-updated_at', 'Recently changed']];

class Course extends Element {
  static properties = {
    courseId: {}, course: { state: true }, videos: { state: true }, captions: { state: true },
    selected: { state: true }, filters: { state: true }, summary: { state: true }, error: { state: true },
    busy: { state: true }, batchResult: { state: true },
  };

  constructor() {
    super();
    this.videos = null;
    this.captions = new Map();
    this.selected = new Set();
    this.filters = { status: 'all', stuck: false, missing: '', sort: 'lesson' };
    this.summary = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.start();
  }

  disconnectedCallback() {
    clearTimeout(this.timer);
    this.stopped = true;
    super.disconnectedCallback();
  }

  async start() {
    await attempt(this, async () => {
      this.course = await session.api.get(`/api/courses/${this.courseId}`);
    });
    if (this.course) {
      this.poll();
      this.loadSummary();
    }
  }

  query() {
    const params = new URLSearchParams({ course_id: this.courseId, limit: 1000, status: this.filters.status });
    if (this.filters.stuck) {
      params.set('stuck', 'true');
    }
    if (this.filters.missing.trim()) {
      params.set('missing_caption', this.filters.missing.trim());
    }
    if (this.filters.sort !== 'lesson') {
      params.set('sort', this.filters.sort);
    }
    return `/api/videos?${params}`;
  }

  /** The list for the filters now; dropped when the filters changed while it loaded (a newer poll has it). */
  async loadVideos(generation) {
    const videos = await session.api.all(this.query());
    if (generation !== this.generation) {
      return;
    }
    if (this.filters.sort === 'lesson') {
      videos.sort((a, b) => (a.lesson_id < b.lesson_id ? -1 : a.lesson_id > b.lesson_id ? 1 : 0));
    }
    customElements.get('cv-video-table').dataArrived();
    this.videos = videos;
    const shown = new Set(videos.map((video) => video.id));
    this.selected = new Set([...this.selected].filter((id) => shown.has(id)));
  }

  /** Caption languages of every video at once: the course's CSV report is the one call that lists them. */
  async loadCaptions() {
    const response = await session.api.call('GET', `/api/courses/${this.courseId}/videos/export.csv`, { accept: 'text/csv' });
    const [header, ...rows] = parseCsv(await response.text());
    const id = header.indexOf('id');
    const languages = header.indexOf('caption_languages');
    this.captions = new Map(rows.map((row) => [row[id], row[languages] ? row[languages].split(' ') : []]));
    this.captionsAt = Date.now();
  }

  /** Asks for the live state of a few processing videos: playback checks Cloudflare for them. */
  async checkProcessing() {
    const processing = (this.videos ?? []).filter(isProcessing).slice(0, LIVE_CHECKS);
    const answers = await Promise.all(processing.map((video) =>
      session.api.get(`/api/videos/${video.id}/playback`).catch(() => null)));
    return answers.some((answer, i) => answer && answer.status !== processing[i].status);
  }

  async poll() {
    clearTimeout(this.timer);
    this.generation = (this.generation ?? 0) + 1;
    const generation = this.generation;
    try {
      const changed = await this.checkProcessing();
      await this.loadVideos(generation);
      if (generation !== this.generation) {
        return; // a newer poll (the filters changed) carries on
      }
      if (changed || !this.captionsAt || Date.now() - this.captionsAt > CAPTIONS_EVERY) {
        await this.loadCaptions();
      }
      this.error = '';
    } catch (error) {
      this.error = error.message;
    }
    if (!this.stopped && session.api) {
      const busy = this.videos?.some(isProcessing) || this.querySelector('cv-uploads')?.items.some((item) => item.state === 'uploading');
      this.timer = setTimeout(() => this.poll(), busy ? FAST_POLL : SLOW_POLL);
    }
  }

  async loadSummary() {
    try {
      this.summary = await session.api.get(`/api/courses/${this.courseId}/progress/summary`);
    } catch (error) {
      this.summary = error.status === 404 ? null : { error: error.message };
    }
  }

  setFilter(name, value) {
    this.filters = { ...this.filters, [name]: value };
    this.videos = null;
    this.poll();
  }

  select(event) {
    const selected = new Set(this.selected);
    event.detail.ids.forEach((id) => (event.detail.on ? selected.add(id) : selected.delete(id)));
    this.selected = selected;
  }

  selectedVideos() {
    return this.videos.filter((video) => this.selected.has(video.id));
  }

  /** Shows a batch's per-item failures (each with the problem's detail), then reloads. */
  async batch(label, call) {
    const answer = await attempt(this, call);
    if (answer) {
      const failures = answer.results.filter((result) => result.status >= 400);
      this.batchResult = failures.length === 0
        ? { ok: `${label}: done for ${answer.results.length} ${answer.results.length === 1 ? 'video' : 'videos'}.` }
        : { failures: failures.map((result) => `${this.titleOf(this.lastBatch[result.index])}: ${result.error?.detail ?? result.status}`) };
      this.selected = new Set();
      this.poll();
    }
  }

  titleOf(id) {
    return this.videos.find((video) => video.id === id)?.title ?? id;
  }

  async deleteSelected() {
    const videos = this.selectedVideos();
    const named = videos.slice(0, 5).map((video) => video.title);
    const confirmed = await confirmAction({
      title: `Delete ${videos.length} ${videos.length === 1 ? 'video' : 'videos'}?`,
      confirmLabel: `Delete ${videos.length} ${videos.length === 1 ? 'video' : 'videos'}`,
      body: html`<p data-test="loss">This deletes ${named.map((title, i) => html`${i ? ', ' : ''}<strong>${title}</strong>`)}${videos.length
        > named.length ? ` and ${videos.length - named.length} more` : ''}, with their captions and their
        media at Cloudflare Stream. Learners lose these lessons. This cannot be undone.</p>`,
    });
    if (confirmed) {
      this.lastBatch = videos.map((video) => video.id);
      await this.batch('Delete', () => session.api.post('/api/videos/batch-delete', { ids: this.lastBatch, delete_from_cloudflare: true }));
    }
  }

  async releaseSelected() {
    const data = await askForm({
      title: `Release window of ${this.selected.size} ${this.selected.size === 1 ? 'video' : 'videos'}`,
      submitLabel: 'Set release window',
      fields: html`<p>Learners see a video from the first moment until before the second; leave one empty for no limit.</p>
        <label for="batch-from">Available from</label><input id="batch-from" name="from" type="datetime-local">
        <label for="batch-until">Available until</label><input id="batch-until" name="until" type="datetime-local">`,
    });
    if (data) {
      this.lastBatch = [...this.selected];
      await this.batch('Release window', () => session.api.patch('/api/videos/batch', {
        ids: this.lastBatch, set: { available_from: fromLocalInput(data.get('from')), available_until: fromLocalInput(data.get('until')) },
      }));
    }
  }

  async signSelected() {
    this.lastBatch = [...this.selected];
    await this.batch('Signed URLs', () => session.api.patch('/api/videos/batch', { ids: this.lastBatch, set: { require_signed_urls: true } }));
  }

  async exportCsv() {
    await attempt(this, async () => {
      const response = await session.api.call('GET', `/api/courses/${this.courseId}/videos/export.csv`, { accept: 'text/csv' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(await response.blob());
      link.download = `${this.course.title.replace(/[^\w.-]+/g, '_')}-videos.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    });
  }

  filtersForm() {
    return html`
      <form class="filters inline" @submit=${(event) => event.preventDefault()} aria-label="Filter and sort the videos">
        <label for="filter-status">Status</label>
        <select id="filter-status" @change=${(event) => this.setFilter('status', event.target.value)}>
          ${['all', 'queued', 'inprogress', 'ready', 'error'].map((status) =>
            html`<option value=${status} ?selected=${this.filters.status === status}>${status}</option>`)}
        </select>
        <input id="filter-stuck" type="checkbox" .checked=${this.filters.stuck}
          @change=${(event) => this.setFilter('stuck', event.target.checked)}>
        <label for="filter-stuck">Stuck in processing</label>
        <label for="filter-missing">Missing captions in</label>
        <input id="filter-missing" size="6" placeholder="en" .value=${this.filters.missing}
          @change=${(event) => this.setFilter('missing', event.target.value)}>
        <label for="sort">Sort by</label>
        <select id="sort" @change=${(event) => this.setFilter('sort', event.target.value)}>
          ${SORTS.map(([value, label]) => html`<option value=${value} ?selected=${this.filters.sort === value}>${label}</option>`)}
        </select>
        <button type="button" class="quiet" @click=${this.exportCsv}>Export CSV</button>
      </form>`;
  }

  batchBar() {
    if (this.selected.size === 0) {
      return '';
    }
    return html`<div class="batch" role="region" aria-label="Selected videos">
      <p><strong>${this.selected.size}</strong> selected</p>
      <button type="button" class="danger" @click=${this.deleteSelected}>Delete</button>
      <button type="button" @click=${this.releaseSelected}>Set release window</button>
      <button type="button" @click=${this.signSelected}>Make signed</button>
      <button type="button" class="quiet" @click=${() => { this.selected = new Set(); }}>Clear selection</button>
    </div>`;
  }

  summaryPanel() {
    if (!this.summary) {
      return '';
    }
    if (this.summary.error) {
      return html`<section class="panel" aria-labelledby="summary-heading"><h2 id="summary-heading">Learner progress</h2>
        <p role="alert" class="problem">${this.summary.error}</p></section>`;
    }
    return html`<section class="panel" aria-labelledby="summary-heading" data-test="summary">
      <h2 id="summary-heading">Learner progress</h2>
      <table class="data"><thead><tr><th scope="col">Lesson</th><th scope="col">Started</th>
        <th scope="col">Completed</th><th scope="col">Median watched</th></tr></thead>
      <tbody>${this.summary.map((row) => html`<tr><th scope="row"><a href=${href('videos', row.video_id)}>${row.lesson_id}</a></th>
        <td class="number">${row.learners_started}</td><td class="number">${row.learners_completed}</td>
        <td class="number">${Math.round(100 * row.median_watched_fraction)}%</td></tr>`)}</tbody></table>
    </section>`;
  }

  render() {
    if (!this.course) {
      return html`<h1 tabindex="-1">Course</h1>${this.error ? html`<p role="alert" class="problem">${this.error}</p>` : html`<p>Loading…</p>`}`;
    }
    return html`
      <p class="crumbs"><a href="#/courses">Courses</a> ›</p>
      <h1 tabindex="-1">${this.course.title}</h1>
      <cv-uploads .courseId=${this.courseId} @registered=${() => this.poll()} @uploaded=${() => this.poll()}></cv-uploads>
      <section aria-labelledby="videos-heading">
        <h2 id="videos-heading">Videos <span class="count" data-test="count">${this.videos ? `(${this.videos.length})` : ''}</span></h2>
        ${this.filtersForm()}
        ${this.error ? html`<p role="alert" class="problem">${this.error}</p>` : ''}
        ${this.batchResult?.ok ? html`<p role="status" class="ok">${this.batchResult.ok}</p>` : ''}
        ${this.batchResult?.failures ? html`<div role="alert" class="problem"><p>Some videos were not changed:</p>
          <ul>${this.batchResult.failures.map((line) => html`<li>${line}</li>`)}</ul></div>` : ''}
        ${this.batchBar()}
        ${this.videos === null ? html`<p aria-live="polite">Loading videos…</p>` : this.videos.length === 0
          ? html`<p>No videos${this.filters.status !== 'all' || this.filters.stuck || this.filters.missing ? ' match the filters' : ' yet: upload some above'}.</p>`
          : html`<cv-video-table .videos=${this.videos} .captions=${this.captions} .selected=${this.selected}
              @select=${this.select}></cv-video-table>`}
      </section>
      ${this.summaryPanel()}`;
  }
}

customElements.define('cv-course', Course);
