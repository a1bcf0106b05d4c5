// One operator's shift in the association console: Debian's chromium, headless, driven by playwright-core, with
// Chromium's virtual authenticator standing in for her passkey. Run by tests/Platform.EndToEnd.Tests/WorkingAShift.cs,
// which owns the stack, presses as the woman and checks the sandbox; this script only plays the operator's browser.
//
//   node console-shift.mjs CONSOLE_URL INVITATION_URL EMAIL PASSWORD [SCREENSHOT_DIRECTORY]
//     registers her passkey from her invitation, signs in to the console (password + passkey), prints "board" when the
//     live board shows, and "axe board N" (serious or critical accessibility violations), then reads lines from stdin:
//       "expect-alert ID NAME"  waits until the card of alert ID appears on the open board (no reload) and is announced
//                               with NAME; prints "appeared"; "board-keys": the card is reached and opened with the
//                               keyboard alone; prints "opened" and "axe alert N"
//       "expect-trail N"        waits until her trail lists N positions; prints "trail N"
//       "handle"                presses "I'm handling it", prints "handled"
//       "resolve OUTCOME"       resolves with that outcome (its words) and a note, prints "resolved"
//       "caseload"              opens the caseload from the bar; prints "caseload" and "axe caseload N"
//       "enrol NAME|MESSAGE"    enrols a woman; prints "enrolled ID" (her page is open)
//       "add-contact NAME|PHONE" adds a contact to her; prints "contact-added"
//       "code"                  creates her app's activation code; prints "code CODE" and "axe woman N"
//       "seized"                signs her app out everywhere; prints "seized WORDS"
//       "done"                  exits 0.
//
// Any failure prints "FAIL: ..." on stderr and exits 1.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { TIMEOUT_MS, acceptInvitationWithPasskey, addVirtualAuthenticator, fail, launch, typePassword } from './staff-browser.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let current;

/** Serious and critical WCAG 2.1 A/AA violations on the page as it is. */
async function axe(page, name) {
  // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses an injected inline script.
  await page.evaluate(AXE);
  const results = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const violation of bad) {
    console.error(`axe ${name}: ${violation.id} (${violation.impact}): ${violation.nodes.map((n) => n.target.join(' ')).join('; ')}`);
  }
  console.log(`axe ${name} ${bad.length}`);
}

