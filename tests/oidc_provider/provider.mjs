// A real OpenID provider for the single sign-on tests: panva's certified oidc-provider with its
// own login form (devInteractions), a confidential test client and a few test users.
//
// Environment: OIDC_PORT, OIDC_REDIRECT_URI, OIDC_POST_LOGOUT_URI, OIDC_USERS (JSON: login ->
// claims). Prints "ready <issuer>" on stdout once it listens.
//
// Clients: "poll-service"; "poll-tampered", whose ID tokens get a changed payload on the way out
// of the token endpoint (a man in the middle the relying party must catch); "poll-public".
import { generateKeyPairSync, randomUUID } from 'node:crypto';

import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const users = JSON.parse(process.env.OIDC_USERS);
const secret = 'test-client-secret-that-is-long-enough';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };

const client = (clientId) => ({
  client_id: clientId,
  client_secret: secret,
  redirect_uris: [process.env.OIDC_REDIRECT_URI],
  post_logout_redirect_uris: [process.env.OIDC_POST_LOGOUT_URI],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
});

const provider = new Provider(issuer, {
  clients: [
    client('poll-service'),
    client('poll-tampered'),
    // A public client: no secret, the PKCE verifier alone ties the code to who asked for it.
    { ...client('poll-public'), client_secret: undefined, token_endpoint_auth_method: 'none' },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
  // First-party client: no consent screen, the grant covers what it asks for.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid');
    await grant.save();
    return grant;
  },
  async findAccount(_ctx, id) {
    if (!Object.hasOwn(users, id)) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...users[id] }) };
  },
});

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/token' && ctx.body?.id_token && ctx.oidc?.client?.clientId === 'poll-tampered') {
    const [header, payload, signature] = ctx.body.id_token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url'));
    claims.sub = `${claims.sub}-admin`;
    ctx.body.id_token = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
  }
});

// Its own failures go to the log (tests/sso/provider.py shows the log when it does not start).
provider.on('server_error', (_ctx, error) => console.error('server_error', error));

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
