/*
 * test_duckdb_options.c: the option whitelists per DuckDB version.  Each
 * test pins a gotcha of ../shared/reference/targets.md (1.8, 2.2, 3.3, ...)
 * or a fact run on 1.4.4 (docs/duckdb.md), so that a table edit that breaks
 * one shows here before attach.sql breaks on a user's machine.
 */
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "emit/duckdb_options.h"
#include "util/util.h"

#define ICE FLOE_DUCKDB_ATTACH_ICEBERG
#define ICE_SECRET FLOE_DUCKDB_SECRET_ICEBERG
#define LAKE FLOE_DUCKDB_ATTACH_DUCKLAKE
#define LAKE_SECRET FLOE_DUCKDB_SECRET_DUCKLAKE

static bool ok(floe_duckdb_ver v, floe_duckdb_kind k, const char *prov,
	       const char *name)
{
	return floe_emit__duckdb_option_ok(v, k, prov, name);
}

static const char *note(floe_buf *b, floe_duckdb_ver v, floe_duckdb_kind k,
			const char *prov, const char *name)
{
	if (!floe_emit__duckdb_option_note(b, v, k, prov, name))
		return "<none>";
	return b->ptr;
}

static void test_duckdb_options__version_parse(void)
{
	floe_duckdb_ver v = FLOE_DUCKDB_NVER;
	CHECK_INT(floe_emit__duckdb_ver_parse(&v, "1.4"), 0);
	CHECK_INT(v, FLOE_DUCKDB_1_4);
	CHECK_INT(floe_emit__duckdb_ver_parse(&v, "1.4.4"), 0);
	CHECK_INT(v, FLOE_DUCKDB_1_4);
	CHECK_INT(floe_emit__duckdb_ver_parse(&v, "v1.5.6"), 0);
	CHECK_INT(v, FLOE_DUCKDB_1_5);
	CHECK_INT(floe_emit__duckdb_ver_parse(&v, "2.0"), 0);
	CHECK_INT(v, FLOE_DUCKDB_2_0);
	CHECK_INT(floe_emit__duckdb_ver_parse(&v, "1.2.0"), 0);
	CHECK_INT(v, FLOE_DUCKDB_1_2);
	CHECK_INT(floe_emit__duckdb_ver_parse(&v, "1.1"), FLOE_EINVALID);
	CHECK_STR(floe_error_last(),
		  "unknown duckdb version '1.1' (known: 1.2, 1.3, 1.4, 1.5, 2.0)");
	CHECK_INT(floe_emit__duckdb_ver_parse(&v, "1.45"), FLOE_EINVALID);
	CHECK_INT(floe_emit__duckdb_ver_parse(&v, "1.4."), FLOE_EINVALID);
	CHECK_INT(floe_emit__duckdb_ver_parse(&v, "1.4.x"), FLOE_EINVALID);
	CHECK_INT(floe_emit__duckdb_ver_parse(&v, ""), FLOE_EINVALID);
	CHECK_INT(floe_emit__duckdb_ver_parse(&v, NULL), FLOE_EINVALID);
	CHECK_STR(floe_emit__duckdb_ver_name(FLOE_DUCKDB_VER_DEFAULT), "1.5");
}

/* targets.md 1.8 #4 */
static void test_duckdb_options__iceberg_version_gates(void)
{
	CHECK(!ok(FLOE_DUCKDB_1_3, ICE, NULL, "ACCESS_DELEGATION_MODE"));
	CHECK(ok(FLOE_DUCKDB_1_4, ICE, NULL, "access_delegation_mode"));
	CHECK(ok(FLOE_DUCKDB_2_0, ICE, NULL, "ACCESS_DELEGATION_MODE"));
	CHECK(!ok(FLOE_DUCKDB_1_3, ICE, NULL, "DEFAULT_SCHEMA"));
	CHECK(ok(FLOE_DUCKDB_1_4, ICE, NULL, "DEFAULT_SCHEMA"));
	CHECK(!ok(FLOE_DUCKDB_1_4, ICE, NULL, "MAX_TABLE_STALENESS"));
	CHECK(!ok(FLOE_DUCKDB_1_4, ICE, NULL, "EXTRA_HTTP_HEADERS"));
	CHECK(!ok(FLOE_DUCKDB_1_4, ICE, NULL, "SIGV4_REGION"));
	CHECK(ok(FLOE_DUCKDB_1_5, ICE, NULL, "EXTRA_HTTP_HEADERS"));
	CHECK(!ok(FLOE_DUCKDB_1_2, ICE, NULL, "SUPPORT_NESTED_NAMESPACES"));
	CHECK(ok(FLOE_DUCKDB_1_3, ICE, NULL, "SUPPORT_NESTED_NAMESPACES"));
	CHECK(ok(FLOE_DUCKDB_1_2, ICE, NULL, "TYPE"));
	CHECK(ok(FLOE_DUCKDB_1_2, ICE, NULL, "READ_ONLY"));
	CHECK(!ok(FLOE_DUCKDB_2_0, ICE, NULL, "DEFAULT_TABLE_LOCATION_FROM_NAMESPACE"));
}

