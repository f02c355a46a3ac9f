/* fs.h - reading files, and glob matching. */
#ifndef KR_UTIL_FS_H
#define KR_UTIL_FS_H

#include <stddef.h>

/* Largest input file krewlint reads; larger ones become a diagnostic. */
#define KR_MAX_FILE_SIZE (64u * 1024u * 1024u)

/* Reads a whole file. Returns 0, or KR_EIO (errno text in *err_out, static)
 * or KR_ELIMIT (file too large). *out is NUL-terminated; caller frees. */
int kr_fs_read(char **out, size_t *len_out, const char *path, const char **err_out);

/* Glob match of a slash-separated path: `*` (not '/'), `?`, `[...]`, `**`
 * (any number of directories, `**\/x` also matches `x`). Returns 1 on match. */
int kr_glob_match(const char *pattern, const char *path);

/* Levenshtein distance between two short names (for "did you mean"); names
 * longer than 64 bytes count as 99, far from anything. */
size_t kr_edit_distance(const char *a, const char *b);

/* 1 when the path names a directory. */
int kr_fs_is_dir(const char *path);

#endif
