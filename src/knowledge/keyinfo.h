/*
 * keyinfo.h - what the knowledge files say about a key value or a variable name: the mask a key is shown by (its
 * family's prefix), whether a variable holds a model API key (a provider's key variable), whether a value looks
 * like a working credential (not a listed placeholder nor Hermes's no-key words). The half of secret.h that
 * needs kb.h, kept apart so the knowledge loader can use secret.h's scrubbing.
 *
 * Ownership: returned strings are the caller's to free.
 */
#ifndef QW_KEYINFO_H
#define QW_KEYINFO_H

#include <stdbool.h>

#include "kb.h"

/* "sk-sp-…3f9a": the family prefix (or nothing) and the last 4 characters; a short key shows no tail at all. */
char *qw_mask(const qw_kb *kb, const char *key);

/* A variable that holds a model API key (…_API_KEY, …_AUTH_TOKEN, or a Hermes provider key variable). */
bool qw_is_api_key_name(const qw_kb *kb, const char *name);

/* A value that looks like a working credential, as a committed one would leak: at least 16 characters, letters
 * and digits mixed as random strings mix them, and none of the forms that are not secrets (a listed placeholder,
 * Hermes's no-key words, words such as "your-key-here", a ${VAR} reference, a sha256: fingerprint, a URL, a path). */
bool qw_looks_like_real_key(const qw_kb *kb, const char *value);

#endif