/* targets.md 1.8 #2: ENDPOINT everywhere (deprecated on 2.0), URI on 2.0 only */
static void test_duckdb_options__endpoint_and_uri(void)
{
	floe_buf b = FLOE_BUF_INIT;
	for (int v = 0; v < FLOE_DUCKDB_NVER; v++) {
		CHECK(ok((floe_duckdb_ver)v, ICE, NULL, "ENDPOINT"));
		CHECK(ok((floe_duckdb_ver)v, ICE_SECRET, NULL, "ENDPOINT"));
		CHECK(ok((floe_duckdb_ver)v, ICE, NULL, "URI") == (v == FLOE_DUCKDB_2_0));
		CHECK(ok((floe_duckdb_ver)v, ICE_SECRET, NULL, "URI") ==
		      (v == FLOE_DUCKDB_2_0));
	}
	CHECK_INT(floe_emit__duckdb_option_status(FLOE_DUCKDB_2_0, ICE, NULL, "ENDPOINT"),
		  FLOE_DUCKDB_OPT_DEPRECATED);
	CHECK_INT(floe_emit__duckdb_option_status(FLOE_DUCKDB_1_5, ICE, NULL, "ENDPOINT"),
		  FLOE_DUCKDB_OPT_OK);
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, ICE, NULL, "uri"),
		  "accepted only by duckdb 2.0; use ENDPOINT before duckdb 2.0");
	CHECK(strstr(note(&b, FLOE_DUCKDB_2_0, ICE, NULL, "ENDPOINT"),
		     "deprecated on duckdb 2.0; ") != NULL);
	CHECK(strstr(note(&b, FLOE_DUCKDB_1_4, ICE, NULL, "ENDPOINT"),
		     "lower-case") != NULL);
	floe_buf_release(&b);
}

/* targets.md 1.8 #3: SUPPORT_STAGE_CREATE vs STAGE_CREATE_TABLES */
static void test_duckdb_options__stage_create_rename(void)
{
	floe_buf b = FLOE_BUF_INIT;
	CHECK(!ok(FLOE_DUCKDB_1_2, ICE, NULL, "SUPPORT_STAGE_CREATE"));
	CHECK(ok(FLOE_DUCKDB_1_3, ICE, NULL, "SUPPORT_STAGE_CREATE"));
	CHECK(ok(FLOE_DUCKDB_1_4, ICE, NULL, "SUPPORT_STAGE_CREATE"));
	CHECK(!ok(FLOE_DUCKDB_1_4, ICE, NULL, "STAGE_CREATE_TABLES"));
	/* 1.5 depends on the extension build: neither may be emitted */
	CHECK_INT(floe_emit__duckdb_option_status(FLOE_DUCKDB_1_5, ICE, NULL,
					    "SUPPORT_STAGE_CREATE"), FLOE_DUCKDB_OPT_BUILD);
	CHECK_INT(floe_emit__duckdb_option_status(FLOE_DUCKDB_1_5, ICE, NULL,
					    "STAGE_CREATE_TABLES"), FLOE_DUCKDB_OPT_BUILD);
	CHECK(!ok(FLOE_DUCKDB_1_5, ICE, NULL, "STAGE_CREATE_TABLES"));
	CHECK(!ok(FLOE_DUCKDB_2_0, ICE, NULL, "SUPPORT_STAGE_CREATE"));
	CHECK(ok(FLOE_DUCKDB_2_0, ICE, NULL, "STAGE_CREATE_TABLES"));
	CHECK_STR(note(&b, FLOE_DUCKDB_2_0, ICE, NULL, "support_stage_create"),
		  "accepted by duckdb 1.3 to 1.4 and by some extension builds of "
		  "duckdb 1.5; renamed STAGE_CREATE_TABLES by the June 2026 "
		  "iceberg builds");
	CHECK_STR(note(&b, FLOE_DUCKDB_1_5, ICE, NULL, "STAGE_CREATE_TABLES"),
		  "only some extension builds of duckdb 1.5 accept it; named "
		  "SUPPORT_STAGE_CREATE before the June 2026 iceberg builds");
	floe_buf_release(&b);
}

