/* fs.h - reading files, and glob matching. */
#ifndef KR_UTIL_FS_H
#define KR_UTIL_FS_H

#include <stddef.h>
#include <stdint.h>

/* Largest input file krewlint reads; larger ones become a diagnostic. */
#define KR_MAX_FILE_SIZE (64u * 1024u * 1024u)

/* Returned by kr_fs_read for a path that is not a regular file (a FIFO, a
 * device, a socket); *err_out then names the kind (kr_fs_kind_name). */
#define KR_ENOTREG (-7) /* next to the KR_E* codes of common.h */

/* Reads a whole regular file. Never blocks on a FIFO or a device: the path is
 * opened with O_NONBLOCK and anything but a regular file is refused
 * (KR_ENOTREG) before a byte is read. Returns 0, or KR_EIO (errno text in
 * *err_out, static), KR_ELIMIT (file too large) or KR_ENOTREG. *out is
 * NUL-terminated; caller frees. */
int kr_fs_read(char **out, size_t *len_out, const char *path, const char **err_out);

/* The same, but a FIFO or character device (a pipe the user passed on
 * purpose: `--files-from <(git diff --name-only)`, /dev/stdin) is read to
 * EOF, blocking as `cat` would. For lists of paths, never for inputs. */
int kr_fs_read_stream(char **out, size_t *len_out, const char *path, const char **err_out);

/* Reads an open descriptor (standard input: `krewlint -`) to EOF, blocking,
 * at most KR_MAX_FILE_SIZE bytes: past that it stops reading and returns
 * KR_ELIMIT. Returns 0 or KR_EIO (errno text in *err_out). *out is
 * NUL-terminated; caller frees. The descriptor is not closed. */
int kr_fs_read_fd(char **out, size_t *len_out, int fd, const char **err_out);

/* Source files saved as UTF-16 or UTF-32 (a BOM says which) are decoded to
 * UTF-8 in place: *data (from kr_fs_read) is replaced, the BOM dropped, and
 * *enc_out names the encoding ("UTF-16LE" ...; NULL for anything else, which
 * is left alone). Returns KR_EPARSE with *bad_out = the byte offset of the
 * first code unit that is not text: an unpaired surrogate, a truncated unit,
 * a code point over U+10FFFF, or a control character other than tab, LF, CR
 * and FF (binary junk after a BOM); *data is then unchanged. */
int kr_fs_decode_bom(char **data, size_t *len, const char **enc_out, size_t *bad_out);

/* "a FIFO (named pipe)", "a character device", ... for a st_mode. */
const char *kr_fs_kind_name(unsigned mode);

/* Glob match of a slash-separated path: `*` (not '/'), `?`, `[...]`, `**`
 * (any number of directories, `**\/x` also matches `x`). Returns 1 on match. */
int kr_glob_match(const char *pattern, const char *path);

/* 0 when kr_glob_match reads pattern as written; -1 with *why (static
 * text) for a pattern that is malformed or can never match a walked file:
 * an unclosed '[', a trailing '\\', a leading '/', a '..' part. */
int kr_glob_check(const char *pattern, const char **why);

/* Levenshtein distance between two short names (for "did you mean"); names
 * longer than 64 bytes count as 99, far from anything. */
size_t kr_edit_distance(const char *a, const char *b);

/* 1 when the path names a directory. */
int kr_fs_is_dir(const char *path);

#endif
