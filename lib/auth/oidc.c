/*
 * oidc: OpenID Connect sign-in, the client side (the rules are in oidc.h).
 *
 * The per-process cache holds the text of the documents fetched (the
 * discovery document and the key set) in malloc'd memory, a few entries
 * at most, and parses a fresh copy into the request's arena for each use,
 * so no parsed tree outlives its request.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "config.h"
#include "crypto.h"
#include "fetch.h"
#include "json.h"
#include "jwt.h"
#include "oidc.h"
#include "util.h"

#define CACHE_SLOTS	8
#define CACHE_SECONDS	3600
#define SKEW_SECONDS	120	/* clocks of the provider and Porch differ */
#define SECRET_MAX	1024
#define SUBJECT_MAX	255

static struct {
	char	*url;
	char	*body;
	size_t	 len;
	time_t	 at;
} cache[CACHE_SLOTS];

/* ------------------------------------------------------------ fetching */

static void
cache_put(const char *url, const struct fetch_res *res, time_t now)
{
	size_t	 i, slot = 0;

	for (i = 0; i < CACHE_SLOTS; i++) {
		if (cache[i].url != NULL && strcmp(cache[i].url, url) == 0) {
			slot = i;
			break;
		}
		if (cache[i].at < cache[slot].at)
			slot = i;	/* else the oldest goes */
	}
	free(cache[slot].url);
	free(cache[slot].body);
	cache[slot].url = strdup(url);
	cache[slot].body = malloc(res->len + 1);
	if (cache[slot].url == NULL || cache[slot].body == NULL) {
		free(cache[slot].url);
		free(cache[slot].body);
		cache[slot].url = cache[slot].body = NULL;
		return;
	}
	memcpy(cache[slot].body, res->body, res->len + 1);
	cache[slot].len = res->len;
	cache[slot].at = now;
}

/* The JSON object at url, from the cache unless `fresh`. */
static const struct jval *
get_json(struct arena *a, const char *url, bool fresh, const char **err)
{
	struct fetch_req	 q = { .url = url };
	struct fetch_res	 res;
	const struct jval	*v;
	time_t			 now = time(NULL);
	size_t			 i;

	for (i = 0; !fresh && i < CACHE_SLOTS; i++)
		if (cache[i].url != NULL && strcmp(cache[i].url, url) == 0 &&
		    now - cache[i].at < CACHE_SECONDS)
			return json_parse(a, cache[i].body, cache[i].len, err);
	if (!fetch(a, &q, &res, err))
		return NULL;
	if (res.status != 200) {
		*err = arena_printf(a, "%s answered %ld", url, res.status);
		return NULL;
	}
	if ((v = json_parse(a, res.body, res.len, err)) == NULL)
		return NULL;
	if (v->type != JSON_OBJECT) {
		*err = "not a JSON object";
		return NULL;
	}
	cache_put(url, &res, now);
	return v;
}

struct endpoints {
	const char	*authorization;
	const char	*token;
	const char	*jwks;
	const char	*userinfo;	/* NULL when the provider has none */
};

static const char *
endpoint(const struct jval *doc, const char *name, const char **err)
{
	const char	*url;

	if ((url = json_get_str(doc, name)) == NULL || !fetch_url_allowed(url))
		*err = "discovery document lacks an https endpoint";
	return url;
}

static bool
discover(struct arena *a, const struct oidc_provider *p,
    struct endpoints *ep, const char **err)
{
	const struct jval	*doc;
	const char		*url, *iss;
	size_t			 n = strlen(p->issuer);

	*err = NULL;
	url = arena_printf(a, "%.*s/.well-known/openid-configuration",
	    (int)(n > 0 && p->issuer[n - 1] == '/' ? n - 1 : n), p->issuer);
	if ((doc = get_json(a, url, false, err)) == NULL)
		return false;
	if ((iss = json_get_str(doc, "issuer")) == NULL ||
	    strcmp(iss, p->issuer) != 0) {
		*err = "discovery document names another issuer";
		return false;
	}
	ep->authorization = endpoint(doc, "authorization_endpoint", err);
	ep->token = endpoint(doc, "token_endpoint", err);
	ep->jwks = endpoint(doc, "jwks_uri", err);
	ep->userinfo = json_get_str(doc, "userinfo_endpoint");
	if (ep->userinfo != NULL && !fetch_url_allowed(ep->userinfo))
		ep->userinfo = NULL;
	return *err == NULL;
}

/* ------------------------------------------------------------ begin */

const char *
oidc_redirect_uri(struct arena *a, const struct portal *p)
{
	return arena_printf(a, "%s/auth/oidc/callback", p->url);
}

