// The signed-in session: the platform's bearer token, kept for this browser tab only
// (sessionStorage), taken from the URL fragment #token=… (then removed from the address bar and
// history) or pasted on the sign-in page.
import { apiClient } from '../lib/api.js';
import { claimsOf, expiryOf, holderOf, isAdmin } from '../lib/token.js';

const KEY = 'course-video-console.token';

function describe(token) {
  const claims = claimsOf(token);
  if (!claims) {
    return { problem: 'That is not a bearer token: a token has three parts separated by dots.' };
  }
  const expires = expiryOf(claims);
  if (!expires) {
    return { problem: 'That token has no expiry (exp), so the service refuses it.' };
  }
  if (expires.getTime() <= Date.now()) {
    return { problem: `That token expired at ${expires.toLocaleString()}. Ask the course platform for a new one.` };
  }
  return { claims, expires, holder: holderOf(claims), admin: isAdmin(claims) };
}

export class Session extends EventTarget {
  constructor() {
    super();
    this.token = null;
    this.info = null;
    this.notice = '';
    if (!this.fromFragment() && sessionStorage.getItem(KEY)) {
      this.signIn(sessionStorage.getItem(KEY));
    }
    // the platform may hand over a new token while the console is open
    window.addEventListener('hashchange', () => this.fromFragment());
  }

  /** Signs in with the token in the URL's fragment (#token=…), removed from the address bar and history. */
  fromFragment() {
    const handed = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
    if (!handed) {
      return false;
    }
    history.replaceState(null, '', location.pathname + location.search);
    this.signIn(handed);
    return true;
  }

  /** Signs in with `token`; returns the reason it cannot, or '' when it did. */
  signIn(token) {
    const info = describe(token);
    if (info.problem) {
      this.signOut(info.problem);
      return info.problem;
    }
    this.token = token.trim();
    this.info = info;
    this.notice = '';
    sessionStorage.setItem(KEY, this.token);
    this.api = apiClient('', this.token, { onUnauthenticated: (error) => this.signOut(`The service refused the token: ${error.message}`) });
    clearTimeout(this.timer);
    // setTimeout holds at most ~24.8 days
    this.timer = setTimeout(() => this.signOut('The token expired. Sign in again with a new one.'),
      Math.min(info.expires.getTime() - Date.now(), 2 ** 31 - 1));
    this.changed();
    return '';
  }

  signOut(notice = '') {
    clearTimeout(this.timer);
    sessionStorage.removeItem(KEY);
    this.token = null;
    this.info = null;
    this.api = null;
    this.notice = notice;
    this.changed();
  }

  changed() {
    this.dispatchEvent(new Event('change'));
  }
}

export const session = new Session();
