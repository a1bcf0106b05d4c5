// What the staff scripts share: Debian's chromium launched headless (never a downloaded browser), Chromium's virtual
// authenticator standing in for her phone's passkey, and her invitation accepted with a passkey and a password.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const TIMEOUT_MS = 30_000;

export function fail(message) {
  throw new Error(message);
}

/** Chromium with no sandbox (CI runs as root); extra arguments as given (a resolver rule, for instance). */
export async function launch(extraArgs = []) {
  if (!existsSync(CHROMIUM)) {
    fail(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y --no-install-recommends chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-background-networking',
      '--disable-component-update', ...extraArgs],
  });
}

/** A platform authenticator with user verification, on this page's browser context; returns its id and the CDP session. */
export async function addVirtualAuthenticator(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** Opens her invitation, creates a passkey, chooses her password; fails unless the account is ready. */
export async function acceptInvitationWithPasskey(page, invitationUrl, password) {
  const invitation = await page.goto(invitationUrl);
  if (invitation.status() !== 200) fail(`the invitation answered ${invitation.status()}`);
  await page.click('#create-passkey');
  await page.locator('#passkey-status', { hasText: 'enregistrée' }).waitFor();
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForLoadState('load'), page.click('#create-account')]);
  const ready = await page.locator('body').innerText();
  if (!ready.includes('Votre compte est prêt')) fail(`after the invitation form the page says: ${ready}`);
}

/** At the identity service's login page: her address and password; the second-factor page is then open. */
export async function typePassword(page, email, password) {
  if (!new URL(page.url()).pathname.startsWith('/account/login')) fail(`she was not asked to sign in: ${page.url()}`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL('**/account/second-factor**'), page.click('button[type=submit]')]);
}
