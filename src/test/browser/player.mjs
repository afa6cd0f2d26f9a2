// The player in a page of its own, on another origin (the course platform's, served here by a
// small server on another port, with a strict CSP of its own), as a learner: it resumes where the
// learner left off, plays, shows captions, renews its signed token, reports progress (to the right
// video when the platform moves it to another), and says so when a video is not available.
// Usage: node player.mjs <input.json> (PlayerBrowserTest runs it).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { check, playsPastOneSecond, scenario, until } from './lib.mjs';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function lessonPage(delivery) {
  const policy = [`default-src 'none'`, `script-src ${input.base}`, `connect-src ${input.base} ${delivery}`,
    `media-src ${delivery} blob:`, `img-src ${delivery}`, `style-src 'none'`].join('; ');
  const player = (id, label) => `<section><h2>${label}</h2>
    <course-video id="${label}" api="${input.base}" video-id="${id}" token="${input.learner}"></course-video></section>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="${policy}">
    <title>Lesson</title><script type="module" src="${input.base}/player/course-video.js"></script></head>
    <body><main><h1>A lesson on the course platform</h1>
    ${player(input.video, 'ready')}${player(input.not_ready, 'processing')}${player(input.unreleased, 'unreleased')}
    </main></body></html>`;
}

scenario(async ({ page }) => {
  const playback = await (await fetch(`${input.base}/api/videos/${input.video}/playback`,
    { headers: { Authorization: `Bearer ${input.learner}` } })).json();
  const delivery = new URL(playback.playback_urls.hls).origin;
  // the course platform: another origin on this machine, serving the lesson page
  const platform = createServer((request, response) => response.writeHead(200, { 'Content-Type': 'text/html' })
    .end(lessonPage(delivery)));
  await new Promise((resolve) => platform.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${platform.address().port}`;

  const calls = [];
  page.on('request', (request) => {
    const url = request.url();
    if (url.includes('/progress') || url.endsWith('/playback')) {
      calls.push({ method: request.method(), path: new URL(url).pathname, body: request.postData() });
    }
  });
  const answers = {};
  const renewals = []; // the ready video's playback answers: when, and the token its HLS URL carries
  page.on('response', async (response) => {
    if (response.url().includes('/progress')) {
      answers[`${response.request().method()} progress`] = response.status();
    }
    if (response.url().endsWith(`/${input.video}/playback`) && response.request().method() === 'GET' && response.ok()) {
      const hls = (await response.json()).playback_urls.hls;
      renewals.push({ at: Date.now(), token: hls.match(/\/([\w-]+\.[\w-]+\.[\w-]+)\/manifest\//)?.[1] ?? null });
    }
  });
  const tokens = new Set();
  page.on('request', (request) => {
    const match = request.url().match(/\/([\w-]+\.[\w-]+\.[\w-]+)\/manifest\//);
    if (match) {
      tokens.add(match[1]);
    }
  });

  await page.goto(`${origin}/lesson.html`);
  const ready = page.locator('course-video#ready');
  const video = ready.locator('video');
  await video.waitFor();
  // the learner watched up to input.saved_position before: the player starts there
  const resumedAt = await until('the player resumed where the learner left off', () => video.evaluate((element) =>
    (element.readyState >= 1 && element.currentTime > 0 ? element.currentTime : null)), 30000);
  await playsPastOneSecond('the lesson plays', video);
  await until('its captions are shown', () => video.evaluate((element) => {
    const track = element.textTracks[0];
    if (!track) {
      return false;
    }
    track.mode = 'showing';
    return track.language === 'en' && track.cues?.length > 0;
  }));
  const messages = {};
  for (const id of ['processing', 'unreleased']) {
    messages[id] = await until(`${id} says why`, () => page.locator(`course-video#${id}`).locator('.message').textContent()
      .then((text) => (text.includes('not available') || text.includes('being prepared') ? text.trim() : null)));
  }
  check(await ready.locator('.message').isHidden(), 'the playing lesson shows no message');

  // progress: a heartbeat on pause
  await video.evaluate((element) => element.pause());
  const progressKept = await until('the position was asked for', () => answers['GET progress']);
  await until('a heartbeat was answered', () => answers['PUT progress']);
  // a signed token lives 10 s in this test: the player asks for fresh playback data before it ends
  await until('the player renewed its token', () => renewals.length >= 2, 20000);
  // the platform moves this player to the next lesson: what was played of this one is reported for this one
  const pausedAt = await video.evaluate((element) => element.currentTime);
  await video.evaluate((element) => element.play().catch(() => {}));
  await until('it plays on for a second', () => video.evaluate((element, from) => !element.paused && element.currentTime > from + 1, pausedAt));
  const switchedAt = calls.length;
  await ready.evaluate((element, next) => element.setAttribute('video-id', next), input.next);
  await until('the next lesson loads', () => calls.slice(switchedAt).some((call) => call.path.endsWith(`/${input.next}/playback`)));
  const afterSwitch = calls.slice(switchedAt).filter((call) => call.method === 'PUT');
  const heartbeats = calls.filter((call) => call.method === 'PUT').map((call) => JSON.parse(call.body));
  platform.close();
  return { origin, messages, progress_get: progressKept, progress_put: answers['PUT progress'] ?? null, heartbeats, resumed_at: resumedAt,
    switch_heartbeats: afterSwitch.map((call) => ({ path: call.path, body: JSON.parse(call.body) })),
    tokens: tokens.size, renewals: renewals.map((renewal) => ({ after_ms: renewal.at - renewals[0].at, token: renewal.token })) };
}, join(input.screenshots, 'failed-player.png'), [
  // a video not ready or not released is 404 to a learner (the player says so), and so is its progress
  { method: 'GET', path: /\/playback$/, status: 404 },
]);
