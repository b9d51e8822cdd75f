/*
 * json_check.c - reads qwlint --format json from stdin and checks it with cJSON (an independent parser): valid
 * JSON, version 1, every finding has the documented fields with the documented types, summary counts agree.
 * Prints "json ok N" or the first problem; exit 1 on a problem.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
fail(const char *msg)
{
	printf("json_check: %s\n", msg);
	return 1;
}

int
main(void)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len - 1, stdin)) > 0) {
		len += n;
		if (len + 1 >= cap)
			buf = realloc(buf, cap *= 2);
	}
	if (!buf)
		return fail("out of memory");
	buf[len] = '\0';
	cJSON *root = cJSON_Parse(buf);
	free(buf);
	if (!root)
		return fail("not valid JSON");
	int rc = 0;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "version");
	const cJSON *fs = cJSON_GetObjectItemCaseSensitive(root, "findings");
	const cJSON *sum = cJSON_GetObjectItemCaseSensitive(root, "summary");
	if (!cJSON_IsNumber(v) || v->valueint != 1 || !cJSON_IsArray(fs) || !cJSON_IsObject(sum)) {
		cJSON_Delete(root);
		return fail("top level must be {version:1, findings:[], summary:{}}");
	}
	int counts[3] = {0, 0, 0};
	const cJSON *f;
	cJSON_ArrayForEach(f, fs)
	{
		static const char *const strs[] = {"rule", "name", "severity", "file", "message"};
		static const char *const nums[] = {"line", "column", "end_line", "end_column"};
		for (size_t i = 0; i < 5; i++)
			if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(f, strs[i])))
				rc = fail(strs[i]);
		for (size_t i = 0; i < 4; i++) {
			const cJSON *x = cJSON_GetObjectItemCaseSensitive(f, nums[i]);
			if (!cJSON_IsNumber(x) || x->valueint < 1)
				rc = fail(nums[i]);
		}
		if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(f, "trace")))
			rc = fail("trace");
		const cJSON *fix = cJSON_GetObjectItemCaseSensitive(f, "fix");
		if (!cJSON_IsNull(fix) && !cJSON_IsObject(fix))
			rc = fail("fix");
		const char *sev = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "severity"));
		if (sev && !strcmp(sev, "error"))
			counts[0]++;
		else if (sev && !strcmp(sev, "warning"))
			counts[1]++;
		else if (sev && !strcmp(sev, "info"))
			counts[2]++;
		else
			rc = fail("severity value");
	}
	const char *names[] = {"errors", "warnings", "infos"};
	for (int i = 0; i < 3; i++) {
		const cJSON *x = cJSON_GetObjectItemCaseSensitive(sum, names[i]);
		if (!cJSON_IsNumber(x) || x->valueint != counts[i])
			rc = fail("summary count disagrees with the findings");
	}
	if (!rc)
		printf("json ok %d\n", cJSON_GetArraySize(fs));
	cJSON_Delete(root);
	return rc;
}
