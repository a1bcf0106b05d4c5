// A member of staff's browser with a passkey: Debian's chromium, headless, driven by playwright-core, with Chromium's
// virtual authenticator (CDP WebAuthn domain) standing in for her phone's. Run by
// tests/Platform.EndToEnd.Tests/SigningInStaff.cs, which owns the stack, her invitation and the PKCE verifier.
//
//   node staff-passkey.mjs INVITATION_URL EMAIL PASSWORD AUTHORIZE_URL
//     opens her invitation, creates a passkey, chooses her password, prints "registered"; then opens the console's
//     authorization request, signs in with her password and her passkey (no code typed), and prints "code CODE" when
//     the browser is sent back to the console with an authorization code; exits 0.
//
// Any failure prints "FAIL: ..." on stderr and exits 1.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT_MS = 30_000;

function fail(message) {
  throw new Error(message);
}

async function main([invitationUrl, email, password, authorizeUrl]) {
  if (!authorizeUrl) fail('usage: node staff-passkey.mjs INVITATION_URL EMAIL PASSWORD AUTHORIZE_URL');
  if (!existsSync(CHROMIUM)) {
    fail(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y --no-install-recommends chromium)`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-background-networking',
      '--disable-component-update'],
  });
  try {
    const context = await browser.newContext({ locale: 'fr-FR' });
    context.setDefaultTimeout(TIMEOUT_MS);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
        isUserVerified: true, automaticPresenceSimulation: true,
      },
    });

    const invitation = await page.goto(invitationUrl);
    if (invitation.status() !== 200) fail(`the invitation answered ${invitation.status()}`);
    await page.click('#create-passkey');
    await page.locator('#passkey-status', { hasText: 'enregistrée' }).waitFor();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    if (credentials.length !== 1) fail(`the authenticator holds ${credentials.length} credentials, not 1`);
    await page.fill('input[name=password]', password);
    await Promise.all([page.waitForLoadState('load'), page.click('#create-account')]);
    const ready = await page.locator('body').innerText();
    if (!ready.includes('Votre compte est prêt')) fail(`after the invitation form the page says: ${ready}`);
    console.log('registered');

    await page.goto(authorizeUrl);
    if (!new URL(page.url()).pathname.startsWith('/account/login')) fail(`authorize did not ask her to sign in: ${page.url()}`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await Promise.all([page.waitForURL('**/account/second-factor**'), page.click('button[type=submit]')]);
    // The code comes back in the redirect to the console's callback: read from the request itself (the real console
    // answers it, and refuses a code it did not ask for: this test plays the console with its own PKCE verifier).
    const [callback] = await Promise.all([page.waitForRequest('**/console/signin-oidc**'), page.click('#use-passkey')]);
    const code = new URL(callback.url()).searchParams.get('code');
    if (!code) fail(`no authorization code came back: ${callback.url()}`);
    console.log(`code ${code}`);
  } finally {
    await browser.close();
  }
}

main(process.argv.slice(2)).then(() => process.exit(0), (error) => {
  console.error(`FAIL: ${error.message}`);
  process.exit(1);
});
