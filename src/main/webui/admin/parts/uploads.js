// Drag-and-drop uploads, each a resumable tus upload through the service
// (POST /api/courses/{id}/videos/tus registers the video and answers Cloudflare's one-time upload
// URL; the bytes go straight to Cloudflare). tus-js-client retries a dropped connection from the
// offset the server reports, and remembers each upload's URL for the browser tab's session (like the
// token: an upload URL lets whoever holds it upload) so that the same file chosen again after a
// page reload resumes.
import { html } from 'lit';
import { Upload } from 'tus-js-client';
import { Element } from '../base.js';
import { session } from '../session.js';

const MiB = 1024 * 1024;
// Cloudflare takes chunks of at least 5 MiB in multiples of 256 KiB (the last excepted): 5 MiB
// chunks, larger for files over 1 GiB so that a file takes about 200 requests at most
const chunkSizeFor = (size) => 5 * MiB * Math.max(1, Math.ceil(size / (200 * 5 * MiB)));

let nextKey = 1;

/** tus-js-client's store of upload URLs by file fingerprint, in sessionStorage (its own is localStorage). */
const tabUploads = {
  entries(prefix) {
    return Object.keys(sessionStorage).filter((key) => key.startsWith(prefix))
      .map((key) => ({ ...JSON.parse(sessionStorage.getItem(key)), urlStorageKey: key }));
  },
  findAllUploads() {
    return Promise.resolve(this.entries('tus::'));
  },
  findUploadsByFingerprint(fingerprint) {
    return Promise.resolve(this.entries(`tus::${fingerprint}::`));
  },
  removeUpload(key) {
    sessionStorage.removeItem(key);
    return Promise.resolve();
  },
  addUpload(fingerprint, upload) {
    const key = `tus::${fingerprint}::${Date.now()}-${Math.random().toString(36).slice(2)}`;
    sessionStorage.setItem(key, JSON.stringify(upload));
    return Promise.resolve(key);
  },
};

/** What the service said about a failed tus request: its problem's detail when it sent one. */
function reasonOf(error) {
  const body = error.originalResponse?.getBody?.();
  if (body) {
    try {
      const problem = JSON.parse(body);
      if (problem.detail) {
        return problem.detail;
      }
    } catch {
      // not a problem document
    }
  }
  if (error.originalResponse) {
    return `The upload was refused (${error.originalResponse.getStatus()}).`;
  }
  return 'The connection was lost and retrying did not help. Choose Resume to go on from where it stopped.';
}

function lessonFrom(name) {
  return name.replace(/\.[^.]+$/, '');
}

class Uploads extends Element {
  static properties = { courseId: {}, items: { state: true }, interrupted: { state: true }, dragging: { state: true } };

  constructor() {
    super();
    this.items = [];
    this.interrupted = [];
  }

  get endpoint() {
    return `/api/courses/${this.courseId}/videos/tus`;
  }

  connectedCallback() {
    super.connectedCallback();
    this.findInterrupted();
  }

  /** Uploads of this course a reload cut off: the fingerprint store still has them. */
  async findInterrupted() {
    const all = await tabUploads.findAllUploads();
    this.interrupted = all.filter((stored) => stored.urlStorageKey.includes(this.endpoint)
      && !this.items.some((item) => item.upload?._urlStorageKey === stored.urlStorageKey));
  }

  async forget(stored) {
    await tabUploads.removeUpload(stored.urlStorageKey);
    this.findInterrupted();
  }

  add(files) {
    const added = [...files].map((file) => ({
      key: nextKey++, file, lessonId: lessonFrom(file.name), title: lessonFrom(file.name),
      state: 'new', sent: 0, error: '',
    }));
    this.items = [...this.items, ...added];
    // a file an interrupted upload was sending resumes at once, with the lesson it was for
    added.forEach((item) => this.resumeIfInterrupted(item));
  }

  async resumeIfInterrupted(item) {
    const upload = this.uploadFor(item);
    const previous = await upload.findPreviousUploads();
    if (previous.length > 0) {
      item.lessonId = previous[0].metadata.lesson_id ?? item.lessonId;
      item.title = previous[0].metadata.title ?? item.title;
      item.resumed = true;
      this.start(item, upload, previous[0]);
    }
  }

  uploadFor(item) {
    const update = (changes) => {
      Object.assign(item, changes);
      this.items = [...this.items];
    };
    return new Upload(item.file, {
      endpoint: this.endpoint,
      chunkSize: chunkSizeFor(item.file.size),
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
      metadata: { lesson_id: item.lessonId, title: item.title, filename: item.file.name, filetype: item.file.type },
      urlStorage: tabUploads,
      removeFingerprintOnSuccess: true,
      onBeforeRequest: (request) => {
        // the token goes to this service only, never to Cloudflare's upload URL
        if (new URL(request.getURL(), location.href).origin === location.origin) {
          request.setHeader('Authorization', `Bearer ${session.token}`);
        }
      },
      onAfterResponse: (request, response) => {
        if (request.getMethod() === 'POST' && response.getStatus() === 201) {
          this.dispatchEvent(new CustomEvent('registered', { bubbles: true }));
        }
      },
      onProgress: (sent, total) => update({ sent, total }),
      onSuccess: () => {
        update({ state: 'done', sent: item.file.size });
        this.dispatchEvent(new CustomEvent('uploaded', { bubbles: true }));
        this.findInterrupted();
      },
      onError: (error) => update({ state: 'failed', error: reasonOf(error) }),
    });
  }