static void test_duckdb_options__authorization_values(void)
{
	floe_buf b = FLOE_BUF_INIT;
	CHECK(floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_2, ICE, NULL, "AUTHORIZATION_TYPE", "oauth2"));
	CHECK(floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_2, ICE, NULL, "authorization_type", "SigV4"));
	CHECK(!floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_2, ICE, NULL, "AUTHORIZATION_TYPE", "none"));
	CHECK(floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_3, ICE, NULL, "AUTHORIZATION_TYPE", "none"));
	CHECK(!floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, ICE, NULL, "AUTHORIZATION_TYPE", "basic"));
	floe_emit__duckdb_value_list(&b, FLOE_DUCKDB_1_2, ICE, NULL, "AUTHORIZATION_TYPE");
	CHECK_STR(b.ptr, "oauth2, sigv4");
	floe_buf_clear(&b);
	floe_emit__duckdb_value_list(&b, FLOE_DUCKDB_1_4, ICE, NULL, "AUTHORIZATION_TYPE");
	CHECK_STR(b.ptr, "oauth2, sigv4, none");
	CHECK(floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, ICE, NULL, "ENDPOINT_TYPE", "S3_TABLES"));
	CHECK(!floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, ICE, NULL, "ENDPOINT_TYPE", "s3tables"));
	CHECK(floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, ICE, NULL,
				   "ACCESS_DELEGATION_MODE", "vended_credentials"));
	CHECK(!floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, ICE_SECRET, NULL,
				    "OAUTH2_GRANT_TYPE", "password"));
	/* free values */
	CHECK(floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, ICE, NULL, "ENDPOINT", "http://x"));
	floe_buf_clear(&b);
	floe_emit__duckdb_value_list(&b, FLOE_DUCKDB_1_4, ICE, NULL, "ENDPOINT");
	CHECK_STR(b.ptr, "");
	floe_buf_release(&b);
}

/* issue 21: each authorization type consumes its own options */
static void test_duckdb_options__iceberg_auth_consumes(void)
{
	CHECK(floe_emit__duckdb_iceberg_auth_takes(NULL, "DEFAULT_REGION"));
	CHECK(floe_emit__duckdb_iceberg_auth_takes("oauth2", "default_region"));
	CHECK(!floe_emit__duckdb_iceberg_auth_takes("none", "DEFAULT_REGION"));
	CHECK(!floe_emit__duckdb_iceberg_auth_takes("SIGV4", "DEFAULT_REGION"));
	CHECK(!floe_emit__duckdb_iceberg_auth_takes("none", "SECRET"));
	CHECK(floe_emit__duckdb_iceberg_auth_takes("sigv4", "SECRET"));
	CHECK(!floe_emit__duckdb_iceberg_auth_takes("sigv4", "TOKEN"));
	CHECK(floe_emit__duckdb_iceberg_auth_takes("sigv4", "SIGV4_REGION"));
	CHECK(!floe_emit__duckdb_iceberg_auth_takes("oauth2", "SIGV4_REGION"));
	CHECK(floe_emit__duckdb_iceberg_auth_takes("none", "EXTRA_HTTP_HEADERS"));
	/* read by the attach itself, whatever the authorization */
	CHECK(floe_emit__duckdb_iceberg_auth_takes("none", "ACCESS_DELEGATION_MODE"));
	CHECK(floe_emit__duckdb_iceberg_auth_takes("none", "ENDPOINT"));
}

