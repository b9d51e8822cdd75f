/*
 * embedded.h - files compiled into the binary by cmake/embed.cmake: the knowledge files of rules/ (kb.c) and the
 * rule examples of testdata/examples/ (doc.c). Each table is sorted by name; its data is NUL-terminated.
 */
#ifndef QW_EMBEDDED_H
#define QW_EMBEDDED_H

#include <stddef.h>

typedef struct qw_embedded_file {
	const char *name; /* the path relative to the embedded folder */
	const unsigned char *data;
	size_t len;
} qw_embedded_file;

extern const qw_embedded_file qw_embedded_rules[];
extern const size_t qw_embedded_rules_count;
extern const qw_embedded_file qw_embedded_examples[];
extern const size_t qw_embedded_examples_count;

#endif
