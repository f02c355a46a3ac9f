/* git.h - what pull-request mode needs from git: the files changed since the
 * merge base with a ref, and the lines changed in each. git runs as a child
 * process (posix_spawnp, no shell); paths are relative to the current folder.
 */
#ifndef KR_GIT_H
#define KR_GIT_H

#include <stddef.h>
#include "diag.h"
#include "util/buf.h"

/* kr_line_ranges - 1-based inclusive line ranges of a file that changed;
 * `all` is set for a file git does not track yet (every line is new). */
typedef struct kr_line_ranges {
    unsigned (*ranges)[2];
    size_t len;
    int all;
} kr_line_ranges;

/* Runs git with argv (argv[0] = "git"; no shell), its standard output captured
 * into out (capped by out's limit), standard input and error /dev/null.
 * Returns 0 when git exited 0, else -1 (not found, failed, output too big). */
int kr_git_run(kr_buf *out, char *const argv[]);

/* The merge base of REF and HEAD, as a commit id (caller frees). Returns 0,
 * or KR_ERROR with a diagnostic naming the ref. */
int kr_git_merge_base(char **out, const char *ref, kr_diags *diags);

/* Files added, copied, modified or renamed since `base` (committed, staged or
 * not), plus untracked files that are not ignored; relative to the current
 * folder, sorted, each malloc'ed (caller frees them and the array). */
int kr_git_changed_files(char ***out, size_t *count, const char *base, kr_diags *diags);

/* The lines of `path` changed since `base` (from `git diff -U0`). */
int kr_git_changed_lines(kr_line_ranges *out, const char *base, const char *path);
void kr_line_ranges_dispose(kr_line_ranges *self);
/* 1 when 1-based line `line` is in the ranges. */
int kr_line_ranges_has(const kr_line_ranges *self, unsigned line);

#endif