/* targets.md 1.5 and 1.8 #5 */
static void test_duckdb_options__iceberg_secret(void)
{
	floe_buf b = FLOE_BUF_INIT;
	CHECK(!ok(FLOE_DUCKDB_1_4, ICE_SECRET, NULL, "DEFAULT_REGION"));
	CHECK(!ok(FLOE_DUCKDB_2_0, ICE_SECRET, NULL, "AUTHORIZATION_TYPE"));
	CHECK(!ok(FLOE_DUCKDB_2_0, ICE_SECRET, NULL, "ACCESS_DELEGATION_MODE"));
	CHECK(ok(FLOE_DUCKDB_1_4, ICE_SECRET, NULL, "OAUTH2_SCOPE"));
	CHECK(ok(FLOE_DUCKDB_1_4, ICE_SECRET, "config", "TOKEN"));
	CHECK(!ok(FLOE_DUCKDB_1_4, ICE_SECRET, NULL, "REFRESH_TOKEN"));
	CHECK(ok(FLOE_DUCKDB_1_5, ICE_SECRET, NULL, "REFRESH_TOKEN"));
	CHECK(ok(FLOE_DUCKDB_1_5, ICE_SECRET, NULL, "EXPIRES_IN"));
	CHECK(!floe_emit__duckdb_provider_ok(FLOE_DUCKDB_1_4, ICE_SECRET, "credential_chain"));
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, ICE_SECRET, NULL, "DEFAULT_REGION"),
		  "an option of ATTACH (TYPE ICEBERG), not of CREATE SECRET (TYPE ICEBERG)");
	floe_buf_clear(&b);
	floe_emit__duckdb_option_list(&b, FLOE_DUCKDB_1_4, ICE_SECRET, NULL);
	CHECK_STR(b.ptr, "CLIENT_ID, CLIENT_SECRET, ENDPOINT, OAUTH2_GRANT_TYPE, "
		  "OAUTH2_SCOPE, OAUTH2_SERVER_URI, PROVIDER, SCOPE, TOKEN, TYPE");
	floe_buf_release(&b);
}

/* targets.md 2.2 */
static void test_duckdb_options__ducklake(void)
{
	floe_buf b = FLOE_BUF_INIT;
	CHECK(!floe_emit__duckdb_kind_ok(FLOE_DUCKDB_1_2, LAKE));
	CHECK(!ok(FLOE_DUCKDB_1_2, LAKE, NULL, "DATA_PATH"));
	CHECK_STR(note(&b, FLOE_DUCKDB_1_2, LAKE, NULL, "DATA_PATH"),
		  "ATTACH 'ducklake:' needs duckdb >= 1.3");
	CHECK(ok(FLOE_DUCKDB_1_3, LAKE, NULL, "DATA_PATH"));
	/* MIGRATE_IF_REQUIRED only on 1.4, then AUTOMATIC_MIGRATION */
	CHECK(!ok(FLOE_DUCKDB_1_3, LAKE, NULL, "MIGRATE_IF_REQUIRED"));
	CHECK(ok(FLOE_DUCKDB_1_4, LAKE, NULL, "MIGRATE_IF_REQUIRED"));
	CHECK(!ok(FLOE_DUCKDB_1_5, LAKE, NULL, "MIGRATE_IF_REQUIRED"));
	CHECK(!ok(FLOE_DUCKDB_2_0, LAKE, NULL, "MIGRATE_IF_REQUIRED"));
	CHECK(!ok(FLOE_DUCKDB_1_4, LAKE, NULL, "AUTOMATIC_MIGRATION"));
	CHECK(ok(FLOE_DUCKDB_1_5, LAKE, NULL, "AUTOMATIC_MIGRATION"));
	CHECK(ok(FLOE_DUCKDB_2_0, LAKE, NULL, "AUTOMATIC_MIGRATION"));
	CHECK_STR(note(&b, FLOE_DUCKDB_1_5, LAKE, NULL, "migrate_if_required"),
		  "accepted only by duckdb 1.4; renamed AUTOMATIC_MIGRATION in duckdb 1.5");
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, LAKE, NULL, "AUTOMATIC_MIGRATION"),
		  "accepted by duckdb >= 1.5; named MIGRATE_IF_REQUIRED on duckdb 1.4");
	CHECK(!ok(FLOE_DUCKDB_1_3, LAKE, NULL, "OVERRIDE_DATA_PATH"));
	CHECK(ok(FLOE_DUCKDB_1_4, LAKE, NULL, "OVERRIDE_DATA_PATH"));
	CHECK(!ok(FLOE_DUCKDB_1_5, LAKE, NULL, "DUCKLAKE_VERSION"));
	CHECK(ok(FLOE_DUCKDB_2_0, LAKE, NULL, "DUCKLAKE_VERSION"));
	CHECK(ok(FLOE_DUCKDB_1_3, LAKE, NULL, "DEFAULT_TABLE"));
	CHECK(!ok(FLOE_DUCKDB_1_4, LAKE, NULL, "DEFAULT_TABLE"));
	/* the META_ prefix rule; METADATA_ names are not prefixed by it */
	CHECK(ok(FLOE_DUCKDB_1_4, LAKE, NULL, "META_SECRET"));
	CHECK(ok(FLOE_DUCKDB_1_4, LAKE, NULL, "meta_type"));
	CHECK(!ok(FLOE_DUCKDB_1_4, LAKE, NULL, "META_"));
	CHECK(!ok(FLOE_DUCKDB_1_4, LAKE, NULL, "METADATA_FOO"));
	CHECK(ok(FLOE_DUCKDB_1_4, LAKE, NULL, "READ_WRITE"));
	floe_buf_clear(&b);
	floe_emit__duckdb_option_list(&b, FLOE_DUCKDB_1_5, LAKE, NULL);
	CHECK(strstr(b.ptr, "META_*") != NULL);
	CHECK(strstr(b.ptr, "MIGRATE_IF_REQUIRED") == NULL);
	floe_buf_release(&b);
}

