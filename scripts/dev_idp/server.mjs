// The development OpenID provider: node-oidc-provider (OpenID Certified) with the invented staff of accounts.json,
// so the staff login runs the real authorization code flow on a fresh machine. Never for production: a gemeente
// uses its own provider (Entra ID, Keycloak, ...). Started by `make run` and the tests (scripts/dev_idp.py).
//
//   node server.mjs --host 127.0.0.1   it listens on this address only (the default)
//   WMO_DEV_IDP_PORT (9000)        the port; the issuer is http://127.0.0.1:<port>
//   WMO_DEV_IDP_PASSWORD           the password of every invented account (from .env)
//   WMO_OIDC_CLIENT_ID, WMO_OIDC_CLIENT_SECRET, WMO_OIDC_REDIRECT_URIS, WMO_OIDC_POST_LOGOUT_REDIRECT_URIS
//                                  the one client: the gemeente API's staff pages (URIs separated by spaces)
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { timingSafeEqual, randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    console.error(`dev IdP: ${name} is not set (make install writes it to .env)`);
    process.exit(2);
  }
  return value;
};

const hostArgument = process.argv.indexOf('--host');
const host = hostArgument > 0 ? process.argv[hostArgument + 1] : '127.0.0.1';
const port = Number(env('WMO_DEV_IDP_PORT', '9000'));
const issuer = `http://127.0.0.1:${port}`;
const password = env('WMO_DEV_IDP_PASSWORD');
const { accounts } = JSON.parse(readFileSync(new URL('./accounts.json', import.meta.url), 'utf8'));
const bySub = new Map(accounts.map((account) => [account.sub, account]));
const SCOPE = 'openid profile email roles';

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

const page = (title, body) => `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} - ontwikkel-inlog</title><link rel="stylesheet" href="/dev-idp.css"></head>
<body><main><p class="let-op">Ontwikkel-inlog met verzonnen medewerkers. Niet voor echt gebruik.</p>
<h1>${escape(title)}</h1>${body}</main></body></html>`;

const STYLE = `body{font-family:system-ui,sans-serif;font-size:1.125rem;line-height:1.5;margin:0;color:#1a1a1a;background:#fff}
main{max-width:30rem;margin:2rem auto;padding:0 1rem}label{display:block;margin-top:1rem;font-weight:600}
input{font-size:1.125rem;padding:.5rem;width:100%;box-sizing:border-box;border:2px solid #444}
button{margin-top:1.5rem;font-size:1.125rem;padding:.6rem 1.2rem;background:#00578a;color:#fff;border:0}
button.secundair{background:#fff;color:#00578a;border:2px solid #00578a;margin-left:.5rem}
.fout{border-left:6px solid #b00020;padding:.5rem 1rem;background:#fdecee}.let-op{background:#fff4ce;padding:.5rem 1rem}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}`;

function loginForm(uid, { hint = '', fout = '' } = {}) {
  const error = fout ? `<p class="fout" role="alert">${escape(fout)}</p>` : '';
  return page('Inloggen', `${error}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="login">Gebruikersnaam</label>
<input id="login" name="login" autocomplete="username" required value="${escape(hint)}">
<label for="password">Wachtwoord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Inloggen</button>
</form>
<form method="post" action="/interaction/${escape(uid)}/abort"><button class="secundair" type="submit">Annuleren</button></form>`);
}

function samePassword(given) {
  const a = Buffer.from(String(given));
  const b = Buffer.from(password);
  return a.length === b.length && timingSafeEqual(a, b);
}

const configuration = {
  clients: [{
    client_id: env('WMO_OIDC_CLIENT_ID', 'wmo-staff'),
    client_secret: env('WMO_OIDC_CLIENT_SECRET'),
    redirect_uris: env('WMO_OIDC_REDIRECT_URIS').split(/\s+/).filter(Boolean),
    post_logout_redirect_uris: (process.env.WMO_OIDC_POST_LOGOUT_REDIRECT_URIS || '').split(/\s+/).filter(Boolean),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'email', 'roles'],
  // acr, amr and auth_time with openid: the staff pages check that a second factor was used
  // roles: the person's roles and the gemeenten they work for (a gemeente's slug, config/gemeenten/<slug>.yml)
  claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], profile: ['name'], email: ['email'], roles: ['roles', 'gemeente'] },
  conformIdTokenClaims: false, // the roles and the name in the ID token itself, as Entra ID and Keycloak can
  acrValues: ['urn:wmo:dev:mfa', 'urn:wmo:dev:pwd'],
  cookies: { keys: [process.env.WMO_DEV_IDP_COOKIE_KEY || randomBytes(32).toString('hex')] },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page('Uitloggen', `<p>Wilt u ook hier uitloggen?</p>${form.replace('</form>', '')}
<button type="submit" name="logout" value="yes">Ja, uitloggen</button></form>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Uitgelogd', '<p>U bent uitgelogd.</p>');
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = bySub.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, name: account.name, email: account.email, roles: account.roles, gemeente: account.gemeente };
      },
    };
  },
  async loadExistingGrant(ctx) {
    // First-party staff pages: no consent screen; the grant covers the client's scopes.
    const { client, session } = ctx.oidc;
    const existing = session.grantIdFor(client.clientId);
    if (existing) return ctx.oidc.provider.Grant.find(existing);
    const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope(SCOPE);
    await grant.save();
    session.grantIdFor(client.clientId, grant.jti);
    return grant;
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Inloggen lukt niet', `<p>${escape(out.error_description || out.error)}</p>`);
  },
};

const provider = new Provider(issuer, configuration);
const callback = provider.callback();

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

async function interaction(req, res, uid, step) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  res.setHeader('Cache-Control', 'no-store');
  if (step === undefined && req.method === 'GET') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(loginForm(uid, { hint: details.params.login_hint || '' }));
    return;
  }
  if (step === 'abort' && req.method === 'POST') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'Inloggen afgebroken' },
      { mergeWithLastSubmission: false });
    return;
  }
  if (step === 'login' && req.method === 'POST') {
    const form = await readForm(req);
    const account = bySub.get(form.get('login') || '');
    if (!account || !samePassword(form.get('password') || '')) {
      res.statusCode = 401;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(loginForm(uid, { hint: form.get('login') || '', fout: 'Gebruikersnaam of wachtwoord klopt niet.' }));
      return;
    }
    const amr = account.mfa ? ['pwd', 'otp'] : ['pwd'];
    const acr = account.mfa ? 'urn:wmo:dev:mfa' : 'urn:wmo:dev:pwd';
    await provider.interactionFinished(req, res, { login: { accountId: account.sub, amr, acr } },
      { mergeWithLastSubmission: false });
    return;
  }
  res.statusCode = 405;
  res.end();
}

createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  const match = url.pathname.match(/^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/);
  try {
    if (url.pathname === '/dev-idp.css') {
      res.setHeader('Content-Type', 'text/css');
      res.end(STYLE);
    } else if (url.pathname === '/healthz') {
      res.end('ok');
    } else if (match) {
      await interaction(req, res, match[1], match[2]);
    } else {
      callback(req, res);
    }
  } catch (error) {
    res.statusCode = 400;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page('Inloggen lukt niet', '<p>Deze inlogpoging is verlopen. Begin opnieuw bij de pagina voor medewerkers.</p>'));
  }
}).listen(port, host, () => {
  console.log(`dev IdP: ${issuer} (${accounts.length} invented staff)`);
});
