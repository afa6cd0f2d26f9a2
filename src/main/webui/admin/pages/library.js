// The whole Cloudflare library: storage used, the reconciliation report (orphans to adopt, rows
// whose media is missing, settings that drifted) and the platform's webhook endpoints with their
// deliveries (the panel stays hidden while the service has no outbound webhooks).
import { html } from 'lit';
import { attempt, Element, formatTime, href } from '../base.js';
import { session } from '../session.js';
import { askForm, confirmAction } from '../parts/dialog.js';

/** Rows of a long list shown at once (the API answers most first: the courses using most storage). */
const SHOWN = 50;
const more = (items) => (items.length > SHOWN ? html`<p>… and ${items.length - SHOWN} more.</p>` : '');

const EVENTS = ['video.ready', 'video.error', 'video.deleted', 'caption.ready', 'caption.error', 'progress.completed'];

class Library extends Element {
  static properties = {
    usage: { state: true }, report: { state: true }, webhooks: { state: true }, deliveries: { state: true },
    error: { state: true }, busy: { state: true }, running: { state: true }, secret: { state: true }, hookError: { state: true },
  };

  constructor() {
    super();
    this.deliveries = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    await attempt(this, async () => {
      const [usage, report] = await Promise.all([
        session.api.get('/api/admin/usage'),
        session.api.get('/api/admin/reconciliation').catch((error) => (error.status === 404 ? null : Promise.reject(error))),
      ]);
      Object.assign(this, { usage, report });
    });
    this.loadWebhooks();
  }

  async loadWebhooks() {
    try {
      this.webhooks = await session.api.get('/api/admin/webhooks');
    } catch (error) {
      this.webhooks = error.status === 404 ? null : { error: error.message };
    }
  }

  async reconcile() {
    this.running = true;
    const report = await attempt(this, () => session.api.post('/api/admin/reconciliation'));
    this.running = false;
    if (report) {
      this.report = report;
    }
  }

  async adopt(orphan) {
    const data = await askForm({
      title: `Adopt Cloudflare video ${orphan.uid}`,
      submitLabel: 'Adopt',
      fields: html`<label for="adopt-course">Course id</label><input id="adopt-course" name="course" required
          pattern="[0-9a-fA-F-]{36}" title="the course's UUID">
        <label for="adopt-lesson">Lesson id</label><input id="adopt-lesson" name="lesson" required maxlength="255">
        <label for="adopt-title">Title</label><input id="adopt-title" name="title" required maxlength="255"
          .value=${orphan.meta?.name ?? ''}>`,
    });
    if (data) {
      const video = await attempt(this, () => session.api.post('/api/admin/reconciliation/adopt', {
        cloudflare_video_id: orphan.uid, course_id: data.get('course').trim(), lesson_id: data.get('lesson').trim(), title: data.get('title').trim(),
      }));
      if (video) {
        this.report = { ...this.report, orphans: this.report.orphans.filter((other) => other.uid !== orphan.uid) };
        location.hash = href('videos', video.id);
      }
    }
  }

  async createWebhook(event) {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    this.hookError = '';
    try {
      const created = await session.api.post('/api/admin/webhooks',
        { url: data.get('url').trim(), events: data.getAll('events'), description: data.get('description').trim() });
      this.secret = { url: created.url, secret: created.secret };
      form.reset();
      this.loadWebhooks();
    } catch (error) {
      this.hookError = error.message;
    }
  }

  async hookAction(work) {
    this.hookError = '';
    try {
      await work();
      this.loadWebhooks();
    } catch (error) {
      this.hookError = error.message;
    }
  }

  async removeWebhook(hook) {
    if (await confirmAction({ title: `Delete the endpoint ${hook.url}?`, confirmLabel: 'Delete the endpoint',
      body: html`<p>The platform stops receiving ${hook.events.join(', ')} at ${hook.url}; deliveries not yet made are dropped.</p>` })) {
      this.hookAction(() => session.api.delete(`/api/admin/webhooks/${hook.id}`));
    }
  }

  async rotate(hook) {
    this.hookAction(async () => {
      const rotated = await session.api.post(`/api/admin/webhooks/${hook.id}/rotate-secret`);
      this.secret = { url: hook.url, secret: rotated.secret };
    });
  }

  async showDeliveries(hook) {
    this.hookAction(async () => {
      this.deliveries = { ...this.deliveries, [hook.id]: await session.api.get(`/api/admin/webhooks/${hook.id}/deliveries`) };
    });
  }

  usagePanel() {
    const usage = this.usage;
    return html`<section class="panel" aria-labelledby="usage-heading" data-test="usage">
      <h2 id="usage-heading">Storage</h2>
      <p>${usage.total_storage_minutes == null ? 'Cloudflare could not be asked right now.'
        : html`<strong>${usage.total_storage_minutes}</strong> of ${usage.total_storage_minutes_limit} minutes stored,
          in ${usage.video_count} videos.`}</p>
      ${usage.courses?.length ? html`<table class="data"><caption>Minutes by course</caption>
        <thead><tr><th scope="col">Course</th><th scope="col">Videos</th><th scope="col">Minutes</th></tr></thead>
        <tbody>${usage.courses.slice(0, SHOWN).map((course) => html`<tr><th scope="row"><a href=${href('courses', course.course_id)}>${course.title}</a></th>
          <td class="number">${course.videos}</td><td class="number">${Math.round(course.minutes)}</td></tr>`)}</tbody></table>
        ${more(usage.courses)}` : ''}
    </section>`;
  }