/* targets.md 2.3 */
static void test_duckdb_options__ducklake_secret(void)
{
	floe_buf b = FLOE_BUF_INIT;
	CHECK(ok(FLOE_DUCKDB_1_4, LAKE_SECRET, NULL, "METADATA_PATH"));
	CHECK(ok(FLOE_DUCKDB_1_4, LAKE_SECRET, NULL, "METADATA_PARAMETERS"));
	CHECK(!ok(FLOE_DUCKDB_1_4, LAKE_SECRET, NULL, "OVERRIDE_DATA_PATH"));
	CHECK(!ok(FLOE_DUCKDB_1_5, LAKE_SECRET, NULL, "DUCKLAKE_VERSION"));
	CHECK(ok(FLOE_DUCKDB_2_0, LAKE_SECRET, NULL, "DUCKLAKE_VERSION"));
	CHECK(!ok(FLOE_DUCKDB_1_2, LAKE_SECRET, NULL, "METADATA_PATH"));
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, LAKE_SECRET, NULL, "OVERRIDE_DATA_PATH"),
		  "an option of ATTACH 'ducklake:', not of CREATE SECRET (TYPE DUCKLAKE)");
	floe_buf_release(&b);
}

/* targets.md 3.2, 3.3 */
static void test_duckdb_options__s3_providers(void)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_duckdb_kind s3 = FLOE_DUCKDB_SECRET_S3;
	CHECK(ok(FLOE_DUCKDB_1_4, s3, NULL, "VERIFY_SSL"));
	CHECK(ok(FLOE_DUCKDB_1_4, s3, "config", "KMS_KEY_ID"));
	CHECK(!ok(FLOE_DUCKDB_1_4, s3, "credential_chain", "VERIFY_SSL"));
	CHECK(!ok(FLOE_DUCKDB_1_4, s3, "credential_chain", "KMS_KEY_ID"));
	CHECK(!ok(FLOE_DUCKDB_1_4, s3, "credential_chain", "REQUESTER_PAYS"));
	CHECK(!ok(FLOE_DUCKDB_1_4, s3, "credential_chain", "EXTRA_HTTP_HEADERS"));
	CHECK(ok(FLOE_DUCKDB_1_4, s3, "CREDENTIAL_CHAIN", "ASSUME_ROLE_ARN"));
	CHECK(ok(FLOE_DUCKDB_1_4, s3, "credential_chain", "VALIDATION"));
	CHECK(!ok(FLOE_DUCKDB_1_4, s3, "config", "CHAIN"));
	CHECK(!ok(FLOE_DUCKDB_1_4, s3, "credential_chain", "WEB_IDENTITY_TOKEN_FILE"));
	CHECK(ok(FLOE_DUCKDB_1_5, s3, "credential_chain", "WEB_IDENTITY_TOKEN_FILE"));
	CHECK(!ok(FLOE_DUCKDB_1_4, s3, "credential_chain", "HTTP_PROXY"));
	CHECK(ok(FLOE_DUCKDB_1_4, s3, "config", "HTTP_PROXY"));
	CHECK(!floe_emit__duckdb_provider_ok(FLOE_DUCKDB_1_4, s3, "sso"));
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, s3, "credential_chain", "VERIFY_SSL"),
		  "accepted only with provider 'config'");
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, s3, "config", "CHAIN"),
		  "accepted only with provider 'credential_chain'");
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, s3, "config", "KEYID"),
		  "did you mean 'KEY_ID'?");
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, s3, "config", "zzz"), "<none>");
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, s3, "sso", "KEY_ID"),
		  "unknown provider; expected one of: config, credential_chain");
	/* R2 adds ACCOUNT_ID, GCS adds BEARER_TOKEN (config only) */
	CHECK(ok(FLOE_DUCKDB_1_4, FLOE_DUCKDB_SECRET_R2, NULL, "ACCOUNT_ID"));
	CHECK(ok(FLOE_DUCKDB_1_4, FLOE_DUCKDB_SECRET_R2, "credential_chain", "ACCOUNT_ID"));
	CHECK(!ok(FLOE_DUCKDB_1_4, s3, NULL, "ACCOUNT_ID"));
	CHECK(ok(FLOE_DUCKDB_1_4, FLOE_DUCKDB_SECRET_GCS, NULL, "BEARER_TOKEN"));
	CHECK(!ok(FLOE_DUCKDB_1_4, FLOE_DUCKDB_SECRET_GCS, "credential_chain", "BEARER_TOKEN"));
	/* values */
	CHECK(floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, s3, NULL, "URL_STYLE", "path"));
	CHECK(!floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, s3, NULL, "URL_STYLE", "virtual"));
	CHECK(floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, s3, "credential_chain", "CHAIN",
				   "env;config; sts"));
	CHECK(!floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, s3, "credential_chain", "CHAIN",
				    "env;web_identity"));
	CHECK(floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_5, s3, "credential_chain", "CHAIN",
				   "env;web_identity"));
	CHECK(!floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, s3, "credential_chain", "CHAIN",
				    "env;"));
	CHECK(!floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, s3, "credential_chain", "CHAIN", ""));
	floe_buf_release(&b);
}

