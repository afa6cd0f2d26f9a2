// lib/progress.js under Node's test runner (WebLibraryTest runs it): what a heartbeat carries, and
// that nothing played is lost when one fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinStretches, MAX_STRETCHES, ProgressReporter } from '../../main/webui/lib/progress.js';

/** An apiClient stand-in that records the calls and answers each with the next of `answers`. */
function service(...answers) {
  const calls = [];
  const answer = async (method, path, body, options) => {
    calls.push({ method, path, body, options });
    const next = answers.shift();
    if (next instanceof Error) {
      throw next;
    }
    return next ?? null;
  };
  return { calls, get: (path) => answer('GET', path), put: (path, body, options) => answer('PUT', path, body, options) };
}

function failure(status) {
  return Object.assign(new Error(`answered ${status}`), { status });
}

test('overlapping and touching stretches are joined, empty ones dropped, in order', () => {
  assert.deepEqual(joinStretches([[20, 30], [0, 5], [4, 10], [10, 12], [15, 15]]), [[0, 12], [20, 30]]);
});

test('a heartbeat carries the position and the joined stretches, clamped to the duration, to its own video', async () => {
  const api = service();
  const progress = new ProgressReporter(api, 'video one', 60);
  progress.add(50, 70);
  progress.add(0, 10);
  progress.add(5, 12);
  await progress.send(65);
  assert.deepEqual(api.calls, [{ method: 'PUT', path: '/api/videos/video%20one/progress',
    body: { position: 60, watched: [[0, 12], [50, 60]] }, options: { keepalive: false } }]);
});

test('stretches a failed heartbeat carried go with the next one', async () => {
  const api = service(failure(503), failure(0), null);
  const progress = new ProgressReporter(api, 'v', 100);
  progress.add(0, 10);
  await progress.send(10);
  progress.add(10, 20);
  await progress.send(20);
  progress.add(30, 40);
  await progress.send(40, { keepalive: true });
  assert.deepEqual(api.calls.map((call) => call.body.watched), [[[0, 10]], [[0, 20]], [[0, 20], [30, 40]]]);
  assert.deepEqual(api.calls[2].options, { keepalive: true });
  await progress.send(40);
  assert.deepEqual(api.calls[3].body.watched, [], 'once accepted, a stretch is not sent again');
});

test('more stretches than one heartbeat may carry wait for the next, none dropped', async () => {
  const api = service();
  const progress = new ProgressReporter(api, 'v', null);
  for (let at = 0; at < MAX_STRETCHES + 5; at++) {
    progress.add(at * 10, at * 10 + 1);
  }
  await progress.send(1);
  await progress.send(1);
  assert.equal(api.calls[0].body.watched.length, MAX_STRETCHES);
  assert.deepEqual(api.calls[1].body.watched, [500, 510, 520, 530, 540].map((from) => [from, from + 1]));
});

test('a refused heartbeat (400) is dropped; where the learner may not keep progress, nothing more is sent', async () => {
  const api = service(failure(400), null, failure(404));
  const progress = new ProgressReporter(api, 'v', 100);
  progress.add(0, 10);
  await progress.send(10);
  await progress.send(10);
  assert.deepEqual(api.calls[1].body.watched, []);
  assert.equal(await progress.position(), 0);
  await progress.send(10);
  assert.equal(api.calls.length, 3, 'no heartbeat after a 404');
});
