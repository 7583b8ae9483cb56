/*
 * duckdb_options.c: the option whitelists of the DuckDB statements floe
 * emits, per DuckDB minor version, and the notes that explain a rejection.
 * Pure data and lookups: no SQL is built or run here.  Sources per table
 * are in ../shared/reference/targets.md; facts run on 1.4.4 and 1.5.6 in
 * docs/duckdb.md.  Versions are bit masks over floe_duckdb_ver.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "emit/duckdb_options.h"
#include "util/util.h"

#define V(x) (1u << FLOE_DUCKDB_##x)
#define ALL ((1u << FLOE_DUCKDB_NVER) - 1)
#define FROM(x) (ALL & ~(V(x) - 1))

struct opt {
	const char *name;     /* upper case; a final '*' matches a prefix */
	unsigned ok;          /* versions that accept it */
	unsigned build;       /* versions where only some extension builds do */
	unsigned deprecated;  /* versions (within ok) that warn */
	const char *note;
};

struct optlist {
	const struct opt *o;
	size_t n;
};

#define LIST(a) { a, FLOE_ARRAY_SIZE(a) }

/* Keys the core grammar handles for every secret type. */
static const struct opt secret_core[] = {
	{ "TYPE", ALL, 0, 0, NULL },
	{ "PROVIDER", ALL, 0, 0, NULL },
	{ "SCOPE", ALL, 0, 0, "repeating it keeps only the last one; give a list" },
};

/* targets.md 1.3: duckdb-iceberg IcebergAttachOptions per branch. */
static const struct opt attach_iceberg[] = {
	{ "TYPE", ALL, 0, 0, NULL },
	{ "READ_ONLY", ALL, 0, 0, NULL },
	{ "ENDPOINT", ALL, 0, V(2_0),
	  "duckdb 1.2 to 1.4 lower-case it (keep a mixed-case endpoint in the "
	  "ICEBERG secret); on 2.0 a deprecated alias of URI; never give both" },
	{ "URI", V(2_0), 0, 0, "use ENDPOINT before duckdb 2.0" },
	{ "ENDPOINT_TYPE", ALL, 0, 0,
	  "cannot be combined with AUTHORIZATION_TYPE" },
	{ "AUTHORIZATION_TYPE", ALL, 0, 0, NULL },
	{ "SECRET", ALL, 0, 0,
	  "cannot be combined with the inline OAuth2 options" },
	{ "CLIENT_ID", ALL, 0, 0, NULL },
	{ "CLIENT_SECRET", ALL, 0, 0, NULL },
	{ "OAUTH2_SERVER_URI", ALL, 0, 0, NULL },
	{ "OAUTH2_SCOPE", ALL, 0, 0, NULL },
	{ "OAUTH2_GRANT_TYPE", ALL, 0, 0, NULL },
	{ "TOKEN", ALL, 0, 0, NULL },
	{ "DEFAULT_REGION", ALL, 0, 0, NULL },
	{ "ACCESS_DELEGATION_MODE", FROM(1_4), 0, 0, NULL },
	{ "SUPPORT_NESTED_NAMESPACES", FROM(1_3), 0, 0, NULL },
	{ "SUPPORT_STAGE_CREATE", V(1_3) | V(1_4), V(1_5), 0,
	  "renamed STAGE_CREATE_TABLES by the June 2026 iceberg builds" },
	{ "STAGE_CREATE_TABLES", V(2_0), V(1_5), 0,
	  "named SUPPORT_STAGE_CREATE before the June 2026 iceberg builds" },
	{ "PURGE_REQUESTED", FROM(1_3), 0, 0, NULL },
	{ "DEFAULT_SCHEMA", FROM(1_4), 0, 0, NULL },
	{ "MAX_TABLE_STALENESS", FROM(1_5), 0, 0, NULL },
	{ "DISABLE_MULTI_TABLE_COMMIT", V(2_0), V(1_5), 0,
	  "added by the June 2026 iceberg builds" },
	{ "SKIP_CREATE_TABLE_METADATA_UPDATES", V(2_0), V(1_5), 0,
	  "added by the June 2026 iceberg builds" },
	{ "REMOVE_FILES_ON_DELETE", V(2_0), V(1_5), 0,
	  "added by the June 2026 iceberg builds" },
	{ "ENCODE_ENTIRE_PREFIX", FROM(1_5), 0, 0,
	  "its presence alone turns it on, even with the value false" },
	{ "SIGV4_SERVICE", FROM(1_5), 0, 0, NULL },
	{ "SIGV4_REGION", FROM(1_5), 0, 0, NULL },
	{ "EXTRA_HTTP_HEADERS", FROM(1_5), 0, 0, NULL },
};

/* targets.md 1.5: IcebergSecretOptions() per branch; provider config only. */
static const struct opt secret_iceberg[] = {
	{ "CLIENT_ID", ALL, 0, 0, NULL },
	{ "CLIENT_SECRET", ALL, 0, 0, NULL },
	{ "ENDPOINT", ALL, 0, V(2_0),
	  "on duckdb 2.0 a deprecated alias of URI; never give both" },
	{ "URI", V(2_0), 0, 0, "use ENDPOINT before duckdb 2.0" },
	{ "TOKEN", ALL, 0, 0, NULL },
	{ "OAUTH2_SCOPE", ALL, 0, 0, NULL },
	{ "OAUTH2_SERVER_URI", ALL, 0, 0, NULL },
	{ "OAUTH2_GRANT_TYPE", ALL, 0, 0, NULL },
	{ "REFRESH_TOKEN", FROM(1_5), 0, 0, NULL },
	{ "EXPIRES_IN", FROM(1_5), 0, 0, NULL },
	{ "EXTRA_HTTP_HEADERS", FROM(1_5), 0, 0, NULL },
};