/* targets.md 3.4 */
static void test_duckdb_options__azure(void)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_duckdb_kind az = FLOE_DUCKDB_SECRET_AZURE;
	CHECK(ok(FLOE_DUCKDB_1_4, az, NULL, "CONNECTION_STRING"));
	CHECK(!ok(FLOE_DUCKDB_1_4, az, "service_principal", "CONNECTION_STRING"));
	CHECK(ok(FLOE_DUCKDB_1_4, az, "service_principal", "TENANT_ID"));
	CHECK(ok(FLOE_DUCKDB_1_4, az, "service_principal", "ACCOUNT_NAME"));
	CHECK(ok(FLOE_DUCKDB_1_4, az, "managed_identity", "CLIENT_ID"));
	CHECK(!ok(FLOE_DUCKDB_1_4, az, "managed_identity", "CLIENT_SECRET"));
	CHECK(ok(FLOE_DUCKDB_1_4, az, "access_token", "ACCESS_TOKEN"));
	CHECK(!ok(FLOE_DUCKDB_1_4, az, NULL, "ACCOUNT_KEY"));
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, az, NULL, "account_key"),
		  "there is no ACCOUNT_KEY: put AccountKey=... inside CONNECTION_STRING");
	CHECK(floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, az, "credential_chain", "CHAIN",
				   "cli;managed_identity"));
	CHECK(!floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, az, "credential_chain", "CHAIN", "sts"));
	floe_buf_clear(&b);
	floe_emit__duckdb_provider_list(&b, az);
	CHECK_STR(b.ptr, "config, credential_chain, managed_identity, "
		  "service_principal, access_token");
	floe_buf_release(&b);
}

