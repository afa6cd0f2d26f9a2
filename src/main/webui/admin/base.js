// What every part of the console shares: light-DOM Lit elements (one stylesheet, app.css, styles
// them all, so the page needs no inline style), the session, formatting, and the error line.
import { LitElement } from 'lit';

export class Element extends LitElement {
  createRenderRoot() {
    return this;
  }
}

/** Runs `work`, showing its ApiError's message (the problem's detail) in `host.error` if it fails. */
export async function attempt(host, work) {
  host.error = '';
  host.busy = true;
  try {
    return await work();
  } catch (error) {
    host.error = error.message || String(error);
    return undefined;
  } finally {
    host.busy = false;
  }
}

export function formatDuration(seconds) {
  if (seconds == null) {
    return '—';
  }
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatTime(value) {
  return value ? dateTime.format(new Date(value)) : '—';
}

/** An ISO timestamp as the value of an <input type="datetime-local"> (local time), or ''. */
export function toLocalInput(value) {
  if (!value) {
    return '';
  }
  const date = new Date(value);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 16);
}

/** An <input type="datetime-local"> value (local time) as an ISO timestamp with offset, or null. */
export function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : null;
}

export function releaseWindow(video) {
  if (!video.available_from && !video.available_until) {
    return 'always';
  }
  return `${video.available_from ? formatTime(video.available_from) : '…'} – ${video.available_until ? formatTime(video.available_until) : '…'}`;
}

/** The route's path for a link: the console routes by the URL's fragment (#/courses/…). */
export function href(...parts) {
  return '#/' + parts.map((part) => encodeURIComponent(part)).join('/');
}