/* targets.md 2.2: ducklake HandleDuckLakeOption; the kind needs 1.3. */
static const struct opt attach_ducklake[] = {
	{ "TYPE", ALL, 0, 0, NULL },
	{ "READ_ONLY", ALL, 0, 0, NULL },
	{ "READ_WRITE", ALL, 0, 0, NULL },
	{ "DATA_PATH", ALL, 0, 0, NULL },
	{ "METADATA_SCHEMA", ALL, 0, 0, NULL },
	{ "METADATA_CATALOG", ALL, 0, 0, NULL },
	{ "METADATA_PATH", ALL, 0, 0, NULL },
	{ "METADATA_PARAMETERS", ALL, 0, 0, NULL },
	{ "META_*", ALL, 0, 0,
	  "the prefix is stripped and the rest passed to the metadata ATTACH" },
	{ "ENCRYPTED", ALL, 0, 0, NULL },
	{ "DATA_INLINING_ROW_LIMIT", ALL, 0, 0,
	  "defaults to 0 up to duckdb 1.4 and to 10 from 1.5" },
	{ "SNAPSHOT_VERSION", ALL, 0, 0, "forces READ_ONLY" },
	{ "SNAPSHOT_TIME", ALL, 0, 0, "forces READ_ONLY" },
	{ "CREATE_IF_NOT_EXISTS", ALL, 0, 0, NULL },
	{ "OVERRIDE_DATA_PATH", FROM(1_4), 0, 0, NULL },
	{ "BUSY_TIMEOUT", FROM(1_4), 0, 0, NULL },
	{ "MIGRATE_IF_REQUIRED", V(1_4), 0, 0,
	  "renamed AUTOMATIC_MIGRATION in duckdb 1.5" },
	{ "AUTOMATIC_MIGRATION", FROM(1_5), 0, 0,
	  "named MIGRATE_IF_REQUIRED on duckdb 1.4" },
	{ "WRITE_DELETION_VECTORS", FROM(1_5), 0, 0, NULL },
	{ "DUCKLAKE_VERSION", V(2_0), 0, 0, NULL },
	{ "DEFAULT_TABLE", V(1_3), 0, 0, NULL },
};

/* targets.md 2.3: ducklake_secret.cpp. */
static const struct opt secret_ducklake[] = {
	{ "METADATA_PATH", ALL, 0, 0, "required" },
	{ "DATA_PATH", ALL, 0, 0, NULL },
	{ "METADATA_SCHEMA", ALL, 0, 0, NULL },
	{ "METADATA_CATALOG", ALL, 0, 0, NULL },
	{ "METADATA_PARAMETERS", ALL, 0, 0, NULL },
	{ "ENCRYPTED", ALL, 0, 0, NULL },
	{ "DUCKLAKE_VERSION", V(2_0), 0, 0, NULL },
};

/* targets.md 3.2: httpfs create_secret_functions.cpp (main), all versions. */
static const struct opt s3_config[] = {
	{ "KEY_ID", ALL, 0, 0, NULL },
	{ "SECRET", ALL, 0, 0, NULL },
	{ "REGION", ALL, 0, 0, NULL },
	{ "SESSION_TOKEN", ALL, 0, 0, NULL },
	{ "ENDPOINT", ALL, 0, 0,
	  "a host[:port] without scheme; choose http with USE_SSL false" },
	{ "URL_STYLE", ALL, 0, 0, NULL },
	{ "USE_SSL", ALL, 0, 0, NULL },
	{ "VERIFY_SSL", ALL, 0, 0, NULL },
	{ "KMS_KEY_ID", ALL, 0, 0, NULL },
	{ "URL_COMPATIBILITY_MODE", ALL, 0, 0, NULL },
	{ "REQUESTER_PAYS", ALL, 0, 0, NULL },
	{ "REFRESH", ALL, 0, 0, NULL },
	{ "REFRESH_INFO", ALL, 0, 0, NULL },
	{ "HTTP_PROXY", ALL, 0, 0, NULL },
	{ "HTTP_PROXY_USERNAME", ALL, 0, 0, NULL },
	{ "HTTP_PROXY_PASSWORD", ALL, 0, 0, NULL },
	{ "EXTRA_HTTP_HEADERS", ALL, 0, 0, NULL },
};

/* targets.md 3.3: duckdb-aws aws_secret.cpp; the v1.4 branch lacks some. */
static const struct opt s3_chain[] = {
	{ "KEY_ID", ALL, 0, 0, NULL },
	{ "SECRET", ALL, 0, 0, NULL },
	{ "REGION", ALL, 0, 0, NULL },
	{ "SESSION_TOKEN", ALL, 0, 0, NULL },
	{ "ENDPOINT", ALL, 0, 0, NULL },
	{ "URL_STYLE", ALL, 0, 0, NULL },
	{ "USE_SSL", ALL, 0, 0, NULL },
	{ "URL_COMPATIBILITY_MODE", ALL, 0, 0, NULL },
	{ "ASSUME_ROLE_ARN", ALL, 0, 0, "needs CHAIN" },
	{ "EXTERNAL_ID", ALL, 0, 0, NULL },
	{ "WEB_IDENTITY_TOKEN_FILE", FROM(1_5), 0, 0, NULL },
	{ "SESSION_NAME", FROM(1_5), 0, 0, NULL },
	{ "HTTP_PROXY", FROM(1_5), 0, 0, NULL },
	{ "HTTP_PROXY_USERNAME", FROM(1_5), 0, 0, NULL },
	{ "HTTP_PROXY_PASSWORD", FROM(1_5), 0, 0, NULL },
	{ "REFRESH", ALL, 0, 0, NULL },
	{ "CHAIN", ALL, 0, 0, NULL },
	{ "PROFILE", ALL, 0, 0, NULL },
	{ "VALIDATION", ALL, 0, 0,
	  "'none' creates the secret even when no credentials are found" },
};

static const struct opt r2_extra[] = {
	{ "ACCOUNT_ID", ALL, 0, 0, NULL },
};