  start(item, upload = this.uploadFor(item), previous = null) {
    if (previous) {
      upload.resumeFromPreviousUpload(previous);
    }
    item.upload = upload;
    item.state = 'uploading';
    item.error = '';
    this.items = [...this.items];
    upload.start();
    this.findInterrupted();
  }

  pause(item) {
    item.upload.abort();
    item.state = 'paused';
    this.items = [...this.items];
  }

  resume(item) {
    item.state = 'uploading';
    item.error = '';
    this.items = [...this.items];
    item.upload.start();
  }

  dismiss(item) {
    this.items = this.items.filter((other) => other !== item);
  }

  drop(event) {
    event.preventDefault();
    this.dragging = false;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) {
      this.add(files);
    }
  }

  row(item) {
    const id = `upload-${item.key}`;
    const percent = item.total ? Math.floor((100 * item.sent) / item.total) : 0;
    const editable = item.state === 'new';
    return html`
      <li class="upload" data-test="upload" data-state=${item.state}>
        <p class="file"><strong>${item.file.name}</strong> (${(item.file.size / MiB).toFixed(1)} MB)
          ${item.resumed ? html`<span class="badge">resumed</span>` : ''}</p>
        <div class="fields">
          <label for="${id}-lesson">Lesson id</label>
          <input id="${id}-lesson" .value=${item.lessonId} ?disabled=${!editable} required maxlength="255"
            @input=${(event) => { item.lessonId = event.target.value; }}>
          <label for="${id}-title">Title</label>
          <input id="${id}-title" .value=${item.title} ?disabled=${!editable} required maxlength="255"
            @input=${(event) => { item.title = event.target.value; }}>
        </div>
        <div class="status">
          <progress id="${id}-progress" max="100" .value=${percent}
            aria-label="Upload of ${item.file.name}">${percent}%</progress>
          <span aria-live="polite">${{ new: 'Not started', uploading: `${percent}% sent`, paused: `Paused at ${percent}%`,
            done: 'Uploaded: Cloudflare is processing it', failed: 'Stopped' }[item.state]}</span>
        </div>
        ${item.error ? html`<p role="alert" class="problem">${item.error}</p>` : ''}
        <div class="row-actions">
          ${item.state === 'new' ? html`<button type="button" @click=${() => this.start(item)}
            ?disabled=${!item.lessonId.trim() || !item.title.trim()}>Start upload</button>` : ''}
          ${item.state === 'uploading' ? html`<button type="button" @click=${() => this.pause(item)}>Pause</button>` : ''}
          ${item.state === 'paused' || (item.state === 'failed' && item.upload?.url)
            ? html`<button type="button" @click=${() => this.resume(item)}>Resume</button>` : ''}
          ${item.state !== 'uploading' ? html`<button type="button" class="quiet" @click=${() => this.dismiss(item)}
            aria-label="Remove ${item.file.name} from the list">Remove</button>` : ''}
        </div>
      </li>`;
  }

  render() {
    const waiting = this.items.filter((item) => item.state === 'new');
    return html`
      <section aria-labelledby="upload-heading" class="panel">
        <h2 id="upload-heading">Upload videos</h2>
        <div class="dropzone ${this.dragging ? 'dragging' : ''}" data-test="dropzone"
          @dragover=${(event) => { event.preventDefault(); this.dragging = true; }}
          @dragleave=${() => { this.dragging = false; }}
          @drop=${this.drop}>
          <p>Drop video files here, or</p>
          <input id="upload-files" class="visually-hidden" type="file" accept="video/*" multiple
            @change=${(event) => { this.add(event.target.files); event.target.value = ''; }}>
          <label class="button" for="upload-files">Choose video files</label>
        </div>
        ${this.interrupted.length > 0 ? html`
          <div class="interrupted" data-test="interrupted">
            <p>Interrupted uploads: choose the same file again to resume it.</p>
            <ul>${this.interrupted.map((stored) => html`<li>
              ${stored.metadata.filename ?? 'a file'} for lesson “${stored.metadata.lesson_id}”
              <button type="button" class="quiet" @click=${() => this.forget(stored)}
                aria-label="Forget the interrupted upload of ${stored.metadata.filename}">Forget</button></li>`)}
            </ul>
          </div>` : ''}
        ${this.items.length > 0 ? html`<ul class="uploads">${this.items.map((item) => this.row(item))}</ul>` : ''}
        ${waiting.length > 1 ? html`<button type="button" @click=${() => waiting.forEach((item) => this.start(item))}>
          Start all ${waiting.length} uploads</button>` : ''}
      </section>`;
  }
}

customElements.define('cv-uploads', Uploads);
