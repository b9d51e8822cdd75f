/* fuzz_dotenv.c - libFuzzer target for the .env reader (dotenv.c): any bytes as .env. */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_span(qw_span s, size_t len)
{
	FUZZ_CHECK(s.start <= s.end && s.end <= len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	qw_source *src = qw_source_from_memory(".env", (const char *)data, size);
	qw_dotenv *env = qw_dotenv_parse(src);
	int last_line = 0;
	for (size_t i = 0; i < env->nvars; i++) {
		const qw_envvar *v = &env->vars[i];
		check_span(v->key_span, src->len);
		check_span(v->value_span, src->len);
		check_span(v->line_span, src->len);
		FUZZ_CHECK(v->key && *v->key && v->env_value && v->hermes_value);
		/* the key text is the key span's bytes */
		FUZZ_CHECK(strlen(v->key) == v->key_span.end - v->key_span.start);
		FUZZ_CHECK(!memcmp(v->key, src->data + v->key_span.start, strlen(v->key)));
		FUZZ_CHECK(v->line > last_line && (size_t)v->line <= src->nlines);
		last_line = v->line;
		FUZZ_CHECK(qw_dotenv_get(env, v->key) != NULL);
	}
	for (size_t i = 0; i < env->nerrors; i++)
		FUZZ_CHECK(env->errors[i].failed && env->errors[i].offset <= src->len);
	qw_dotenv_free(env);
	qw_source_free(src);
	return 0;
}