static const struct opt gcs_extra[] = {
	{ "BEARER_TOKEN", ALL, 0, 0, NULL },
};

/* targets.md 3.4: duckdb-azure azure_secret.cpp. */
static const struct opt azure_all[] = {
	{ "ACCOUNT_NAME", ALL, 0, 0, NULL },
	{ "ENDPOINT", ALL, 0, 0, NULL },
	{ "HTTP_PROXY", ALL, 0, 0, NULL },
	{ "PROXY_USER_NAME", ALL, 0, 0, NULL },
	{ "PROXY_PASSWORD", ALL, 0, 0, NULL },
};

static const struct opt azure_config[] = {
	{ "CONNECTION_STRING", ALL, 0, 0, NULL },
};

static const struct opt azure_chain[] = {
	{ "CHAIN", ALL, 0, 0, NULL },
};

static const struct opt azure_managed[] = {
	{ "CLIENT_ID", ALL, 0, 0, NULL },
	{ "OBJECT_ID", ALL, 0, 0, NULL },
	{ "RESOURCE_ID", ALL, 0, 0, NULL },
};

static const struct opt azure_principal[] = {
	{ "TENANT_ID", ALL, 0, 0, NULL },
	{ "CLIENT_ID", ALL, 0, 0, NULL },
	{ "CLIENT_SECRET", ALL, 0, 0, NULL },
	{ "CLIENT_CERTIFICATE_PATH", ALL, 0, 0, NULL },
};

static const struct opt azure_token[] = {
	{ "ACCESS_TOKEN", ALL, 0, 0, NULL },
};

/*
 * duckdb-postgres: the 1.4 extension takes seven keys; the libpq keyword
 * list (PR #458, 2026-05-04) is on main and maybe in late 1.5 builds.
 */
#define PG_NEW(n) { n, V(2_0), V(1_5), 0, "added to postgres secrets in May 2026" }
static const struct opt secret_postgres[] = {
	{ "HOST", ALL, 0, 0, NULL },
	{ "PORT", ALL, 0, 0, NULL },
	{ "USER", ALL, 0, 0, NULL },
	{ "PASSWORD", ALL, 0, 0, NULL },
	{ "DATABASE", ALL, 0, 0, "an alias of DBNAME" },
	{ "DBNAME", ALL, 0, 0, NULL },
	{ "PASSFILE", ALL, 0, 0, NULL },
	PG_NEW("HOSTNAME"), PG_NEW("USERNAME"), PG_NEW("URI"),
	PG_NEW("AWS_RDS_SECRET"), PG_NEW("HOSTADDR"), PG_NEW("REQUIRE_AUTH"),
	PG_NEW("CHANNEL_BINDING"), PG_NEW("CONNECT_TIMEOUT"),
	PG_NEW("CLIENT_ENCODING"), PG_NEW("OPTIONS"),
	PG_NEW("APPLICATION_NAME"), PG_NEW("FALLBACK_APPLICATION_NAME"),
	PG_NEW("KEEPALIVES"), PG_NEW("KEEPALIVES_IDLE"),
	PG_NEW("KEEPALIVES_INTERVAL"), PG_NEW("KEEPALIVES_COUNT"),
	PG_NEW("TCP_USER_TIMEOUT"), PG_NEW("REPLICATION"),
	PG_NEW("GSSENCMODE"), PG_NEW("SSLMODE"), PG_NEW("REQUIRESSL"),
	PG_NEW("SSLNEGOTIATION"), PG_NEW("SSLCOMPRESSION"), PG_NEW("SSLCERT"),
	PG_NEW("SSLKEY"), PG_NEW("SSLKEYLOGFILE"), PG_NEW("SSLPASSWORD"),
	PG_NEW("SSLCERTMODE"), PG_NEW("SSLROOTCERT"), PG_NEW("SSLCRL"),
	PG_NEW("SSLCRLDIR"), PG_NEW("SSLSNI"), PG_NEW("REQUIREPEER"),
	PG_NEW("SSL_MIN_PROTOCOL_VERSION"), PG_NEW("SSL_MAX_PROTOCOL_VERSION"),
	PG_NEW("MIN_PROTOCOL_VERSION"), PG_NEW("MAX_PROTOCOL_VERSION"),
	PG_NEW("KRBSRVNAME"), PG_NEW("GSSLIB"), PG_NEW("GSSDELEGATION"),
	PG_NEW("SCRAM_CLIENT_KEY"), PG_NEW("SCRAM_SERVER_KEY"),
	PG_NEW("SERVICE"), PG_NEW("TARGET_SESSION_ATTRS"),
	PG_NEW("LOAD_BALANCE_HOSTS"), PG_NEW("OAUTH_ISSUER"),
	PG_NEW("OAUTH_CLIENT_ID"), PG_NEW("OAUTH_CLIENT_SECRET"),
	PG_NEW("OAUTH_SCOPE"),
};

/* Core's http type, run on 1.4.4 and 1.5.6 without httpfs (docs/duckdb.md). */
static const struct opt secret_http[] = {
	{ "BEARER_TOKEN", ALL, 0, 0,
	  "duckdb_secrets() shows it unredacted on 1.4.4 (1.5.6 redacts it)" },
	{ "VERIFY_SSL", FROM(1_5), 0, 0, NULL },
	{ "EXTRA_HTTP_HEADERS", ALL, 0, 0, NULL },
	{ "HTTP_PROXY", ALL, 0, 0, NULL },
	{ "HTTP_PROXY_USERNAME", ALL, 0, 0, NULL },
	{ "HTTP_PROXY_PASSWORD", ALL, 0, 0, NULL },
};

