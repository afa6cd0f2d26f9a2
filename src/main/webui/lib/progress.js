// A learner's progress on one video (PUT/GET /api/videos/{id}/progress, docs/progress.md): the
// stretches played between heartbeats, joined where they overlap and kept until the service has
// them. One reporter per video: a player that moves to another video starts a new one, so nothing
// of the old video is ever sent for the new.

/** Stretches one heartbeat carries at most (the contract's limit); the rest go with the next. */
export const MAX_STRETCHES = 50;

/** The stretches sorted, overlapping or touching ones joined, empty ones dropped. */
export function joinStretches(stretches) {
  const joined = [];
  for (const [from, to] of stretches.filter(([from, to]) => to > from).sort((a, b) => a[0] - b[0])) {
    const last = joined.at(-1);
    if (last && from <= last[1]) {
      last[1] = Math.max(last[1], to);
    } else {
      joined.push([from, to]);
    }
  }
  return joined;
}

export class ProgressReporter {
  /**
   * @param api an apiClient (lib/api.js)
   * @param videoId the video's id
   * @param duration the video's duration as the service knows it (what it checks heartbeats against), or null
   */
  constructor(api, videoId, duration) {
    Object.assign(this, { api, videoId, duration });
    this.path = `/api/videos/${encodeURIComponent(videoId)}/progress`;
    this.pending = [];
    this.off = false;
  }

  /** Where the learner left off (seconds; 0 when never watched or when this service keeps no progress). */
  async position() {
    try {
      return (await this.api.get(this.path))?.position ?? 0;
    } catch (error) {
      this.stopOn(error);
      return 0;
    }
  }

  /** A stretch played, [from, to] in seconds. */
  add(from, to) {
    if (to > from) {
      this.pending.push([from, to]);
    }
  }

  /**
   * One heartbeat: `position` and the stretches not sent yet. Those it carries return to the
   * queue when it fails for a reason that may pass (no connection, 5xx, 503 with Retry-After), so
   * the next heartbeat takes them; a heartbeat the service refused as malformed (400) is dropped.
   * `keepalive` lets it outlive the page (on hide and unload).
   */
  async send(position, { keepalive = false } = {}) {
    if (this.off) {
      return;
    }
    const limit = this.duration ?? Infinity;
    const clamp = (value) => Math.max(0, Math.min(value, limit));
    const stretches = joinStretches(this.pending.map(([from, to]) => [clamp(from), clamp(to)]));
    const watched = stretches.slice(0, MAX_STRETCHES);
    this.pending = stretches.slice(MAX_STRETCHES);
    try {
      await this.api.put(this.path, { position: clamp(position), watched }, { keepalive });
    } catch (error) {
      if (!this.stopOn(error) && error.status !== 400) {
        this.pending.unshift(...watched);
      }
    }
  }

  /** True when the answer says this learner keeps no progress here (not visible, not enrolled, no such endpoint). */
  stopOn(error) {
    this.off = error.status === 404 || error.status === 403 || error.status === 405;
    return this.off;
  }
}