static void test_duckdb_options__postgres_and_http(void)
{
	floe_duckdb_kind pg = FLOE_DUCKDB_SECRET_POSTGRES;
	floe_duckdb_kind http = FLOE_DUCKDB_SECRET_HTTP;
	floe_buf b = FLOE_BUF_INIT;
	CHECK(ok(FLOE_DUCKDB_1_4, pg, NULL, "HOST"));
	CHECK(ok(FLOE_DUCKDB_1_4, pg, NULL, "DATABASE"));
	CHECK(ok(FLOE_DUCKDB_1_4, pg, NULL, "DBNAME"));
	CHECK(ok(FLOE_DUCKDB_1_4, pg, NULL, "USER"));
	CHECK(ok(FLOE_DUCKDB_1_4, pg, NULL, "PASSFILE"));
	/* the libpq keyword list came in May 2026 (duckdb-postgres #458) */
	CHECK(!ok(FLOE_DUCKDB_1_4, pg, NULL, "SSLMODE"));
	CHECK(!ok(FLOE_DUCKDB_1_4, pg, NULL, "USERNAME"));
	CHECK_INT(floe_emit__duckdb_option_status(FLOE_DUCKDB_1_5, pg, NULL, "SSLMODE"),
		  FLOE_DUCKDB_OPT_BUILD);
	CHECK(ok(FLOE_DUCKDB_2_0, pg, NULL, "SSLMODE"));
	CHECK(ok(FLOE_DUCKDB_2_0, pg, NULL, "USERNAME"));
	CHECK(floe_emit__duckdb_value_ok(FLOE_DUCKDB_2_0, pg, NULL, "SSLMODE", "verify-full"));
	CHECK(!floe_emit__duckdb_value_ok(FLOE_DUCKDB_2_0, pg, NULL, "SSLMODE", "no-verify"));
	/* run on 1.4.4 and 1.5.6: core's http secret */
	CHECK(ok(FLOE_DUCKDB_1_4, http, NULL, "BEARER_TOKEN"));
	CHECK(ok(FLOE_DUCKDB_1_4, http, NULL, "SCOPE"));
	CHECK(!ok(FLOE_DUCKDB_1_4, http, NULL, "VERIFY_SSL"));
	CHECK(ok(FLOE_DUCKDB_1_5, http, NULL, "VERIFY_SSL"));
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, http, NULL, "VERIFY_SSL"),
		  "accepted by duckdb >= 1.5");
	CHECK(!ok(FLOE_DUCKDB_1_4, http, "env", "BEARER_TOKEN"));
	CHECK(ok(FLOE_DUCKDB_1_4, http, "env", "SCOPE"));
	CHECK(strstr(note(&b, FLOE_DUCKDB_1_4, http, NULL, "BEARER_TOKEN"),
		     "unredacted") != NULL);
	floe_buf_release(&b);
}

/* targets.md 4 and 5.1 */
static void test_duckdb_options__settings(void)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_duckdb_kind md = FLOE_DUCKDB_SET_MOTHERDUCK;
	CHECK(ok(FLOE_DUCKDB_1_4, md, NULL, "motherduck_token"));
	CHECK(ok(FLOE_DUCKDB_1_4, md, NULL, "MOTHERDUCK_SAAS_MODE"));
	CHECK_INT(floe_emit__duckdb_option_status(FLOE_DUCKDB_1_4, md, NULL,
					    "MOTHERDUCK_SESSION_HINT"),
		  FLOE_DUCKDB_OPT_DEPRECATED);
	CHECK(!ok(FLOE_DUCKDB_1_4, md, NULL, "ATTACH_MODE"));
	CHECK(!floe_emit__duckdb_provider_ok(FLOE_DUCKDB_1_4, md, "config"));
	CHECK(floe_emit__duckdb_provider_ok(FLOE_DUCKDB_1_4, md, NULL));
	CHECK(floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, md, NULL,
				   "MOTHERDUCK_ATTACH_MODE", "single"));
	CHECK(!floe_emit__duckdb_value_ok(FLOE_DUCKDB_1_4, md, NULL,
				    "MOTHERDUCK_ATTACH_MODE", "shared"));
	CHECK(ok(FLOE_DUCKDB_1_4, FLOE_DUCKDB_SET, NULL, "memory_limit"));
	CHECK(ok(FLOE_DUCKDB_1_4, FLOE_DUCKDB_SET, NULL, "THREADS"));
	CHECK(ok(FLOE_DUCKDB_1_4, FLOE_DUCKDB_SET, NULL, "TEMP_DIRECTORY"));
	CHECK(!ok(FLOE_DUCKDB_1_4, FLOE_DUCKDB_SET, NULL, "EXTENSION_DIRECTORIES"));
	CHECK(!ok(FLOE_DUCKDB_1_4, FLOE_DUCKDB_SET, NULL, "S3_REGION"));
	CHECK(floe_emit__duckdb_setting_startup_only("allow_unsigned_extensions"));
	CHECK(!floe_emit__duckdb_setting_startup_only("threads"));
	CHECK(!floe_emit__duckdb_setting_startup_only(NULL));
	floe_emit__duckdb_option_list(&b, FLOE_DUCKDB_1_4, md, NULL);
	CHECK_STR(b.ptr, "MOTHERDUCK_ATTACH_MODE, MOTHERDUCK_SAAS_MODE, "
		  "MOTHERDUCK_SESSION_HINT, MOTHERDUCK_SESSION_NAME, MOTHERDUCK_TOKEN");
	floe_buf_release(&b);
}