/* targets.md 4: the motherduck extension's settings, set before ATTACH 'md:'. */
static const struct opt set_motherduck[] = {
	{ "MOTHERDUCK_TOKEN", ALL, 0, 0,
	  "bind the value (getvariable), never write it into SQL" },
	{ "MOTHERDUCK_ATTACH_MODE", ALL, 0, 0, NULL },
	{ "MOTHERDUCK_SAAS_MODE", ALL, 0, 0,
	  "set it last: it locks the configuration" },
	{ "MOTHERDUCK_SESSION_NAME", ALL, 0, 0, NULL },
	{ "MOTHERDUCK_SESSION_HINT", ALL, 0, ALL,
	  "the former name of MOTHERDUCK_SESSION_NAME" },
};

/* Core settings for containers; each run on 1.4.4 (docs/duckdb.md). */
static const struct opt set_core[] = {
	{ "MEMORY_LIMIT", ALL, 0, 0,
	  "units KB, MB, GB, TB or KiB, MiB, GiB, TiB; '%' is rejected" },
	{ "MAX_MEMORY", ALL, 0, 0, "an alias of MEMORY_LIMIT" },
	{ "THREADS", ALL, 0, 0, NULL },
	{ "WORKER_THREADS", ALL, 0, 0, "an alias of THREADS" },
	{ "TEMP_DIRECTORY", ALL, 0, 0, NULL },
	{ "MAX_TEMP_DIRECTORY_SIZE", ALL, 0, 0, NULL },
	{ "EXTENSION_DIRECTORY", ALL, 0, 0, "set it before any INSTALL or LOAD" },
	{ "EXTENSION_DIRECTORIES", FROM(1_5), 0, 0, NULL },
	{ "AUTOINSTALL_KNOWN_EXTENSIONS", ALL, 0, 0, NULL },
	{ "AUTOLOAD_KNOWN_EXTENSIONS", ALL, 0, 0, NULL },
	{ "ALLOW_COMMUNITY_EXTENSIONS", ALL, 0, 0,
	  "can be turned off while running, not back on" },
	{ "ALLOW_UNSIGNED_EXTENSIONS", ALL, 0, 0,
	  "startup only: give it when the database is opened" },
	{ "ENABLE_EXTERNAL_ACCESS", ALL, 0, 0,
	  "can be turned off while running, not back on" },
	{ "LOCK_CONFIGURATION", ALL, 0, 0, "every later SET fails" },
	{ "SECRET_DIRECTORY", ALL, 0, 0, NULL },
	{ "HOME_DIRECTORY", ALL, 0, 0, NULL },
	{ "ALLOW_PERSISTENT_SECRETS", ALL, 0, 0, NULL },
	{ "HTTP_PROXY", ALL, 0, 0, NULL },
	{ "PRESERVE_INSERTION_ORDER", ALL, 0, 0, NULL },
};

static const struct opt none[] = { { NULL, 0, 0, 0, NULL } };
#define EMPTY { none, 0 }

struct spec {
	floe_duckdb_kind kind;
	const char *provider;   /* NULL: statements that take no provider */
	struct optlist lists[3];
};

static const struct spec specs[] = {
	{ FLOE_DUCKDB_ATTACH_ICEBERG, NULL, { LIST(attach_iceberg), EMPTY, EMPTY } },
	{ FLOE_DUCKDB_SECRET_ICEBERG, "config",
	  { LIST(secret_core), LIST(secret_iceberg), EMPTY } },
	{ FLOE_DUCKDB_ATTACH_DUCKLAKE, NULL, { LIST(attach_ducklake), EMPTY, EMPTY } },
	{ FLOE_DUCKDB_SECRET_DUCKLAKE, "config",
	  { LIST(secret_core), LIST(secret_ducklake), EMPTY } },
	{ FLOE_DUCKDB_SECRET_S3, "config", { LIST(secret_core), LIST(s3_config), EMPTY } },
	{ FLOE_DUCKDB_SECRET_S3, "credential_chain",
	  { LIST(secret_core), LIST(s3_chain), EMPTY } },
	{ FLOE_DUCKDB_SECRET_R2, "config",
	  { LIST(secret_core), LIST(s3_config), LIST(r2_extra) } },
	{ FLOE_DUCKDB_SECRET_R2, "credential_chain",
	  { LIST(secret_core), LIST(s3_chain), LIST(r2_extra) } },
	{ FLOE_DUCKDB_SECRET_GCS, "config",
	  { LIST(secret_core), LIST(s3_config), LIST(gcs_extra) } },
	{ FLOE_DUCKDB_SECRET_GCS, "credential_chain",
	  { LIST(secret_core), LIST(s3_chain), EMPTY } },
	{ FLOE_DUCKDB_SECRET_AZURE, "config",
	  { LIST(secret_core), LIST(azure_all), LIST(azure_config) } },
	{ FLOE_DUCKDB_SECRET_AZURE, "credential_chain",
	  { LIST(secret_core), LIST(azure_all), LIST(azure_chain) } },
	{ FLOE_DUCKDB_SECRET_AZURE, "managed_identity",
	  { LIST(secret_core), LIST(azure_all), LIST(azure_managed) } },
	{ FLOE_DUCKDB_SECRET_AZURE, "service_principal",
	  { LIST(secret_core), LIST(azure_all), LIST(azure_principal) } },
	{ FLOE_DUCKDB_SECRET_AZURE, "access_token",
	  { LIST(secret_core), LIST(azure_all), LIST(azure_token) } },
	{ FLOE_DUCKDB_SECRET_POSTGRES, "config",
	  { LIST(secret_core), LIST(secret_postgres), EMPTY } },
	{ FLOE_DUCKDB_SECRET_HTTP, "config", { LIST(secret_core), LIST(secret_http), EMPTY } },
	{ FLOE_DUCKDB_SECRET_HTTP, "env", { LIST(secret_core), EMPTY, EMPTY } },
	{ FLOE_DUCKDB_SET_MOTHERDUCK, NULL, { LIST(set_motherduck), EMPTY, EMPTY } },
	{ FLOE_DUCKDB_SET, NULL, { LIST(set_core), EMPTY, EMPTY } },
};