async function main([consoleUrl, invitationUrl, email, password, screenshots]) {
  if (!password) fail('usage: node console-shift.mjs CONSOLE_URL INVITATION_URL EMAIL PASSWORD [SCREENSHOT_DIRECTORY]');
  if (screenshots) mkdirSync(screenshots, { recursive: true });
  const shoot = async (page, name) => { if (screenshots) await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true }); };
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  // Nothing but loopback resolves: the console must not need (or reach) anything outside the platform.
  const browser = await launch(['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost, EXCLUDE 127.0.0.1']);
  try {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(TIMEOUT_MS);
    const page = await context.newPage();
    current = page;
    page.on('console', (message) => { if (message.type() === 'error') console.error(`browser: ${message.text()}`); });
    const outside = [];
    page.on('request', (request) => {
      if (!['localhost', '127.0.0.1'].includes(new URL(request.url()).hostname) && !request.url().startsWith('data:')) {
        outside.push(request.url());
      }
    });
    await addVirtualAuthenticator(context, page);

    await acceptInvitationWithPasskey(page, invitationUrl, password);
    console.log('registered');

    await page.goto(consoleUrl);
    await typePassword(page, email, password);
    await page.click('#use-passkey');
    await page.waitForURL((url) => url.pathname.startsWith('/console'));
    await page.locator('h1', { hasText: 'Alertes en cours' }).waitFor();
    // The live connection is up (the board marks it once it runs interactively): changes arrive from now on.
    await page.locator('#board-live').waitFor({ state: 'attached' });
    console.log('board');
    await shoot(page, 'board-empty');
    await axe(page, 'board');

    for await (const line of lines) {
      const [command, ...rest] = line.trim().split(' ');
      if (command === 'expect-alert') {
        const [id, ...name] = rest;
        const card = page.locator(`[data-alert-id="${id}"]`);
        await card.waitFor();
        await page.locator('#board-announcement', { hasText: name.join(' ') }).waitFor({ state: 'attached' });
        console.log('appeared');
        await shoot(page, 'board');
        await axe(page, 'board-with-alert');
        // The keyboard alone: Tab until the card's button has the focus, Enter opens it.
        const open = card.locator('a');
        for (let i = 0; i < 60 && !(await open.evaluate((el) => el === document.activeElement)); i++) {
          await page.keyboard.press('Tab');
        }
        if (!(await open.evaluate((el) => el === document.activeElement))) fail('the card cannot be reached with Tab');
        await page.keyboard.press('Enter');
        await page.locator('#her-message').waitFor();
        console.log('opened');
        await shoot(page, 'alert');
        await axe(page, 'alert');
      } else if (command === 'expect-trail') {
        const count = Number(rest[0]);
        await page.waitForFunction((n) => document.querySelectorAll('#trail li').length >= n, count);
        console.log(`trail ${count}`);
      } else if (command === 'handle') {
        await page.click('#handle-it');
        await page.locator('#handled').waitFor();
        console.log('handled');
      } else if (command === 'resolve') {
        await page.selectOption('#outcome', { label: rest.join(' ') });
        await page.fill('#note', 'Rappelée, elle est chez sa sœur.');
        await page.click('#resolve');
        await page.locator('#resolved').waitFor();
        console.log('resolved');
        await shoot(page, 'alert-resolved');
      } else if (command === 'caseload') {
        await page.click('#nav-caseload');
        await page.locator('h1', { hasText: 'Dossiers' }).waitFor();
        console.log('caseload');
        await shoot(page, 'caseload');
        await axe(page, 'caseload');
      } else if (command === 'enrol') {
        const [name, message] = rest.join(' ').split('|');
        await page.fill('#enrol-name', name);
        await page.fill('#enrol-message', message);
        await page.click('#enrol');
        await page.locator('h1', { hasText: name }).waitFor();
        console.log(`enrolled ${new URL(page.url()).pathname.split('/').pop()}`);
      } else if (command === 'add-contact') {
        const [name, phone] = rest.join(' ').split('|');
        await page.fill('#contact-name', name);
        await page.fill('#contact-phone', phone);
        await page.click('#add-contact');
        await page.locator('#contacts li', { hasText: name }).waitFor();
        console.log('contact-added');
      } else if (command === 'code') {
        // Her association may ask a moment after enrolling her, before the identity service has heard of her: ask again.
        for (let attempt = 0; attempt < 20 && !(await page.locator('[data-code]').count()); attempt++) {
          await page.click('#new-code');
          await page.locator('[data-code], #problem').first().waitFor();
          if (!(await page.locator('[data-code]').count())) await page.waitForTimeout(500);
        }
        console.log(`code ${await page.locator('[data-code]').innerText()}`);
        await shoot(page, 'woman');
        await axe(page, 'woman');
      } else if (command === 'seized') {
        await page.click('#seized');
        await page.locator('#seized-done').waitFor();
        console.log(`seized ${await page.locator('#seized-done').innerText()}`);
      } else if (command === 'done') {
        if (outside.length > 0) fail(`the console reached outside the platform: ${outside.join(', ')}`);
        return;
      } else {
        fail(`unknown command: ${line}`);
      }
    }
  } catch (error) {
    const text = current ? await current.locator('body').innerText().catch(() => '') : '';
    error.message += ` (at ${current?.url()}; the page says: ${text.slice(0, 600).replaceAll('\n', ' | ')})`;
    throw error;
  } finally {
    await browser.close();
  }
}

main(process.argv.slice(2)).then(() => process.exit(0), async (error) => {
  console.error(`FAIL: ${error.message}`);
  process.exit(1);
});
