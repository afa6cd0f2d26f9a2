// The console's shell: who is signed in and until when, the navigation, and the page the URL's
// fragment names (#/courses, #/courses/<id>, #/videos/<id>, #/library).
import { html } from 'lit';
import './app.css';
import { Element, formatTime } from './base.js';
import { session } from './session.js';
import './pages/sign-in.js';
import './pages/courses.js';
import './pages/course.js';
import './pages/library.js';
import './pages/video.js';

// ids in a link are UUIDs and nothing else: a crafted link's "../.." never reaches an API path
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function route() {
  const parts = location.hash.startsWith('#/') ? location.hash.slice(2).split('/') : [];
  const id = UUID.test(parts[1] ?? '') ? parts[1].toLowerCase() : null;
  if (parts[0] === 'courses' && id) {
    return { page: 'course', id };
  }
  if (parts[0] === 'videos' && id) {
    return { page: 'video', id };
  }
  if (parts[0] === 'library') {
    return { page: 'library' };
  }
  return { page: 'courses' };
}

class App extends Element {
  static properties = { route: { state: true }, now: { state: true } };

  constructor() {
    super();
    this.route = route();
    this.now = Date.now();
  }

  connectedCallback() {
    super.connectedCallback();
    this.onHash = () => {
      if (location.hash.startsWith('#/') || location.hash === '') {
        this.route = route();
      }
    };
    this.onSession = () => this.requestUpdate();
    window.addEventListener('hashchange', this.onHash);
    session.addEventListener('change', this.onSession);
    this.clock = setInterval(() => { this.now = Date.now(); }, 30000);
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this.onHash);
    session.removeEventListener('change', this.onSession);
    clearInterval(this.clock);
    super.disconnectedCallback();
  }

  updated(changed) {
    if (changed.has('route')) {
      // a new page: move focus to its heading, as a page load would for a screen reader
      this.updateComplete.then(() => this.querySelector('main h1')?.focus());
    }
  }

  header() {
    const info = session.info;
    const minutes = Math.max(0, Math.round((info.expires.getTime() - this.now) / 60000));
    return html`
      <header class="top">
        <p class="brand">Course videos</p>
        <nav aria-label="Main">
          <a href="#/courses" aria-current=${this.route.page === 'courses' ? 'page' : 'false'}>Courses</a>
          <a href="#/library" aria-current=${this.route.page === 'library' ? 'page' : 'false'}>Library</a>
        </nav>
        <p class="who">
          Signed in as <strong data-test="holder">${info.holder}</strong>
          <span class="expiry" data-test="expiry">· token expires ${formatTime(info.expires)}
            (${minutes < 90 ? `in ${minutes} min` : `in ${Math.round(minutes / 60)} h`})</span>
        </p>
        <button type="button" class="quiet" @click=${() => session.signOut()}>Sign out</button>
      </header>`;
  }

  page() {
    if (!session.info.admin) {
      return html`<h1 tabindex="-1">Not an admin's token</h1>
        <p role="alert" class="problem" data-test="not-admin">
          This token belongs to ${session.info.holder}, who is not a video admin: its <code>groups</code> claim
          lacks <code>video-admin</code>. The console needs an admin's token; sign out and sign in with one.</p>`;
    }
    switch (this.route.page) {
      case 'course':
        return html`<cv-course .courseId=${this.route.id}></cv-course>`;
      case 'video':
        return html`<cv-video .videoId=${this.route.id}></cv-video>`;
      case 'library':
        return html`<cv-library></cv-library>`;
      default:
        return html`<cv-courses></cv-courses>`;
    }
  }

  render() {
    if (!session.info) {
      return html`<main id="main"><cv-sign-in .notice=${session.notice}></cv-sign-in></main>`;
    }
    return html`${this.header()}<main id="main">${this.page()}</main>`;
  }
}

customElements.define('cv-app', App);