static const struct {
	const char *name;
	const char *default_provider;
	unsigned versions;
} kinds[FLOE_DUCKDB_NKIND] = {
	[FLOE_DUCKDB_ATTACH_ICEBERG] = { "ATTACH (TYPE ICEBERG)", NULL, ALL },
	[FLOE_DUCKDB_SECRET_ICEBERG] = { "CREATE SECRET (TYPE ICEBERG)", "config", ALL },
	[FLOE_DUCKDB_ATTACH_DUCKLAKE] = { "ATTACH 'ducklake:'", NULL, FROM(1_3) },
	[FLOE_DUCKDB_SECRET_DUCKLAKE] = { "CREATE SECRET (TYPE DUCKLAKE)", "config", FROM(1_3) },
	[FLOE_DUCKDB_SECRET_S3] = { "CREATE SECRET (TYPE S3)", "config", ALL },
	[FLOE_DUCKDB_SECRET_R2] = { "CREATE SECRET (TYPE R2)", "config", ALL },
	[FLOE_DUCKDB_SECRET_GCS] = { "CREATE SECRET (TYPE GCS)", "config", ALL },
	[FLOE_DUCKDB_SECRET_AZURE] = { "CREATE SECRET (TYPE AZURE)", "config", ALL },
	[FLOE_DUCKDB_SECRET_POSTGRES] = { "CREATE SECRET (TYPE POSTGRES)", "config", ALL },
	[FLOE_DUCKDB_SECRET_HTTP] = { "CREATE SECRET (TYPE HTTP)", "config", ALL },
	[FLOE_DUCKDB_SET_MOTHERDUCK] = { "SET (motherduck)", NULL, ALL },
	[FLOE_DUCKDB_SET] = { "SET", NULL, ALL },
};

/* Names that users reach for and DuckDB does not have. */
static const struct {
	floe_duckdb_kind kind;
	const char *name;
	const char *note;
} misses[] = {
	{ FLOE_DUCKDB_SECRET_AZURE, "ACCOUNT_KEY",
	  "there is no ACCOUNT_KEY: put AccountKey=... inside CONNECTION_STRING" },
	{ FLOE_DUCKDB_ATTACH_ICEBERG, "DEFAULT_TABLE_LOCATION_FROM_NAMESPACE",
	  "documented for 2.0 but not in the iceberg source" },
};

static const char *const ver_names[FLOE_DUCKDB_NVER] = {
	"1.2", "1.3", "1.4", "1.5", "2.0",
};

#define S3ISH (1u << FLOE_DUCKDB_SECRET_S3 | 1u << FLOE_DUCKDB_SECRET_R2 | \
	       1u << FLOE_DUCKDB_SECRET_GCS)
#define ICEBERG (1u << FLOE_DUCKDB_ATTACH_ICEBERG | \
		 1u << FLOE_DUCKDB_SECRET_ICEBERG)
#define K(k) (1u << FLOE_DUCKDB_##k)

/* Options with a fixed set of values (lower case), per kind and provider. */
static const struct {
	unsigned kinds;
	const char *provider;   /* NULL: any */
	const char *option;
	const char *value;
	unsigned ok;
} values[] = {
	{ K(ATTACH_ICEBERG), NULL, "AUTHORIZATION_TYPE", "oauth2", ALL },
	{ K(ATTACH_ICEBERG), NULL, "AUTHORIZATION_TYPE", "sigv4", ALL },
	{ K(ATTACH_ICEBERG), NULL, "AUTHORIZATION_TYPE", "none", FROM(1_3) },
	{ K(ATTACH_ICEBERG), NULL, "ENDPOINT_TYPE", "glue", ALL },
	{ K(ATTACH_ICEBERG), NULL, "ENDPOINT_TYPE", "s3_tables", ALL },
	{ K(ATTACH_ICEBERG), NULL, "ACCESS_DELEGATION_MODE", "vended_credentials", ALL },
	{ K(ATTACH_ICEBERG), NULL, "ACCESS_DELEGATION_MODE", "none", ALL },
	{ ICEBERG, NULL, "OAUTH2_GRANT_TYPE", "client_credentials", ALL },
	{ S3ISH, NULL, "URL_STYLE", "vhost", ALL },
	{ S3ISH, NULL, "URL_STYLE", "path", ALL },
	{ S3ISH, "credential_chain", "CHAIN", "config", ALL },
	{ S3ISH, "credential_chain", "CHAIN", "sts", ALL },
	{ S3ISH, "credential_chain", "CHAIN", "sso", ALL },
	{ S3ISH, "credential_chain", "CHAIN", "env", ALL },
	{ S3ISH, "credential_chain", "CHAIN", "instance", ALL },
	{ S3ISH, "credential_chain", "CHAIN", "process", ALL },
	{ S3ISH, "credential_chain", "CHAIN", "web_identity", FROM(1_5) },
	{ S3ISH, "credential_chain", "VALIDATION", "exists", ALL },
	{ S3ISH, "credential_chain", "VALIDATION", "none", ALL },
	{ K(SECRET_AZURE), "credential_chain", "CHAIN", "cli", ALL },
	{ K(SECRET_AZURE), "credential_chain", "CHAIN", "managed_identity", ALL },
	{ K(SECRET_AZURE), "credential_chain", "CHAIN", "workload_identity", ALL },
	{ K(SECRET_AZURE), "credential_chain", "CHAIN", "env", ALL },
	{ K(SECRET_AZURE), "credential_chain", "CHAIN", "default", ALL },
	{ K(SECRET_POSTGRES), NULL, "SSLMODE", "disable", ALL },
	{ K(SECRET_POSTGRES), NULL, "SSLMODE", "allow", ALL },
	{ K(SECRET_POSTGRES), NULL, "SSLMODE", "prefer", ALL },
	{ K(SECRET_POSTGRES), NULL, "SSLMODE", "require", ALL },
	{ K(SECRET_POSTGRES), NULL, "SSLMODE", "verify-ca", ALL },
	{ K(SECRET_POSTGRES), NULL, "SSLMODE", "verify-full", ALL },
	{ K(SET_MOTHERDUCK), NULL, "MOTHERDUCK_ATTACH_MODE", "workspace", ALL },
	{ K(SET_MOTHERDUCK), NULL, "MOTHERDUCK_ATTACH_MODE", "single", ALL },
};

