/*
 * fuzz_sealed.c: the input is a sealed secrets file: parse it (libcyaml,
 * base64, entry checks), then try to open every entry with a fixed test
 * key.  Rejections are expected and silent; crashes, leaks and sanitizer
 * reports are the findings.  The seeds in corpus/sealed are sealed for
 * this key, so valid entries reach the binding checks.
 */
#include <stddef.h>
#include <stdint.h>
#include "floe/secrets.h"

/*
 * The fuzz key: the 32 bytes "floe-fuzz-test-key-not-a-secret!", public key
 * wqPTI5QhzZIBfhqNGaAd/8Ola1RtmfltOLtgK//5q2E=.  It protects nothing.
 */
static const char fuzz_key[] = "ZmxvZS1mdXp6LXRlc3Qta2V5LW5vdC1hLXNlY3JldCE=";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static floe_seal_key *key;
	floe_sealed *f = NULL;

	if (!key && floe_seal_key_parse(&key, fuzz_key, sizeof(fuzz_key) - 1) != 0)
		return 0;
	if (floe_sealed_parse(&f, "fuzz.sealed.yaml", (const char *)data, size) != 0)
		return 0;
	for (size_t i = 0; i < floe_sealed_count(f); i++) {
		const char *name, *k;
		floe_secret *s = NULL;
		floe_sealed_entry(f, i, &name, &k);
		floe_sealed_open(&s, f, key, name, k);
		floe_secret_free(s);
	}
	floe_sealed_free(f);
	return 0;
}
