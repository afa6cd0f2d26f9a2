import { html } from 'lit';
import { attempt, Element, formatTime, href } from '../base.js';
import { session } from '../session.js';
import { askForm, confirmAction } from '../parts/dialog.js';

const PAGE_SIZE = 25;

/** Courses: search by title, page through them (the API's Link headers), create, rename, delete. */
class Courses extends Element {
  static properties = {
    courses: { state: true }, next: { state: true }, previous: { state: true },
    error: { state: true }, busy: { state: true }, query: { state: true },
  };

  constructor() {
    super();
    this.courses = null;
    this.previous = [];
    this.query = '';
  }

  connectedCallback() {
    super.connectedCallback();
    this.load(this.firstPage());
  }

  firstPage() {
    const params = new URLSearchParams({ limit: PAGE_SIZE });
    if (this.query) {
      params.set('q', this.query);
    }
    return `/api/courses?${params}`;
  }

  async load(path, previous = []) {
    await attempt(this, async () => {
      const page = await session.api.page(path);
      this.courses = page.items;
      this.current = path;
      this.next = page.next;
      this.previous = previous;
    });
  }

  search(event) {
    event.preventDefault();
    this.query = new FormData(event.target).get('q').trim();
    this.load(this.firstPage());
  }

  async create(event) {
    event.preventDefault();
    const form = event.target;
    const title = new FormData(form).get('title').trim();
    const course = await attempt(this, () => session.api.post('/api/courses', { title }));
    if (course) {
      form.reset();
      location.hash = href('courses', course.id);
    }
  }

  async rename(course) {
    const data = await askForm({
      title: `Rename “${course.title}”`,
      submitLabel: 'Rename',
      fields: html`<label for="rename-title">New title</label>
        <input id="rename-title" name="title" required maxlength="255" .value=${course.title}>`,
    });
    if (data && await attempt(this, () => session.api.patch(`/api/courses/${course.id}`, { title: data.get('title').trim() }))) {
      this.load(this.current, this.previous);
    }
  }

  async deleteCourse(course) {
    const stats = await attempt(this, () => session.api.get(`/api/courses/${course.id}/videos/stats`));
    if (!stats) {
      return;
    }
    const confirmed = await confirmAction({
      title: `Delete “${course.title}”?`,
      confirmLabel: 'Delete the course',
      body: html`<p data-test="loss">This deletes the course <strong>${course.title}</strong> and its
        <strong>${stats.total} ${stats.total === 1 ? 'video' : 'videos'}</strong>
        (${Math.round(stats.total_duration / 60)} minutes), with their captions and settings.
        Their media is deleted from Cloudflare Stream too. This cannot be undone.</p>`,
    });
    if (confirmed && await attempt(this, () => session.api.delete(`/api/courses/${course.id}`)) !== undefined) {
      this.load(this.current, this.previous);
    }
  }

  table() {
    if (this.courses === null) {
      return html`<p aria-live="polite">Loading courses…</p>`;
    }
    if (this.courses.length === 0) {
      return html`<p>${this.query ? `No course title contains “${this.query}”.` : 'No courses yet: create the first one above.'}</p>`;
    }
    return html`
      <table class="data">
        <caption class="visually-hidden">Courses${this.query ? ` whose title contains “${this.query}”` : ''}</caption>
        <thead><tr><th scope="col">Title</th><th scope="col">Created</th><th scope="col">Updated</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${this.courses.map((course) => html`
          <tr>
            <th scope="row"><a href=${href('courses', course.id)}>${course.title}</a></th>
            <td>${formatTime(course.created_at)}</td>
            <td>${formatTime(course.updated_at)}</td>
            <td class="row-actions">
              <button type="button" class="quiet" @click=${() => this.rename(course)}
                aria-label="Rename ${course.title}">Rename</button>
              <button type="button" class="quiet danger" @click=${() => this.deleteCourse(course)}
                aria-label="Delete ${course.title}">Delete</button>
            </td>
          </tr>`)}
        </tbody>
      </table>
      <nav class="pager" aria-label="Pages of courses">
        <button type="button" ?disabled=${this.previous.length === 0}
          @click=${() => this.load(this.previous.at(-1), this.previous.slice(0, -1))}>Previous page</button>
        <button type="button" ?disabled=${!this.next}
          @click=${() => this.load(this.next, [...this.previous, this.current])}>Next page</button>
      </nav>`;
  }

  render() {
    return html`
      <h1 tabindex="-1">Courses</h1>
      <div class="toolbar">
        <form role="search" @submit=${this.search} class="inline">
          <label for="course-search">Search titles</label>
          <input id="course-search" name="q" type="search" .value=${this.query}>
          <button type="submit">Search</button>
        </form>
        <form @submit=${this.create} class="inline">
          <label for="new-course">New course</label>
          <input id="new-course" name="title" required maxlength="255" placeholder="Title">
          <button type="submit">Create course</button>
        </form>
      </div>
      ${this.error ? html`<p role="alert" class="problem">${this.error}</p>` : ''}
      ${this.table()}`;
  }
}

customElements.define('cv-courses', Courses);