/*
 * Which ATTACH (TYPE ICEBERG) options each authorization type consumes.
 * The generic options (TYPE, ENDPOINT, ACCESS_DELEGATION_MODE, ...) are
 * read by the attach itself; these are read only by the authorization's
 * FromAttachOptions, and whatever is left over makes ATTACH throw
 * "Unhandled options found" (iceberg_catalog.cpp / irc_catalog.cpp
 * IcebergCatalog::Attach).  Read at:
 *   duckdb 1.4 (v1.4-andium, the v1.4.4 pin): src/storage/authorization/
 *     oauth2.cpp OAuth2Authorization::FromAttachOptions (SECRET,
 *     DEFAULT_REGION, the inline OAuth2 keys), sigv4.cpp
 *     SIGV4Authorization::FromAttachOptions (SECRET), none.cpp
 *     NoneAuthorization::FromAttachOptions (nothing);
 *   duckdb 1.5 and 2.0 (v1.5-variegata, main): src/catalog/rest/storage/
 *     authorization/{oauth2,sigv4,none}.cpp, the same functions, which
 *     also take EXTRA_HTTP_HEADERS (and sigv4 SIGV4_SERVICE/_REGION).
 * ENDPOINT_TYPE glue and s3_tables authorize with sigv4.
 */
#define AUTH_OAUTH2 1u
#define AUTH_SIGV4 2u
#define AUTH_NONE 4u
static const struct {
	const char *name;
	unsigned auth;
} iceberg_auth_opts[] = {
	{ "SECRET", AUTH_OAUTH2 | AUTH_SIGV4 },
	{ "DEFAULT_REGION", AUTH_OAUTH2 },
	{ "CLIENT_ID", AUTH_OAUTH2 },
	{ "CLIENT_SECRET", AUTH_OAUTH2 },
	{ "OAUTH2_SERVER_URI", AUTH_OAUTH2 },
	{ "OAUTH2_SCOPE", AUTH_OAUTH2 },
	{ "OAUTH2_GRANT_TYPE", AUTH_OAUTH2 },
	{ "TOKEN", AUTH_OAUTH2 },
	{ "SIGV4_SERVICE", AUTH_SIGV4 },
	{ "SIGV4_REGION", AUTH_SIGV4 },
	{ "EXTRA_HTTP_HEADERS", AUTH_OAUTH2 | AUTH_SIGV4 | AUTH_NONE },
};

bool floe_emit__duckdb_iceberg_auth_takes(const char *auth, const char *option)
{
	unsigned a = AUTH_OAUTH2;
	if (auth && strcasecmp(auth, "sigv4") == 0)
		a = AUTH_SIGV4;
	else if (auth && strcasecmp(auth, "none") == 0)
		a = AUTH_NONE;
	for (size_t i = 0; option && i < FLOE_ARRAY_SIZE(iceberg_auth_opts); i++)
		if (strcasecmp(iceberg_auth_opts[i].name, option) == 0)
			return (iceberg_auth_opts[i].auth & a) != 0;
	return true;
}

/* ---- versions ---- */

int floe_emit__duckdb_ver_parse(floe_duckdb_ver *out, const char *s)
{
	const char *p = s && (*s == 'v' || *s == 'V') ? s + 1 : s;
	for (size_t i = 0; p && i < FLOE_DUCKDB_NVER; i++) {
		size_t n = strlen(ver_names[i]);
		if (strncmp(p, ver_names[i], n) != 0)
			continue;
		const char *rest = p + n;
		if (*rest == '.' && rest[1])
			rest += 1 + strspn(rest + 1, "0123456789");
		if (*rest == '\0') {
			*out = (floe_duckdb_ver)i;
			return 0;
		}
	}
	floe_error_set("unknown duckdb version '%s' (known: %s)", s ? s : "",
		       floe_emit__duckdb_ver_known());
	return FLOE_EINVALID;
}

const char *floe_emit__duckdb_ver_name(floe_duckdb_ver v)
{
	return v < FLOE_DUCKDB_NVER ? ver_names[v] : "?";
}

const char *floe_emit__duckdb_ver_known(void)
{
	return "1.2, 1.3, 1.4, 1.5, 2.0";
}

/* "duckdb 1.4", "duckdb >= 1.4", "duckdb 1.3 to 1.4", "duckdb 1.2, 2.0" */
static void put_versions(floe_buf *out, unsigned mask)
{
	unsigned lo = 0, hi = FLOE_DUCKDB_NVER - 1;
	while (lo < FLOE_DUCKDB_NVER && !(mask & (1u << lo)))
		lo++;
	while (hi > lo && !(mask & (1u << hi)))
		hi--;
	unsigned span = ((1u << (hi + 1)) - 1) & ~((1u << lo) - 1);
	if (lo == hi)
		floe_buf_printf(out, "duckdb %s", ver_names[lo]);
	else if (mask != span)
		for (unsigned i = lo, first = 1; i <= hi; i++) {
			if (!(mask & (1u << i)))
				continue;
			floe_buf_printf(out, "%s%s", first ? "duckdb " : ", ",
					ver_names[i]);
			first = 0;
		}
	else if (hi == FLOE_DUCKDB_NVER - 1)
		floe_buf_printf(out, "duckdb >= %s", ver_names[lo]);
	else
		floe_buf_printf(out, "duckdb %s to %s", ver_names[lo],
				ver_names[hi]);
}

/* ---- kinds and providers ---- */

const char *floe_emit__duckdb_kind_name(floe_duckdb_kind kind)
{
	return kind < FLOE_DUCKDB_NKIND ? kinds[kind].name : "?";
}