  reportPanel() {
    const report = this.report;
    return html`<section class="panel" aria-labelledby="report-heading" data-test="reconciliation">
      <h2 id="report-heading">Reconciliation</h2>
      <p>Compares every video at Cloudflare Stream with the courses' videos.</p>
      <button type="button" @click=${this.reconcile} ?disabled=${this.running}>${this.running ? 'Reconciling…' : 'Reconcile now'}</button>
      ${!report ? html`<p>No reconciliation has run yet.</p>` : html`
        <p aria-live="polite">Last run ${formatTime(report.started_at)}${report.finished_at ? ` – ${formatTime(report.finished_at)}`
          : ' (still running)'}: ${report.cloudflare_videos} videos at Cloudflare.</p>
        <h3>Orphans (${report.orphans.length})</h3>
        ${report.orphans.length === 0 ? html`<p>Every Cloudflare video belongs to a course.</p>` : html`
          <table class="data"><thead><tr><th scope="col">Stream uid</th><th scope="col">Created</th><th scope="col">Name</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>${report.orphans.slice(0, SHOWN).map((orphan) => html`<tr><th scope="row"><code>${orphan.uid}</code></th>
            <td>${formatTime(orphan.created)}</td><td>${orphan.meta?.name ?? ''}</td>
            <td><button type="button" @click=${() => this.adopt(orphan)} aria-label="Adopt ${orphan.uid}">Adopt</button></td></tr>`)}</tbody></table>
          ${more(report.orphans)}`}
        <h3>Missing at Cloudflare (${report.missing.length})</h3>
        ${report.missing.length === 0 ? html`<p>None.</p>` : html`<ul>${report.missing.slice(0, SHOWN).map((id) =>
          html`<li><a href=${href('videos', id)}>${id}</a></li>`)}</ul>${more(report.missing)}`}
        <h3>Settings drift (${report.settings_drift.length})</h3>
        ${report.settings_drift.length === 0 ? html`<p>None.</p>` : html`<ul>${report.settings_drift.slice(0, SHOWN).map((id) =>
          html`<li><a href=${href('videos', id)}>${id}</a></li>`)}</ul>${more(report.settings_drift)}`}`}
    </section>`;
  }

  webhooksPanel() {
    if (!this.webhooks) {
      return '';
    }
    if (this.webhooks.error) {
      return html`<section class="panel" aria-labelledby="hooks-heading"><h2 id="hooks-heading">Webhooks</h2>
        <p role="alert" class="problem">${this.webhooks.error}</p></section>`;
    }
    return html`<section class="panel" aria-labelledby="hooks-heading" data-test="webhooks">
      <h2 id="hooks-heading">Webhooks to the course platform</h2>
      ${this.hookError ? html`<p role="alert" class="problem">${this.hookError}</p>` : ''}
      ${this.secret ? html`<p role="status" class="ok">Signing secret for ${this.secret.url}, shown this once:
        <code data-test="secret">${this.secret.secret}</code></p>` : ''}
      ${this.webhooks.map((hook) => html`<article class="hook">
        <h3>${hook.url}${hook.disabled ? html` <span class="badge status-error">disabled</span>` : ''}</h3>
        <p>${hook.description} · ${hook.events.join(', ')}</p>
        <div class="row-actions">
          <button type="button" @click=${() => this.showDeliveries(hook)}>Deliveries</button>
          <button type="button" @click=${() => this.rotate(hook)}>Rotate secret</button>
          <button type="button" class="danger" @click=${() => this.removeWebhook(hook)}>Delete</button>
        </div>
        ${this.deliveries[hook.id] ? html`<table class="data"><caption>Last deliveries to ${hook.url}</caption>
          <thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last status</th>
            <th scope="col">Delivered</th><th scope="col">Next attempt</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>${this.deliveries[hook.id].map((delivery) => html`<tr><th scope="row">${delivery.type}</th>
            <td><span class="badge delivery-${delivery.status}">${delivery.status}</span></td><td class="number">${delivery.attempts}</td><td>${delivery.last_status ?? '—'}</td>
            <td>${formatTime(delivery.delivered_at)}</td><td>${formatTime(delivery.next_attempt_at)}</td>
            <td><button type="button" @click=${() => this.hookAction(() =>
              session.api.post(`/api/admin/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`))}>Redeliver</button></td></tr>`)}</tbody>
          </table>` : ''}
      </article>`)}
      <form class="stack" @submit=${this.createWebhook} aria-labelledby="hook-new-heading">
        <h3 id="hook-new-heading">New endpoint</h3>
        <label for="hook-url">URL</label><input id="hook-url" name="url" type="url" required placeholder="https://">
        <label for="hook-description">Description</label><input id="hook-description" name="description">
        <fieldset><legend>Events</legend>${EVENTS.map((name) => html`<div class="check">
          <input id="hook-${name}" type="checkbox" name="events" value=${name} checked><label for="hook-${name}">${name}</label></div>`)}
        </fieldset>
        <div><button type="submit">Add endpoint</button></div>
      </form>
    </section>`;
  }

  render() {
    return html`
      <h1 tabindex="-1">Library</h1>
      ${this.error ? html`<p role="alert" class="problem">${this.error}</p>` : ''}
      ${this.usage ? this.usagePanel() : html`<p>Loading…</p>`}
      ${this.usage ? this.reportPanel() : ''}
      ${this.webhooksPanel()}`;
  }
}

customElements.define('cv-library', Library);
