// Uploads a file through the service's tus endpoint with tus-js-client, the way an admin's browser
// does, but interrupted: the first attempt is aborted once its first chunk (5 MiB) is accepted,
// then a second Upload, knowing only the upload URL, asks it how much arrived and goes on from
// there. (On loopback a request aborted mid-chunk has usually sent its whole chunk already, so
// the cut is made at a chunk's end; a chunk cut off inside is TusUploadCloudflareTest's.)
// Prints one JSON line: {"upload_url", "size", "interrupted_at", "finished_at"}.
// Usage: node upload.mjs <tus endpoint> <bearer token> <file> <lesson_id> <title>
import { readFileSync } from 'node:fs';
import { Upload } from 'tus-js-client';

const [endpoint, token, path, lessonId, title] = process.argv.slice(2);
const file = readFileSync(path);
const chunkSize = 5 * 1024 * 1024; // Cloudflare's smallest chunk but the last
const common = {
  chunkSize,
  headers: { Authorization: `Bearer ${token}` },
  metadata: { lesson_id: lessonId, title, filename: 'lecture.mp4', filetype: 'video/mp4' },
  retryDelays: null, // an interruption is the test's own: no silent retry
};

function firstAttempt() {
  return new Promise((resolve, reject) => {
    const upload = new Upload(file, {
      ...common,
      endpoint,
      onChunkComplete() {
        if (!upload.stopped) {
          upload.stopped = true;
          upload.abort().then(() => resolve(upload.url), reject);
        }
      },
      onError: reject,
      onSuccess: () => reject(new Error('the upload finished before it could be interrupted')),
    });
    upload.start();
  });
}

async function offsetOf(url) {
  const answer = await fetch(url, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });
  if (answer.status !== 200) {
    throw new Error(`HEAD ${url} answered ${answer.status}`);
  }
  return Number(answer.headers.get('Upload-Offset'));
}

function resume(url) {
  return new Promise((resolve, reject) => {
    const upload = new Upload(file, { ...common, uploadUrl: url, onError: reject, onSuccess: () => resolve() });
    upload.start();
  });
}

const url = await firstAttempt();
const interruptedAt = await offsetOf(url); // the first chunk was accepted whole before the abort
await resume(url);
console.log(JSON.stringify({
  upload_url: url,
  size: file.length,
  interrupted_at: interruptedAt,
  finished_at: await offsetOf(url),
}));