bool floe_emit__duckdb_kind_ok(floe_duckdb_ver v, floe_duckdb_kind kind)
{
	return kind < FLOE_DUCKDB_NKIND && v < FLOE_DUCKDB_NVER &&
	       (kinds[kind].versions & (1u << v));
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcasecmp(a, b) == 0);
}

static const struct spec *find_spec(floe_duckdb_kind kind,
				    const char *provider)
{
	if (kind >= FLOE_DUCKDB_NKIND)
		return NULL;
	if (!provider)
		provider = kinds[kind].default_provider;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(specs); i++)
		if (specs[i].kind == kind && same(specs[i].provider, provider))
			return &specs[i];
	return NULL;
}

bool floe_emit__duckdb_provider_ok(floe_duckdb_ver v, floe_duckdb_kind kind,
			     const char *provider)
{
	return floe_emit__duckdb_kind_ok(v, kind) && find_spec(kind, provider);
}

void floe_emit__duckdb_provider_list(floe_buf *out, floe_duckdb_kind kind)
{
	size_t start = out->len;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(specs); i++)
		if (specs[i].kind == kind && specs[i].provider)
			floe_buf_printf(out, "%s%s", out->len > start ? ", " : "",
					specs[i].provider);
	if (out->len == start)
		floe_buf_puts(out, "");
}

/* ---- options ---- */

static bool name_matches(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);
	if (n && pattern[n - 1] == '*')
		return strncasecmp(pattern, name, n - 1) == 0 &&
		       name[n - 1] != '\0';
	return strcasecmp(pattern, name) == 0;
}

static const struct opt *find_opt(const struct spec *sp, const char *name)
{
	if (!sp || !name)
		return NULL;
	for (size_t l = 0; l < FLOE_ARRAY_SIZE(sp->lists); l++)
		for (size_t i = 0; i < sp->lists[l].n; i++)
			if (name_matches(sp->lists[l].o[i].name, name))
				return &sp->lists[l].o[i];
	return NULL;
}

static floe_duckdb_opt status_of(const struct opt *o, floe_duckdb_ver v)
{
	unsigned bit = 1u << v;
	if (!o)
		return FLOE_DUCKDB_OPT_REJECTED;
	if (o->deprecated & bit)
		return FLOE_DUCKDB_OPT_DEPRECATED;
	if (o->ok & bit)
		return FLOE_DUCKDB_OPT_OK;
	if (o->build & bit)
		return FLOE_DUCKDB_OPT_BUILD;
	return FLOE_DUCKDB_OPT_REJECTED;
}

floe_duckdb_opt floe_emit__duckdb_option_status(floe_duckdb_ver v,
					  floe_duckdb_kind kind,
					  const char *provider,
					  const char *name)
{
	if (!floe_emit__duckdb_kind_ok(v, kind))
		return FLOE_DUCKDB_OPT_REJECTED;
	return status_of(find_opt(find_spec(kind, provider), name), v);
}

bool floe_emit__duckdb_option_ok(floe_duckdb_ver v, floe_duckdb_kind kind,
			   const char *provider, const char *name)
{
	floe_duckdb_opt st = floe_emit__duckdb_option_status(v, kind, provider, name);
	return st == FLOE_DUCKDB_OPT_OK || st == FLOE_DUCKDB_OPT_DEPRECATED;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The accepted names of a spec on v, sorted, without duplicates. */
static size_t accepted(const char **names, size_t max, const struct spec *sp,
		       floe_duckdb_ver v)
{
	size_t n = 0;
	for (size_t l = 0; sp && l < FLOE_ARRAY_SIZE(sp->lists); l++)
		for (size_t i = 0; i < sp->lists[l].n && n < max; i++) {
			const struct opt *o = &sp->lists[l].o[i];
			floe_duckdb_opt st = status_of(o, v);
			if (st == FLOE_DUCKDB_OPT_OK ||
			    st == FLOE_DUCKDB_OPT_DEPRECATED)
				names[n++] = o->name;
		}
	qsort(names, n, sizeof(*names), cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!k || strcmp(names[k - 1], names[i]) != 0)
			names[k++] = names[i];
	return k;
}

#define MAX_NAMES 128

void floe_emit__duckdb_option_list(floe_buf *out, floe_duckdb_ver v,
			     floe_duckdb_kind kind, const char *provider)
{
	const char *names[MAX_NAMES];
	size_t n = 0;
	if (floe_emit__duckdb_kind_ok(v, kind))
		n = accepted(names, MAX_NAMES, find_spec(kind, provider), v);
	floe_buf_put_list(out, names, n);
	if (!out->ptr)
		floe_buf_puts(out, "");
}

/* What to say about a name the spec has: versions, rename, gotcha. */
static bool note_known(floe_buf *out, const struct opt *o, floe_duckdb_ver v)
{
	switch (status_of(o, v)) {
	case FLOE_DUCKDB_OPT_REJECTED:
		floe_buf_puts(out, o->ok & (o->ok - 1) ? "accepted by "
						       : "accepted only by ");
		put_versions(out, o->ok);
		if (o->build) {
			floe_buf_puts(out, " and by some extension builds of ");
			put_versions(out, o->build);
		}
		break;
	case FLOE_DUCKDB_OPT_BUILD:
		floe_buf_printf(out, "only some extension builds of duckdb %s "
				"accept it", ver_names[v]);
		break;
	case FLOE_DUCKDB_OPT_DEPRECATED:
		floe_buf_printf(out, "deprecated on duckdb %s", ver_names[v]);
		break;
	case FLOE_DUCKDB_OPT_OK:
		if (!o->note)
			return false;
		floe_buf_puts(out, o->note);
		return true;
	}
	if (o->note)
		floe_buf_printf(out, "; %s", o->note);
	return true;
}

/* Another provider of the same kind that takes the name, listed. */
static bool note_provider(floe_buf *out, floe_duckdb_ver v,
			  floe_duckdb_kind kind, const char *name)
{
	size_t start = out->len;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(specs); i++) {
		const struct spec *sp = &specs[i];
		floe_duckdb_opt st = status_of(find_opt(sp, name), v);
		if (sp->kind != kind || st == FLOE_DUCKDB_OPT_REJECTED)
			continue;
		floe_buf_printf(out, "%s'%s'", out->len > start ? ", " :
				"accepted only with provider ", sp->provider);
	}
	return out->len > start;
}

