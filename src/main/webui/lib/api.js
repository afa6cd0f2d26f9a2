// The service's HTTP API as both faces use it: a bearer token on every call, problem+json errors
// turned into an ApiError whose message is the problem's `detail` (what a person is shown), and
// the RFC 8288 `Link: <…>; rel="next"` of paged lists.

/** A failed call: `message` is what to show a person; `status` 0 means the service was not reached. */
export class ApiError extends Error {
  constructor(status, message, code = null) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The URL of the `rel="next"` link of a Link header, or null. */
export function nextLink(header) {
  if (!header) {
    return null;
  }
  for (const part of header.split(',')) {
    const match = part.match(/<([^>]*)>\s*;\s*rel="?next"?/);
    if (match) {
      return match[1];
    }
  }
  return null;
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      const problem = await response.json();
      if (problem && typeof problem.detail === 'string') {
        return new ApiError(response.status, problem.detail, problem.code ?? null);
      }
    } catch {
      // not JSON after all: described below
    }
  }
  return new ApiError(response.status, `The service answered ${response.status} ${response.statusText || ''}`.trim() + '.');
}

/**
 * A client of the API at `base` (an origin, '' for this one) with `token`. `onUnauthenticated`
 * hears every 401, so the console can ask for a new token.
 */
export function apiClient(base, token, { onUnauthenticated } = {}) {
  async function call(method, path, { body, headers = {}, accept = 'application/json', keepalive = false } = {}) {
    const init = { method, keepalive, headers: { Authorization: `Bearer ${token}`, Accept: accept, ...headers } };
    if (body !== undefined) {
      if (typeof body === 'string' || body instanceof Blob) {
        init.body = body;
      } else {
        init.body = JSON.stringify(body);
        init.headers['Content-Type'] = 'application/json';
      }
    }
    let response;
    try {
      response = await fetch(base + path, init);
    } catch {
      throw new ApiError(0, 'The service could not be reached. Check the connection and try again.');
    }
    if (!response.ok) {
      const error = await problemOf(response);
      if (response.status === 401 && onUnauthenticated) {
        onUnauthenticated(error);
      }
      throw error;
    }
    return response;
  }

  async function json(method, path, options) {
    const response = await call(method, path, options);
    return response.status === 204 ? null : response.json();
  }

  return {
    base,
    token,
    call,
    get: (path) => json('GET', path),
    post: (path, body) => json('POST', path, { body }),
    put: (path, body, options) => json('PUT', path, { body, ...options }),
    patch: (path, body) => json('PATCH', path, { body }),
    delete: (path) => json('DELETE', path),
    /** One page of a paged list: its items and the path of the next page (null at the end). */
    async page(path) {
      const response = await call('GET', path);
      const next = nextLink(response.headers.get('Link'));
      return { items: await response.json(), next: next && new URL(next, location.href).pathname + new URL(next, location.href).search };
    },
    /** Every page of a paged list, one after another. */
    async all(path) {
      const items = [];
      for (let next = path; next;) {
        const page = await this.page(next);
        items.push(...page.items);
        next = page.next;
      }
      return items;
    },
  };
}
