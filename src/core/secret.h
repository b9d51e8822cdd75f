/*
 * secret.h - everything that touches a key's value without the knowledge files: fingerprints, which variable names
 * hold secrets, what is wrong with a key's characters, scrubbing key-shaped text out of messages and paths, and
 * marking secrets in a source. The masks that need the key families are in keyinfo.h.
 *
 * Ownership: returned strings are the caller's to free.
 */
#ifndef QW_SECRET_H
#define QW_SECRET_H

#include <stdbool.h>
#include <stddef.h>


/* "sha256:" + 16 hex of SHA-256(key): the form Hermes stores as secret_fingerprint in auth.json. */
char *qw_fingerprint(const char *key);
void qw_sha256(const void *data, size_t len, unsigned char out[32]);

/* Letters and digits mixed as random strings mix them (Shannon entropy above 3 bits a character over 16 or more):
 * "aaaa…1" and "sk-0000…" are not. */
bool qw_random_mix(const char *s, size_t n);

/* A variable or field whose value must never be printed (…_API_KEY, …_TOKEN, …_SECRET, api_key, …). */
bool qw_is_secret_name(const char *name);

/* Why a key value cannot be a working key, or NULL: a static description. *at receives the byte offset of the
 * first offending character. Placeholders are checked separately (qw_kb_placeholder / qw_kb_hermes_no_key). */
const char *qw_key_defect(const char *key, size_t *at);
/* The key's only defects are invisible characters (zero-width, BOM) that Hermes strips from os.environ values of
 * *_API_KEY/_TOKEN/_SECRET/_KEY variables (env_loader._sanitize_loaded_credentials). */
bool qw_key_only_invisible_defects(const char *key);

/* The last line of defence for text built from values that are not meant to hold keys (a model name, a URL path,
 * an error message): every key-shaped token (a known key prefix, 12+ characters) becomes "sk-…3f9a". Takes text
 * (malloc'd) and returns it, or a new string after freeing it. */
char *qw_scrub_keys(char *text);

/* Register as secrets, in text that may not parse, every value after a secret-named key (NAME=, name:, "name":)
 * and every token that starts with a known key prefix. */
#include "source.h"
void qw_mark_text_secrets(qw_source *src);
/* Register span, a value qwlint knows to be a key (a secret-named field, the key a request sends), as a secret:
 * a block scalar's header line (`|`, `>-`) is left out, its content lines are the value; a value that starts
 * with a ${VAR} reference registers only the defaults of its references (qw_mark_ref_defaults). */
void qw_mark_value_secret(qw_source *src, qw_span span);
/* Register the default of every ${NAME:-default} (also -, :=, =, :?, ?, :+, +) in [start, end) as a secret:
 * when the variable is unset, the default is the value sent. The reference's name stays visible. */
void qw_mark_ref_defaults(qw_source *src, size_t start, size_t end);
/* Register the key-shaped parts of the line at byte off, which no reader could parse (a .env line that is not NAME=VALUE): after a
 * secret-named first word without '=' (`ZAI_API_KEY <key>`, `set NAME -> <key>`), the rest of the line; and any
 * long random-looking token (a key pasted on a line of its own), which has no prefix to be known by. */
void qw_mark_broken_line(qw_source *src, size_t off);

/* A path as it may be printed: each component that is a key-shaped token (a known key prefix, 16 characters or
 * more with a digit, as a key pasted into a directory name) becomes its mask; other components are kept as they
 * are, so ordinary names are never mangled. The caller frees. */
char *qw_path_shown(const char *path);
/* An option value or a path the user typed, as an error message may echo it: qw_path_shown, and also every
 * component that looks like a random key without a known prefix (16+ characters, letters and digits, as random
 * strings mix them) is shown only by its length. The caller frees. */
char *qw_arg_shown(const char *arg);

#endif
