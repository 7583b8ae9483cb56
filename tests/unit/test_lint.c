/*
 * test_lint.c: the lint module's pieces that need no project: the rule
 * table, size parsing, the credential classifier (shapes, key names,
 * entropy, and values that must not count), the config() scanner of .sql
 * files, URL display and the lint config file's diagnostics.
 */
#include <stdlib.h>
#include <unistd.h>
#include "unit.h"
#include "lint/internal.h"

static void test_lint__rule_table(void)
{
	CHECK_INT(floe_lint_rule_count(), R__COUNT);
	for (size_t i = 0; i < R__COUNT; i++) {
		const floe_lint_rule *r = floe_lint_rule_at(i);
		CHECK(r && r->id && r->summary);
		CHECK_INT(floe_lint__rule_index(r->id), (long long)i);
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(r->id, floe_lint_rule_at(j)->id) != 0);
	}
	CHECK_INT(floe_lint__rule_index("lint/plain-http"), R_PLAIN_HTTP);
	CHECK_INT(floe_lint__rule_index("plain-htp"), -1);
	CHECK(floe_lint_rule_find("lint/catalog-bypass") == floe_lint_rule_at(R_CATALOG_BYPASS));
	CHECK(floe_lint_rule_at(R__COUNT) == NULL);
}

static double size_of(const char *s)
{
	double v = -1;
	bool milli;
	if (!floe_lint__parse_size(s, &v, &milli))
		return -1;
	return v;
}

static void test_lint__sizes(void)
{
	bool milli = false;
	double v;
	CHECK(size_of("4Gi") == 4294967296.0);
	CHECK(size_of("4GB") == 4e9);
	CHECK(size_of("4 GB") == 4e9);
	CHECK(size_of("512MiB") == 536870912.0);
	CHECK(size_of("3.5GiB") == 3.5 * 1073741824.0);
	CHECK(size_of("12G") == 12e9);
	CHECK(size_of("100 bytes") == 100);
	CHECK(size_of("1e9") == 1e9);
	CHECK(size_of("2048") == 2048);
	CHECK(size_of("4gb") == 4e9);
	CHECK(size_of("GB") == -1);
	CHECK(size_of("4 parsecs") == -1);
	CHECK(size_of("") == -1);
	CHECK(floe_lint__parse_size("512m", &v, &milli) && milli && v < 1);
	CHECK(floe_lint__parse_size("512M", &v, &milli) && !milli && v == 512e6);
}

static const char *check(struct cred_matcher *m, const char *key, const char *v)
{
	return floe_lint__cred_check(m, key, v, strlen(v));
}

