// Her alert page as a contact's phone shows it: Debian's chromium, headless, driven by playwright-core (never a
// downloaded browser). Run by tests/Platform.EndToEnd.Tests/FollowingTheAlertPage.cs, which owns the stack and her
// account; this script only plays the contact's browser.
//
//   node alert-page.mjs follow URL MESSAGE COORDINATES
//     opens the link from the SMS, checks her message and position, prints "opened", then reads lines from stdin:
//     "expect COORDINATES" waits until the page shows that position (the test posted it as her), then presses
//     "I'm on my way", checks the page says the answer was sent, prints "answered" and exits 0.
//   node alert-page.mjs refused URL
//     checks the link shows the refusal page (404), prints "refused" and exits 0.
//
// Any failure prints "FAIL: ..." on stderr and exits 1.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT_MS = 30_000;

function fail(message) {
  throw new Error(message);
}

async function withBrowser(run) {
  if (!existsSync(CHROMIUM)) {
    fail(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y --no-install-recommends chromium)`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // No sandbox: CI runs as root. The resolver rule keeps Chromium (and the map tile) off any network but loopback:
    // the page must work without its tile, as on a phone with no data.
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-background-networking',
      '--disable-component-update', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'fr-FR' });
    context.setDefaultTimeout(TIMEOUT_MS);
    return await run(await context.newPage());
  } finally {
    await browser.close();
  }
}

async function follow(url, message, coordinates) {
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  await withBrowser(async (page) => {
    const token = new URL(url).pathname.split('/').pop();
    const leaks = [];
    page.on('request', (request) => {
      // The token must never leave for another site: not in a URL, not in a Referer.
      const target = new URL(request.url());
      if (target.origin !== new URL(url).origin
        && (request.url().includes(token) || (request.headers().referer || '').includes(token))) {
        leaks.push(target.origin);
      }
    });
    const response = await page.goto(url);
    if (response.status() !== 200) fail(`the page answered ${response.status()}`);
    const text = await page.locator('body').innerText();
    if (!text.includes(message)) fail(`her message is not on the page: ${text}`);
    const shown = (await page.locator('#coordinates').innerText()).trim();
    if (shown !== coordinates) fail(`the page shows ${shown}, not her position ${coordinates}`);
    console.log('opened');

    const next = await lines.next();
    const expected = (next.value || '').replace(/^expect /, '').trim();
    if (!expected) fail('no new position to wait for on stdin');
    // Not reloaded by the test: the page's own script brings the new position.
    await page.waitForFunction((want) => document.getElementById('coordinates').textContent.trim() === want, expected,
      { timeout: TIMEOUT_MS });
    console.log(`moved ${expected}`);

    // A plain form post; the page comes back (post, redirect, get) saying the answer was sent.
    await page.click('#on-my-way');
    await page.locator('#answered').waitFor({ state: 'visible' });
    if (page.url() !== url) fail(`after "on my way" the browser is at ${page.url()}`);
    const answered = await page.locator('#answered').innerText();
    if (!/réponse a été envoyée|answer was sent/.test(answered)) fail(`after "on my way" the page says: ${answered}`);
    if (leaks.length > 0) fail(`the token left for ${leaks.join(', ')}`);
    console.log('answered');
  });
}

async function refused(url) {
  await withBrowser(async (page) => {
    const response = await page.goto(url);
    const text = await page.locator('body').innerText();
    if (response.status() !== 404) fail(`the link answered ${response.status()}: ${text}`);
    if (!text.includes("Cette page n'est pas disponible.")) fail(`not the refusal page: ${text}`);
    console.log('refused');
  });
}

const [mode, url, ...rest] = process.argv.slice(2);
try {
  if (mode === 'follow' && url && rest.length === 2) {
    await follow(url, rest[0], rest[1]);
  } else if (mode === 'refused' && url) {
    await refused(url);
  } else {
    fail('usage: node alert-page.mjs follow URL MESSAGE COORDINATES | refused URL');
  }
  process.exit(0);
} catch (error) {
  console.error(`FAIL: ${error.message}`);
  process.exit(1);
}
