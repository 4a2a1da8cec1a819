/*
 * provider.mjs: a real OpenID provider on loopback for the sign-in tests.
 *
 * It runs oidc-provider (an OpenID Certified implementation) with one
 * confidential client, so Porch's client side is tested against the
 * protocol as a provider enforces it rather than as we read the spec:
 * authorization code only, PKCE with S256 required, client_secret_basic at
 * the token endpoint, ID tokens signed with RS256 by a key chosen from a
 * key set that also holds Ed25519, P-256 and a second RSA key, so the
 * client has to pick its key by kid.
 *
 * Accounts need no set-up: any login name signs in, with any password, at
 * the built-in development pages, and the claims follow from the name:
 *   alice.smith@example.com        email as typed, email_verified true,
 *                                  name "Alice Smith", sub "sub-" + login
 *   unverified...@example.com      the same with email_verified false
 *   noemail...                     no email claims at all
 *   bob@example.com#42             email bob@example.com, sub "sub-42": the
 *                                  same person after an address change
 * Consent is given on the user's behalf unless --ask-consent is set.
 *
 * Everything is in memory and keys are made at start, so each run is a
 * fresh provider.  It listens on 127.0.0.1 over plain http only, prints
 * "ready <issuer>" on stdout once it accepts connections, logs one line
 * per request and every protocol error on stderr, and exits 0 on SIGTERM
 * or SIGINT.
 *
 *   node provider.mjs --port P --client-id ID --client-secret S
 *       --redirect-uri URI [--redirect-uri URI ...] [--claims-in-id-token]
 *       [--ask-consent] [--id-token-alg RS256|PS256|ES256|EdDSA]
 */

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const SCOPE = 'openid email profile';
const CLAIMS = ['email', 'email_verified', 'name'];

function usage(msg) {
  console.error(`provider.mjs: ${msg}`);
  console.error('usage: node provider.mjs --port P --client-id ID ' +
      '--client-secret S --redirect-uri URI [--redirect-uri URI ...] ' +
      '[--claims-in-id-token] [--ask-consent] [--id-token-alg ALG]');
  process.exit(2);
}

function options() {
  let v;

  try {
    ({ values: v } = parseArgs({ options: {
      port: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'claims-in-id-token': { type: 'boolean', default: false },
      'ask-consent': { type: 'boolean', default: false },
      'id-token-alg': { type: 'string', default: 'RS256' },
    } }));
  } catch (err) {
    usage(err.message);
  }
  const port = Number(v.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    usage('--port must be a port number');
  if (!v['client-id'] || !v['client-secret'] || !v['redirect-uri'])
    usage('--client-id, --client-secret and --redirect-uri are required');
  if (!['RS256', 'PS256', 'ES256', 'EdDSA'].includes(v['id-token-alg']))
    usage('--id-token-alg must be RS256, PS256, ES256 or EdDSA');
  return { ...v, port };
}

/*
 * The RSA key restricted to PS256 comes first so that a client taking
 * "the first RSA key" instead of the one named by kid fails.  Each run
 * has kids of its own, so a restarted provider is a key rotation.
 */
function signingKeys() {
  const run = randomBytes(4).toString('hex');
  const make = (type, opts, kid, alg) => ({
    ...generateKeyPairSync(type, opts).privateKey.export({ format: 'jwk' }),
    kid: `${kid}-${run}`, alg, use: 'sig',
  });

  return [
    make('rsa', { modulusLength: 2048 }, 'rsa-ps256', 'PS256'),
    make('ed25519', {}, 'ed25519', 'EdDSA'),
    make('ec', { namedCurve: 'P-256' }, 'p256', 'ES256'),
    make('rsa', { modulusLength: 2048 }, 'rsa-rs256', 'RS256'),
  ];
}

function nameOf(local) {
  return local.split(/[._+-]+/).filter(Boolean)
      .map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}

async function findAccount(ctx, id) {
  const hash = id.indexOf('#');
  const email = hash === -1 ? id : id.slice(0, hash);
  const sub = 'sub-' + (hash === -1 ? id : id.slice(hash + 1));

  return {
    accountId: id,
    async claims() {
      const name = nameOf(email.split('@')[0]);

      if (email.startsWith('noemail'))
        return { sub, name };
      return {
        sub,
        email,
        email_verified: !email.startsWith('unverified'),
        name,
      };
    },
  };
}

/*
 * The client is the provider's own, so the grant is made on the spot
 * and the consent page never shows; a grant already in the session (or
 * the one the consent page just saved) wins.
 */
function autoGrant(askConsent) {
  return async function loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId ||
        ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId)
      return ctx.oidc.provider.Grant.find(grantId);
    if (askConsent)
      return undefined;
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(SCOPE);
    grant.addOIDCClaims(CLAIMS);
    await grant.save();
    return grant;
  };
}

function configuration(o) {
  return {
    clients: [{
      client_id: o['client-id'],
      client_secret: o['client-secret'],
      redirect_uris: o['redirect-uri'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: o['id-token-alg'],
    }],
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic'],
    pkce: { methods: ['S256'], required: () => true },
    /* Porch must send redirect_uri both times, even with one registered. */
    allowOmittingSingleRegisteredRedirectUri: false,
    scopes: SCOPE.split(' '),
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    /* true: email and name only from userinfo (OIDC Core 5.4). */
    conformIdTokenClaims: !o['claims-in-id-token'],
    findAccount,
    loadExistingGrant: autoGrant(o['ask-consent']),
    jwks: { keys: signingKeys() },
    /*
     * Over plain http the cookies go without Secure (the provider sets
     * it only on an https request), which loopback needs.  The session
     * cookie's default SameSite=None is refused by browsers without
     * Secure; Lax is enough, every step being a top-level navigation
     * or a same-origin form.  Signed, so a test cannot forge them.
     */
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      long: { signed: true, sameSite: 'lax' },
      short: { signed: true },
    },
    features: {
      devInteractions: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: false },
    },
  };
}

const ERROR_EVENTS = [
  'authorization.error', 'grant.error', 'userinfo.error',
  'discovery.error', 'jwks.error', 'server_error',
];

function logErrors(provider) {
  provider.use(async (ctx, next) => {
    await next();
    console.error(`${ctx.method} ${ctx.path} ${ctx.status}`);
  });
  for (const event of ERROR_EVENTS) {
    provider.on(event, (ctx, err) => {
      const why = [err.message, err.error_description, err.error_detail];
      console.error(`${event}: ${why.filter(Boolean).join(': ')}`);
    });
  }
}

const opts = options();
const issuer = `http://127.0.0.1:${opts.port}`;
const provider = new Provider(issuer, configuration(opts));
logErrors(provider);

const server = provider.listen(opts.port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
server.on('error', (err) => {
  console.error(`provider.mjs: ${err.message}`);
  process.exit(1);
});

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
