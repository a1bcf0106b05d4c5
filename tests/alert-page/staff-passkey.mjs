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
import { TIMEOUT_MS, acceptInvitationWithPasskey, addVirtualAuthenticator, fail, launch, typePassword } from './staff-browser.mjs';

async function main([invitationUrl, email, password, authorizeUrl]) {
  if (!authorizeUrl) fail('usage: node staff-passkey.mjs INVITATION_URL EMAIL PASSWORD AUTHORIZE_URL');
  const browser = await launch();
  try {
    const context = await browser.newContext({ locale: 'fr-FR' });
    context.setDefaultTimeout(TIMEOUT_MS);
    const page = await context.newPage();
    const { cdp, authenticatorId } = await addVirtualAuthenticator(context, page);

    await acceptInvitationWithPasskey(page, invitationUrl, password);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    if (credentials.length !== 1) fail(`the authenticator holds ${credentials.length} credentials, not 1`);
    console.log('registered');

    await page.goto(authorizeUrl);
    await typePassword(page, email, password);
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
