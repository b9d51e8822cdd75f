/*
 * settings.c - the rules about qwlint's own settings, whose findings the stages that read them report: QW901 an
 * unused `# qwlint: disable` comment (suppress.c), QW902 a wrong .qwlint.yaml setting (config.c). No check runs
 * here; the entries are the rules' documentation and identity.
 */
#include "common.h"

const qw_rule QW901 = {
	.id = "QW901", .name = "unused-suppression",
	.severity = QW_SEV_WARNING, .check = NULL, .fix = QW_FIX_SAFE,
	.summary = "a qwlint suppression comment suppresses nothing",
	.doc = "A `# qwlint: disable=QWnnn` comment whose rule has no finding on the line it applies to (the same "
	    "line, or the next line that is not blank or a comment), a `disable-file=` whose rule has no finding in "
	    "the file, a rule name that does not exist, or a `# qwlint:` comment that is not a directive. A stale "
	    "suppression would hide the next real finding there (suppress.c). Only comments count: `# qwlint:` inside "
	    "a value (a YAML block scalar or quoted string, a quoted .env value) is data; and a YAML file that does "
	    "not parse (QW001) gets no QW901, since its rules did not run.",
	.fixdoc = "--fix deletes a suppression none of whose rules is used (safe). A list in which only some rules "
	    "are unused is edited by hand.",
	.repair = "delete a suppression none of whose rules is used",
};

const qw_rule QW902 = {
	.id = "QW902", .name = "invalid-settings",
	.severity = QW_SEV_ERROR, .check = NULL, .fix = QW_FIX_NONE,
	.summary = "a .qwlint.yaml setting is unknown or has a wrong value",
	.doc = "qwlint's own settings file (found upward from each linted directory, or named by --config) has an "
	    "unknown key, a value of the wrong type, a rule that does not exist, or is not valid YAML. The setting is "
	    "ignored, so the run is not configured the way the file says (config.h).",
	.fixdoc = "By hand: the message names the known keys or values.",
};
