/*
 * vcs.h - what git says about the files being linted: tracked (with their text at HEAD and in the index),
 * ignored, or neither
 * (QW702 plaintext-secret-in-repo, QW703 dotenv-not-ignored).
 *
 * git itself answers (cat-file --batch for the file's text at HEAD and in the index; ls-files --others --ignored
 * --exclude-standard), so every .gitignore, .git/info/exclude and
 * core.excludesFile counts exactly as git counts it. It runs once per question per work tree, never per file,
 * and only for files inside a work tree: a home outside git costs a few stat() calls. When git is missing or
 * cannot read the work tree, the files stay QW_VCS_NONE and the two rules are silent (a note goes to stderr when
 * git ran and failed).
 *
 * Ownership: qw_vcs_annotate writes each source's `vcs`, `git_head` and `git_index` fields (freed with the
 * source) and may give a set a .gitignore source
 * (qw_set.gitignore), which qw_set_free frees; qw_vcs_ignore_line returns a string the caller frees.
 */
#ifndef QW_VCS_H
#define QW_VCS_H

#include "discover.h"

/* Mark every reported file of every set. */
void qw_vcs_annotate(qw_sets *sets);


#endif