static void test_duckdb_options__notes(void)
{
	floe_buf b = FLOE_BUF_INIT;
	CHECK_STR(note(&b, FLOE_DUCKDB_1_5, ICE, NULL, "ENCODE_ENTIRE_PREFIX"),
		  "its presence alone turns it on, even with the value false");
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, ICE, NULL, "ENCODE_ENTIRE_PREFIX"),
		  "accepted by duckdb >= 1.5; its presence alone turns it on, "
		  "even with the value false");
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, ICE, NULL, "ACCESS_DELEGATION_MODE"), "<none>");
	CHECK_STR(note(&b, FLOE_DUCKDB_1_3, ICE, NULL, "ACCESS_DELEGATION_MODE"),
		  "accepted by duckdb >= 1.4");
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, ICE, NULL, "REFRESH_TOKEN"), "<none>");
	CHECK_STR(note(&b, FLOE_DUCKDB_1_5, ICE, NULL, "REFRESH_TOKEN"),
		  "an option of CREATE SECRET (TYPE ICEBERG), not of ATTACH (TYPE ICEBERG)");
	CHECK_STR(note(&b, FLOE_DUCKDB_1_4, ICE, NULL, "endpint"),
		  "did you mean 'ENDPOINT'?");
	CHECK_STR(floe_emit__duckdb_kind_name(FLOE_DUCKDB_SECRET_S3), "CREATE SECRET (TYPE S3)");
	floe_buf_release(&b);
}

static void test_duckdb_options__lists(void)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_emit__duckdb_option_list(&b, FLOE_DUCKDB_1_2, ICE, NULL);
	CHECK_STR(b.ptr, "AUTHORIZATION_TYPE, CLIENT_ID, CLIENT_SECRET, "
		  "DEFAULT_REGION, ENDPOINT, ENDPOINT_TYPE, OAUTH2_GRANT_TYPE, "
		  "OAUTH2_SCOPE, OAUTH2_SERVER_URI, READ_ONLY, SECRET, TOKEN, TYPE");
	floe_buf_clear(&b);
	floe_emit__duckdb_option_list(&b, FLOE_DUCKDB_1_2, LAKE, NULL);
	CHECK_STR(b.ptr, "");
	floe_buf_clear(&b);
	floe_emit__duckdb_option_list(&b, FLOE_DUCKDB_1_4, FLOE_DUCKDB_SECRET_AZURE,
				"access_token");
	CHECK_STR(b.ptr, "ACCESS_TOKEN, ACCOUNT_NAME, ENDPOINT, HTTP_PROXY, "
		  "PROVIDER, PROXY_PASSWORD, PROXY_USER_NAME, SCOPE, TYPE");
	/* every listed name is ok, on every version, for every kind */
	for (int v = 0; v < FLOE_DUCKDB_NVER; v++)
		for (int k = 0; k < FLOE_DUCKDB_NKIND; k++) {
			floe_buf_clear(&b);
			floe_emit__duckdb_option_list(&b, (floe_duckdb_ver)v,
						(floe_duckdb_kind)k, NULL);
			char *s = floe_xstrdup(b.ptr);
			for (char *t = s; *t; t += strspn(t, ", ")) {
				size_t n = strcspn(t, ", ");
				char c = t[n];
				t[n] = '\0';
				if (strcmp(t, "META_*") != 0)
					CHECK(ok((floe_duckdb_ver)v,
						 (floe_duckdb_kind)k, NULL, t));
				t[n] = c;
				t += n;
			}
			free(s);
		}
	floe_buf_release(&b);
}

int main(void)
{
	RUN(test_duckdb_options__version_parse);
	RUN(test_duckdb_options__iceberg_version_gates);
	RUN(test_duckdb_options__endpoint_and_uri);
	RUN(test_duckdb_options__stage_create_rename);
	RUN(test_duckdb_options__authorization_values);
	RUN(test_duckdb_options__iceberg_auth_consumes);
	RUN(test_duckdb_options__iceberg_secret);
	RUN(test_duckdb_options__ducklake);
	RUN(test_duckdb_options__ducklake_secret);
	RUN(test_duckdb_options__s3_providers);
	RUN(test_duckdb_options__azure);
	RUN(test_duckdb_options__postgres_and_http);
	RUN(test_duckdb_options__settings);
	RUN(test_duckdb_options__notes);
	RUN(test_duckdb_options__lists);
	return unit_done("duckdb_options");
}