static void test_lint__credentials_found(void)
{
	struct cred_matcher *m = floe_lint__cred_matcher_new();
	CHECK(m != NULL);
	if (!m)
		return;
	CHECK_STR(check(m, "aws_key", "AKIAZ3QXL5N7RT2W4Y6P"), "an AWS access key id");
	CHECK_STR(check(m, NULL, "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"),
		  "a private key");
	CHECK_STR(check(m, "x", "-----BEGIN OPENSSH PRIVATE KEY-----"), "a private key");
	CHECK_STR(check(m, "jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
		  "a JSON Web Token");
	CHECK_STR(check(m, "gh", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"), "a GitHub token");
	CHECK_STR(check(m, "h", "xoxb-123456789012-abcdefghijkl"), "a Slack token");
	CHECK_STR(check(m, "dsn", "postgres://dbt:Tr0ub4dor@db.example.com:5432/x"),
		  "a URL with a password in it");
	CHECK_STR(check(m, "conn", "Server=db;Database=x;User Id=a;Password=Tr0ub4dor;"),
		  "a connection string with a password");
	CHECK_STR(check(m, "Authorization", "Bearer abcdefghijklmnop1234567890"),
		  "an HTTP authorization credential");
	CHECK_STR(check(m, "password", "hunter2"), "a password");
	CHECK_STR(check(m, "db_password", "default"), "a password");
	CHECK_STR(check(m, "pg_pwd", "12345678"), "a password");
	CHECK_STR(check(m, "apiKey", "a1b2c3d4e5f6g7h8"), "an API key");
	CHECK_STR(check(m, "s3_secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzKEY9q2"),
		  "a secret key");
	CHECK_STR(check(m, "MOTHERDUCK_TOKEN", "4f9c2e1ab7d8405c9e6f3a2b1c0d9e8f"), "a token");
	CHECK_STR(check(m, "settings", "Zt9qL3xW7vB2nM8kP4rT6yH1"), "a random key or token (high entropy)");
	floe_lint__cred_matcher_free(m);
}

static void test_lint__credentials_not_found(void)
{
	static const char *const pairs[][2] = {
		{ "storage", "default" }, { "name", "customer-analytics" },
		{ "path", "./warehouse/data" }, { "path", "/data/cost-analytics/parquet" },
		{ "secret_ref", "polaris-client-secret" }, { "api_secret_ref", "cube-api" },
		{ "token", "r2-production-catalog-token" }, { "secret", "aws-credentials" },
		{ "password", "DB_PASSWORD" }, { "password", "${DB_PASSWORD}" },
		{ "password", "{{ env_var('DBT_ENV_SECRET_PG') }}" }, { "password", "" },
		{ "password", "<your password>" }, { "password", "********" },
		{ "token", "vault:secret/data/floe#token" },
		{ "uri", "https://polaris.example.com/api/catalog" },
		{ "account_id", "4f9c2e1ab7d8405c9e6f3a2b1c0d9e8f" },
		{ "warehouse", "9d3b7c5e1f2a4b6c8d0e1f2a3b4c5d6e_cf-analytics-prod" },
		{ "role_arn", "arn:aws:iam::123456789012:role/floe-data-plane" },
		{ "client_id", "cost-analytics" }, { "scope", "PRINCIPAL_ROLE:ALL" },
		{ "token_refresh_enabled", "true" }, { "password_file", "/run/secrets/pg" },
		{ "commit", "3f2a9c1d8b7e6f5a4c3b2a1d0e9f8a7b6c5d4e3f" },
		{ "digest", "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" },
		{ "id", "0b6e5c3a-9d2f-4a71-8e4b-2c1d0f9a8b7c" },
		{ "description", "the token and the password live in the secret store" },
		{ "aws_key", "AKIAIOSFODNN7EXAMPLE" }, { "host", "abc123xyz.eu-central-1.aws.clickhouse.cloud" },
		{ "class", "MyVeryLongClassNameV2Beta" }, { "key", "password" },
		{ "secret_name", "floe-secrets-2024" }, { "token_url", "https://auth.example.com/token" },
		{ "max_password_age", "90" }, { "pass_rate", "0.95" }, { "bypass", "Zt9qL3x" },
	};
	struct cred_matcher *m = floe_lint__cred_matcher_new();
	if (!m)
		return;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(pairs); i++) {
		const char *got = check(m, pairs[i][0], pairs[i][1]);
		if (got)
			fprintf(stderr, "  false positive: %s: %s -> %s\n", pairs[i][0],
				pairs[i][1], got);
		CHECK(got == NULL);
	}
	floe_lint__cred_matcher_free(m);
}

static void test_lint__entropy(void)
{
	CHECK(floe_lint__cred_entropy("aaaa", 4) == 0);
	CHECK(floe_lint__cred_entropy("abcd", 4) == 2);
}

static void test_lint__sql_config(void)
{
	floe_arena *a = floe_arena_new();
	const char *sql =
		"{{ config(materialized='table', location=\"s3://b/x\",\n"
		"   meta={'owner': 'ana', 'bucket': 'raw'}, tags=['a', 'b']) }}\n"
		"select '{{ not_config(x=\"y\") }}' as s, {{ var('v') }}\n"
		"{{- config(password='p\\'q') -}}\n";
	struct sql_lit *l;
	size_t n = floe_lint__sql_config_literals(a, sql, strlen(sql), &l);
	CHECK_INT(n, 7);
	if (n == 7) {
		CHECK_STR(l[0].key, "materialized");
		CHECK_STR(l[0].val, "table");
		CHECK_STR(l[1].key, "location");
		CHECK_STR(l[1].val, "s3://b/x");
		CHECK_INT(l[1].off, 41);
		CHECK_INT(l[1].end, 51);
		CHECK_STR(l[2].key, "owner");
		CHECK_STR(l[3].key, "bucket");
		CHECK_STR(l[3].val, "raw");
		CHECK_STR(l[4].key, "tags");
		CHECK_STR(l[5].key, "tags");
		CHECK_STR(l[6].key, "password");
		CHECK_STR(l[6].val, "p'q");
	}
	n = floe_lint__sql_config_literals(a, "{{ config(", 10, &l);
	CHECK_INT(n, 0);
	n = floe_lint__sql_config_literals(a, "{{ config('x", 12, &l);
	CHECK_INT(n, 1);
	floe_arena_free(a);
}

static void test_lint__url_display(void)
{
	floe_arena *a = floe_arena_new();
	CHECK_STR(floe_lint__url_display(a, "https://u:p@h.example.com:9/x?token=t#f"),
		  "https://h.example.com:9/x");
	CHECK_STR(floe_lint__url_display(a, "http://polaris:8181/api"), "http://polaris:8181/api");
	CHECK_STR(floe_lint__url_display(a, "acme-raw"), "acme-raw");
	floe_arena_free(a);
}

/* Write `text` to a temporary .floe-lint.yaml and load it. */
static floe_diags *load_config(struct lint_config *cfg, floe_arena *a, const char *text)
{
	char path[] = "/tmp/floe-lint-test-XXXXXX";
	int fd = mkstemp(path);
	floe_diags *d = floe_diags_new(0);
	CHECK(fd >= 0);
	if (fd < 0)
		return d;
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	floe_lint__config_defaults(cfg);
	floe_lint__config_load(cfg, d, a, path, NULL);
	unlink(path);
	return d;
}

static void test_lint__config_ok(void)
{
	floe_arena *a = floe_arena_new();
	struct lint_config cfg;
	floe_diags *d = load_config(&cfg, a,
		"rules:\n  plain-http: off\n  lint/prod-retention: error\n"
		"ignore: [dbt/models/legacy/]\n"
		"environments:\n  local: [local, dev]\n  production: live\n");
	CHECK_INT(floe_diags_count(d), 0);
	CHECK_INT(cfg.level[R_PLAIN_HTTP], LINT_OFF);
	CHECK_INT(cfg.level[R_PROD_RETENTION], FLOE_SEV_ERROR);
	CHECK_INT(cfg.level[R_LITERAL_CREDENTIAL], FLOE_SEV_ERROR);
	CHECK(cfg.has_local && cfg.has_prod);
	CHECK(floe_lint__name_matches(&cfg.local_envs, "dev"));
	CHECK(!floe_lint__name_matches(&cfg.local_envs, "prod"));
	CHECK(floe_lint__name_matches(&cfg.prod_envs, "live"));
	CHECK(floe_lint__path_ignored(&cfg, "dbt/models/legacy/a.sql"));
	CHECK(!floe_lint__path_ignored(&cfg, "dbt/models/a.sql"));
	floe_vec_release(&cfg.ignore);
	floe_vec_release(&cfg.local_envs);
	floe_vec_release(&cfg.prod_envs);
	floe_diags_free(d);
	floe_arena_free(a);
}

static void test_lint__config_errors(void)
{
	floe_arena *a = floe_arena_new();
	struct lint_config cfg;
	floe_diags *d = load_config(&cfg, a,
		"rules:\n  plain-htp: off\n  tls-disabled: warn\n"
		"ignroe: []\n");
	CHECK_INT(floe_diags_errors(d), 3);
	const floe_diag *g = floe_diags_at(d, 0);
	if (g) {
		CHECK_STR(g->code, "lint-config/unknown-rule");
		CHECK_STR(g->msg, "unknown lint rule 'plain-htp'");
		CHECK_STR(g->hint, "did you mean 'plain-http'?");
		CHECK_INT(g->span.line, 2);
		CHECK_INT(g->span.col, 3);
	}
	g = floe_diags_at(d, 1);
	if (g) {
		CHECK_STR(g->code, "lint-config/bad-level");
		CHECK_STR(g->hint, "did you mean 'warning'?");
		CHECK_INT(g->span.line, 3);
		CHECK_INT(g->span.col, 17);
	}
	g = floe_diags_at(d, 2);
	if (g) {
		CHECK_STR(g->code, "lint-config/unknown-key");
		CHECK_STR(g->hint, "did you mean 'ignore'?");
	}
	CHECK_INT(cfg.level[R_TLS_DISABLED], FLOE_SEV_WARNING);
	floe_vec_release(&cfg.ignore);
	floe_diags_free(d);
	floe_arena_free(a);
}

int main(void)
{
	RUN(test_lint__rule_table);
	RUN(test_lint__sizes);
	RUN(test_lint__credentials_found);
	RUN(test_lint__credentials_not_found);
	RUN(test_lint__entropy);
	RUN(test_lint__sql_config);
	RUN(test_lint__url_display);
	RUN(test_lint__config_ok);
	RUN(test_lint__config_errors);
	return unit_done("lint");
}
