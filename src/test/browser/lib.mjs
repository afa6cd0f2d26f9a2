// What every browser scenario shares: Debian's chromium driven by playwright-core, headless, in a
// fresh profile; every page error, CSP violation, console error other than a failed request, and
// every API answer of 400 or more that the scenario did not say it causes is collected, and a
// scenario fails on any.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'console-browser-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
    viewport: { width: 1280, height: 900 },
  });
  const problems = [];
  const apiErrors = [];
  context.on('page', (page) => watch(page, problems, apiErrors));
  context.pages().forEach((page) => watch(page, problems, apiErrors));
  const page = context.pages()[0] ?? await context.newPage();
  return {
    context, page, problems, apiErrors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function watch(page, problems, apiErrors) {
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/api/') && response.status() >= 400) {
      apiErrors.push({ method: response.request().method(), path: url.pathname, status: response.status() });
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`)));
}

export function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** Polls `probe` until it returns something truthy; fails with `what` after `ms`. */
export async function until(what, probe, ms = 30000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`not within ${ms} ms: ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Plays the `<video>` (a locator), muted, until it is a second in; fails with `what` after 30 s.
 * Play is pressed again while it is paused, as a person would: a play() is cut short (AbortError)
 * when the player loads its source again.
 */
export async function playsPastOneSecond(what, video) {
  await until(what, () => video.evaluate((element) => {
    element.muted = true;
    if (element.paused) {
      element.play().catch(() => {});
    }
    return element.currentTime > 1;
  }));
}

process.on("unhandledRejection", (error) => { console.error("unhandled:", error); process.exitCode = 1; });

/**
 * Runs a scenario: prints its result as one JSON line, or its failure (and a screenshot beside the
 * others) and exits 1. `expected` lists the API errors it causes on purpose:
 * `{ method, path: RegExp, status }`; any other answer of 400 or more fails it.
 */
export async function scenario(run, screenshotOnFailure, expected = []) {
  let session;
  try {
    session = await launch();
    const result = await run(session);
    const unexpected = session.apiErrors.filter((error) => !expected.some((allowed) => allowed.method === error.method
      && allowed.path.test(error.path) && allowed.status === error.status));
    unexpected.forEach((error) => session.problems.push(`API answered ${error.status} to ${error.method} ${error.path}`));
    check(session.problems.length === 0, `the pages reported problems:\n${session.problems.join('\n')}`);
    console.log(JSON.stringify(result ?? {}));
  } catch (error) {
    console.error(error.stack ?? String(error));
    if (screenshotOnFailure && session) {
      await session.page.screenshot({ path: screenshotOnFailure, fullPage: true }).catch(() => {});
      console.error(`the page as it was: ${screenshotOnFailure}`);
    }
    if (session?.problems.length) {
      console.error(`also:\n${session.problems.join('\n')}`);
    }
    process.exitCode = 1;
  } finally {
    await session?.close();
  }
}