/* name=value, after an & unless it is the first. */
static void
param(struct buf *b, const char *name, const char *v)
{
	buf_printf(b, "%s%s=%s", b->len > 0 ? "&" : "", name,
	    url_encode(b->a, v));
}

/* BASE64URL(SHA256(verifier)): the S256 code challenge. */
static const char *
challenge(struct arena *a, const char *verifier)
{
	uint8_t	 h[crypto_hash_sha256_BYTES];
	char	*out;

	crypto_hash_sha256(h, (const uint8_t *)verifier, strlen(verifier));
	out = arena_alloc(a, b64url_len(sizeof(h)) + 1);
	b64url_encode(h, sizeof(h), out);
	return out;
}

bool
oidc_begin(struct arena *a, const struct oidc_provider *p,
    const char *redirect_uri, struct oidc_flow *f, const char **url,
    const char **err)
{
	struct endpoints	 ep;
	struct buf		 b;

	if (!discover(a, p, &ep, err))
		return false;
	f->state = crypto_token_new(a);
	f->nonce = crypto_token_new(a);
	f->verifier = crypto_token_new(a);
	buf_init(&b, a);
	param(&b, "response_type", "code");
	param(&b, "client_id", p->client_id);
	param(&b, "redirect_uri", redirect_uri);
	param(&b, "scope", "openid email profile");
	param(&b, "state", f->state);
	param(&b, "nonce", f->nonce);
	param(&b, "code_challenge", challenge(a, f->verifier));
	param(&b, "code_challenge_method", "S256");
	*url = arena_printf(a, "%s%c%s", ep.authorization,
	    strchr(ep.authorization, '?') != NULL ? '&' : '?', buf_cstr(&b));
	return true;
}

/* ------------------------------------------------------------ finish */

/* The client secret: the file's first line. */
static const char *
secret(struct arena *a, const char *path, const char **err)
{
	char	 buf[SECRET_MAX + 1];
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*err = arena_printf(a, "%s: %s", path, strerror(errno));
		return NULL;
	}
	n = read(fd, buf, SECRET_MAX);
	close(fd);
	if (n <= 0) {
		*err = arena_printf(a, "%s: empty or unreadable", path);
		return NULL;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	return arena_strdup(a, buf);
}

/* The token response's ID token and access token. */
static bool
exchange(struct arena *a, const struct oidc_provider *p,
    const struct endpoints *ep, const char *redirect_uri, const char *code,
    const struct oidc_flow *f, const char **idt, const char **at,
    const char **err)
{
	struct fetch_req	 q = { .url = ep->token };
	struct fetch_res	 res;
	const struct jval	*v;
	const char		*type, *pw;
	struct buf		 b;

	if ((pw = secret(a, p->client_secret_file, err)) == NULL)
		return false;
	buf_init(&b, a);
	param(&b, "grant_type", "authorization_code");
	param(&b, "code", code);
	param(&b, "redirect_uri", redirect_uri);
	param(&b, "code_verifier", f->verifier);
	q.form = buf_cstr(&b);
	/* RFC 6749 section 2.3.1: both are form-encoded inside Basic */
	q.user = url_encode(a, p->client_id);
	q.password = url_encode(a, pw);
	if (!fetch(a, &q, &res, err))
		return false;
	if (res.status != 200 ||
	    (v = json_parse(a, res.body, res.len, err)) == NULL) {
		*err = arena_printf(a, "token endpoint answered %ld",
		    res.status);
		return false;
	}
	type = json_get_str(v, "token_type");
	*idt = json_get_str(v, "id_token");
	*at = json_get_str(v, "access_token");
	if (*idt == NULL || *at == NULL || type == NULL ||
	    strcasecmp(type, "Bearer") != 0) {
		*err = "token response lacks an ID token";
		return false;
	}
	return true;
}

/* Whether aud names this client, and azp too when there is one. */
static bool
audience_ok(const struct jval *c, const char *client_id)
{
	const struct jval	*aud;
	const char		*azp;
	size_t			 i;
	bool			 found = false;

	if ((aud = json_get(c, "aud")) == NULL)
		return false;
	if (aud->type == JSON_STRING)
		found = strcmp(aud->str, client_id) == 0;
	for (i = 0; aud->type == JSON_ARRAY && i < aud->n; i++)
		if (aud->kids[i].type == JSON_STRING &&
		    strcmp(aud->kids[i].str, client_id) == 0)
			found = true;
	azp = json_get_str(c, "azp");
	if (azp != NULL && strcmp(azp, client_id) != 0)
		return false;
	if (aud->type == JSON_ARRAY && aud->n > 1 && azp == NULL)
		return false;
	return found;
}