/* The statement of the same family that takes it (secret vs ATTACH). */
static bool note_sibling(floe_buf *out, floe_duckdb_ver v,
			 floe_duckdb_kind kind, const char *name)
{
	static const floe_duckdb_kind pairs[][2] = {
		{ FLOE_DUCKDB_SECRET_ICEBERG, FLOE_DUCKDB_ATTACH_ICEBERG },
		{ FLOE_DUCKDB_ATTACH_ICEBERG, FLOE_DUCKDB_SECRET_ICEBERG },
		{ FLOE_DUCKDB_SECRET_DUCKLAKE, FLOE_DUCKDB_ATTACH_DUCKLAKE },
		{ FLOE_DUCKDB_ATTACH_DUCKLAKE, FLOE_DUCKDB_SECRET_DUCKLAKE },
	};
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(pairs); i++) {
		if (pairs[i][0] != kind ||
		    !floe_emit__duckdb_option_ok(v, pairs[i][1], NULL, name))
			continue;
		floe_buf_printf(out, "an option of %s, not of %s",
				kinds[pairs[i][1]].name, kinds[kind].name);
		return true;
	}
	return false;
}

static bool note_suggest(floe_buf *out, floe_duckdb_ver v,
			 const struct spec *sp, const char *name)
{
	const char *names[MAX_NAMES];
	size_t n = accepted(names, MAX_NAMES, sp, v);
	char *up = floe_xstrdup(name);
	for (char *p = up; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	const char *near = floe_str_suggest(up, names, n);
	if (near)
		floe_buf_printf(out, "did you mean '%s'?", near);
	free(up);
	return near != NULL;
}

bool floe_emit__duckdb_option_note(floe_buf *out, floe_duckdb_ver v,
			     floe_duckdb_kind kind, const char *provider,
			     const char *name)
{
	const struct spec *sp = find_spec(kind, provider);
	const struct opt *o = find_opt(sp, name);

	floe_buf_clear(out);
	if (!name || v >= FLOE_DUCKDB_NVER || kind >= FLOE_DUCKDB_NKIND)
		return false;
	if (!floe_emit__duckdb_kind_ok(v, kind)) {
		floe_buf_printf(out, "%s needs ", kinds[kind].name);
		put_versions(out, kinds[kind].versions);
		return true;
	}
	if (!sp) {
		floe_buf_puts(out, "unknown provider; expected one of: ");
		floe_emit__duckdb_provider_list(out, kind);
		return true;
	}
	if (o)
		return note_known(out, o, v);
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(misses); i++)
		if (misses[i].kind == kind && strcasecmp(misses[i].name, name) == 0) {
			floe_buf_puts(out, misses[i].note);
			return true;
		}
	return note_provider(out, v, kind, name) ||
	       note_sibling(out, v, kind, name) ||
	       note_suggest(out, v, sp, name);
}

/* ---- values ---- */

static bool value_applies(size_t i, floe_duckdb_kind kind,
			  const char *provider, const char *option)
{
	if (!provider)
		provider = kinds[kind].default_provider;
	return (values[i].kinds & (1u << kind)) &&
	       (!values[i].provider || same(values[i].provider, provider)) &&
	       strcasecmp(values[i].option, option) == 0;
}

/* Whether `word` (n bytes) is a value of the option on v; -1: free-valued. */
static int one_value_ok(floe_duckdb_ver v, floe_duckdb_kind kind,
			const char *provider, const char *option,
			const char *word, size_t n)
{
	int known = -1;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(values); i++) {
		if (!value_applies(i, kind, provider, option))
			continue;
		known = 0;
		if (strlen(values[i].value) == n &&
		    strncasecmp(values[i].value, word, n) == 0 &&
		    (values[i].ok & (1u << v)))
			return 1;
	}
	return known;
}

bool floe_emit__duckdb_value_ok(floe_duckdb_ver v, floe_duckdb_kind kind,
			  const char *provider, const char *option,
			  const char *value)
{
	if (kind >= FLOE_DUCKDB_NKIND || v >= FLOE_DUCKDB_NVER || !option)
		return false;
	if (!value)
		value = "";
	bool chain = strcasecmp(option, "CHAIN") == 0;
	const char *p = value;
	do {
		size_t n = chain ? strcspn(p, ";") : strlen(p);
		const char *w = p;
		size_t len = n;
		while (len && *w == ' ')
			w++, len--;
		while (len && w[len - 1] == ' ')
			len--;
		if (one_value_ok(v, kind, provider, option, w, len) == 0)
			return false;
		p += n;
	} while (*p++ == ';');
	return true;
}

void floe_emit__duckdb_value_list(floe_buf *out, floe_duckdb_ver v,
			    floe_duckdb_kind kind, const char *provider,
			    const char *option)
{
	size_t start = out->len;
	for (size_t i = 0; kind < FLOE_DUCKDB_NKIND && v < FLOE_DUCKDB_NVER &&
			   option && i < FLOE_ARRAY_SIZE(values); i++)
		if (value_applies(i, kind, provider, option) &&
		    (values[i].ok & (1u << v)))
			floe_buf_printf(out, "%s%s", out->len > start ? ", " : "",
					values[i].value);
	if (out->len == start)
		floe_buf_puts(out, "");
}

bool floe_emit__duckdb_setting_startup_only(const char *name)
{
	return name && strcasecmp(name, "ALLOW_UNSIGNED_EXTENSIONS") == 0;
}
