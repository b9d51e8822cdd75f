/*
 * placeholder.h - is a value a template placeholder, judged by its shape?
 *
 * A template (.env.example) and many committed files hold values meant to be replaced: `your_api_key_here`,
 * `your-azure-openai-endpoint`, `<your dashscope api key>`, `{YOUR API KEY}`, `sk-xxxxxxxx`, `sk-` alone,
 * `sk-...`, `changeme`, `change-me-in-production`, `replace_me`, an empty value. Such a value is "no key" (or "no
 * URL") yet, never a malformed key (QW105) or a malformed URL (QW204): the rules that judge a key's or a URL's
 * shape ask this predicate first.
 *
 * The shapes are template conventions, not vendor facts (they do not age with a vendor's documentation), so they
 * are code here. What a particular tool does with a particular placeholder is knowledge and stays data:
 * rules/keys.yaml `placeholders` (values Hermes sends verbatim) and `hermes_no_key` (values Hermes's
 * has_usable_secret() rejects) - qw_kb_placeholder() and qw_kb_hermes_no_key().
 *
 * The predicate is meant for values where a key, a secret or a URL must be. Words such as "example" or "none"
 * are placeholders there, and may be meaningful elsewhere.
 *
 * Ownership: nothing is allocated; the returned description is a static string.
 */
#ifndef QW_PLACEHOLDER_H
#define QW_PLACEHOLDER_H

#include <stdbool.h>

/* The shape that makes value a placeholder, as a short phrase for messages ("empty", "<…>", "{…}", "your_…",
 * "xxx…", "a key prefix alone", "…", "changeme"), or NULL when the value has none of the shapes. White space
 * around the value is ignored; quotes are not (pass the value as the reader delivers it, unquoted). */
const char *qw_placeholder_shape(const char *value);

/* qw_placeholder_shape(value) != NULL. An empty or all-blank value counts: callers that tell "not set" from
 * "set to a placeholder" test for empty first. */
bool qw_is_placeholder(const char *value);

#endif