static const char *
claims_problem(const struct jval *c, const struct oidc_provider *p,
    const struct oidc_flow *f, int64_t now)
{
	const char	*iss, *sub, *nonce;
	int64_t		 exp, iat;

	iss = json_get_str(c, "iss");
	sub = json_get_str(c, "sub");
	nonce = json_get_str(c, "nonce");
	if (iss == NULL || strcmp(iss, p->issuer) != 0)
		return "ID token from another issuer";
	if (!audience_ok(c, p->client_id))
		return "ID token for another client";
	if (!json_to_int(json_get(c, "exp"), &exp) || exp <= now - SKEW_SECONDS)
		return "ID token expired";
	if (!json_to_int(json_get(c, "iat"), &iat) || iat > now + SKEW_SECONDS)
		return "ID token issued in the future";
	if (nonce == NULL || !crypto_equal(nonce, strlen(nonce), f->nonce,
	    strlen(f->nonce)))
		return "ID token nonce does not match";
	if (sub == NULL || *sub == '\0' || strlen(sub) > SUBJECT_MAX)
		return "ID token lacks a subject";
	return NULL;
}

/* The verified claims of the ID token. */
static const struct jval *
id_token(struct arena *a, const struct endpoints *ep, const char *idt,
    const char **err)
{
	const struct jval	*jwks, *claims;

	if ((jwks = get_json(a, ep->jwks, false, err)) == NULL)
		return NULL;
	*err = jwt_verify(a, idt, jwks, &claims);
	if (*err != NULL && strcmp(*err, "unknown key") == 0) {
		if ((jwks = get_json(a, ep->jwks, true, err)) == NULL)
			return NULL;
		*err = jwt_verify(a, idt, jwks, &claims);
	}
	return *err == NULL ? claims : NULL;
}

/* The userinfo claims, when their subject is the ID token's. */
static const struct jval *
userinfo(struct arena *a, const struct endpoints *ep, const char *at,
    const char *sub, const char **err)
{
	struct fetch_req	 q = { .url = ep->userinfo, .bearer = at };
	struct fetch_res	 res;
	const struct jval	*v;
	const char		*usub;

	if (ep->userinfo == NULL) {
		*err = "no e-mail address in the ID token and no userinfo";
		return NULL;
	}
	if (!fetch(a, &q, &res, err))
		return NULL;
	if (res.status != 200 ||
	    (v = json_parse(a, res.body, res.len, err)) == NULL) {
		*err = arena_printf(a, "userinfo answered %ld", res.status);
		return NULL;
	}
	if ((usub = json_get_str(v, "sub")) == NULL || strcmp(usub, sub) != 0) {
		*err = "userinfo is about someone else";
		return NULL;
	}
	return v;
}

/* E-mail and name from `c`; OIDC_UNVERIFIED unless email_verified. */
static enum oidc_rc
take_email(struct arena *a, const struct jval *c, struct oidc_identity *id,
    const char **err)
{
	const struct jval	*ver;
	const char		*email, *name;
	char			*e;

	email = json_get_str(c, "email");
	ver = json_get(c, "email_verified");
	if (email == NULL || ver == NULL || ver->type != JSON_TRUE) {
		*err = "e-mail address not verified by the provider";
		return OIDC_UNVERIFIED;
	}
	if (!valid_email(email, strlen(email))) {
		*err = "e-mail address not usable";
		return OIDC_FAIL;
	}
	e = arena_strdup(a, email);
	lower(e);
	id->email = e;
	name = json_get_str(c, "name");
	id->name = name != NULL && valid_name(name, strlen(name)) ? name : NULL;
	return OIDC_OK;
}

enum oidc_rc
oidc_finish(struct arena *a, const struct oidc_provider *p,
    const char *redirect_uri, const char *code, const struct oidc_flow *f,
    int64_t now, struct oidc_identity *id, const char **err)
{
	struct endpoints	 ep;
	const struct jval	*claims;
	const char		*idt, *at;

	memset(id, 0, sizeof(*id));
	if (!discover(a, p, &ep, err) ||
	    !exchange(a, p, &ep, redirect_uri, code, f, &idt, &at, err) ||
	    (claims = id_token(a, &ep, idt, err)) == NULL)
		return OIDC_FAIL;
	if ((*err = claims_problem(claims, p, f, now)) != NULL)
		return OIDC_FAIL;
	id->subject = json_get_str(claims, "sub");
	if (json_get(claims, "email") == NULL &&
	    (claims = userinfo(a, &ep, at, id->subject, err)) == NULL)
		return OIDC_FAIL;
	return take_email(a, claims, id, err);
}
