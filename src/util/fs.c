/* fs.c - reading files and glob matching (see fs.h). */
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "common.h"
#include "util/alloc.h"

const char *kr_fs_kind_name(unsigned mode)
{
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    return "not a regular file";
}

/* Reads fd to EOF into a NUL-terminated buffer, at most KR_MAX_FILE_SIZE. */
static int read_fd(char **out, size_t *len_out, int fd, const char **err_out)
{
    int rc = KR_OK;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    /* Read until EOF: sizes from stat can lie (pipes, /proc, growing files). */
    for (;;) {
        if (cap - len < 4096) {
            cap = cap ? cap * 2 : 65536;
            if (cap > (size_t)KR_MAX_FILE_SIZE + 65536) cap = (size_t)KR_MAX_FILE_SIZE + 65536;
            buf = kr_xrealloc(buf, cap + 1);
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (err_out) *err_out = strerror(errno);
            rc = KR_EIO;
            goto out;
        }
        if (n == 0) break;
        len += (size_t)n;
        if (len > KR_MAX_FILE_SIZE) {
            if (err_out) *err_out = "file is larger than the 64 MiB limit";
            rc = KR_ELIMIT;
            goto out;
        }
    }
    if (!buf) buf = kr_xmalloc(1);
    buf[len] = '\0';
    *out = buf;
    *len_out = len;
    buf = NULL;
out:
    free(buf);
    return rc;
}

static int fs_read(char **out, size_t *len_out, const char *path, const char **err_out, bool stream)
{
    *out = NULL;
    *len_out = 0;
    if (err_out) *err_out = NULL;
    /* O_NONBLOCK: opening a FIFO without a writer (or a tty, a device) must
     * not wait; it is dropped again below for what is read. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        if (err_out) *err_out = strerror(errno);
        return KR_EIO;
    }
    int rc = KR_OK;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        if (err_out) *err_out = strerror(errno);
        rc = KR_EIO;
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        if (err_out) *err_out = "Is a directory";
        rc = KR_EIO;
        goto out;
    }
    if (!S_ISREG(st.st_mode) && !(stream && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)))) {
        if (err_out) *err_out = kr_fs_kind_name((unsigned)st.st_mode);
        rc = KR_ENOTREG;
        goto out;
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > KR_MAX_FILE_SIZE) {
        if (err_out) *err_out = "file is larger than the 64 MiB limit";
        rc = KR_ELIMIT;
        goto out;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    rc = read_fd(out, len_out, fd, err_out);
out:
    close(fd);
    return rc;
}

int kr_fs_read(char **out, size_t *len_out, const char *path, const char **err_out)
{
    return fs_read(out, len_out, path, err_out, false);
}

int kr_fs_read_stream(char **out, size_t *len_out, const char *path, const char **err_out)
{
    return fs_read(out, len_out, path, err_out, true);
}

int kr_fs_read_fd(char **out, size_t *len_out, int fd, const char **err_out)
{
    *out = NULL;
    *len_out = 0;
    if (err_out) *err_out = NULL;
    return read_fd(out, len_out, fd, err_out);
}

/* Appends code point c as UTF-8. */
static size_t put_utf8(char *o, uint32_t c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

int kr_fs_decode_bom(char **data, size_t *len, const char **enc_out, size_t *bad_out)
{
    const unsigned char *u = (const unsigned char *)*data;
    size_t n = *len;
    *enc_out = NULL;
    *bad_out = 0;
    int unit; /* 2 or 4 bytes */
    bool le;
    if (n >= 4 && u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0) {
        unit = 4, le = true, *enc_out = "UTF-32LE";
    } else if (n >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF) {
        unit = 4, le = false, *enc_out = "UTF-32BE";
    } else if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        unit = 2, le = true, *enc_out = "UTF-16LE";
    } else if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        unit = 2, le = false, *enc_out = "UTF-16BE";
    } else {
        return KR_OK; /* UTF-8 (with or without its BOM): read as is */
    }
    /* UTF-16 -> UTF-8 is at most 3 bytes per 2; UTF-32 at most 4 per 4. */
    char *out = kr_xmalloc(n / 2 * 3 + 1);
    size_t o = 0, i = (size_t)unit; /* the BOM is dropped: lines and columns
                                      * then count as in the UTF-8 file */
    size_t at = i; /* the code unit being decoded */
    while (i < n) {
        at = i;
        if (n - i < (size_t)unit) goto bad;
        uint32_t c;
        if (unit == 4) {
            c = le ? (uint32_t)u[i] | (uint32_t)u[i + 1] << 8 | (uint32_t)u[i + 2] << 16 | (uint32_t)u[i + 3] << 24
                   : (uint32_t)u[i + 3] | (uint32_t)u[i + 2] << 8 | (uint32_t)u[i + 1] << 16 | (uint32_t)u[i] << 24;
            if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) goto bad;
            i += 4;
        } else {
            c = le ? (uint32_t)u[i] | (uint32_t)u[i + 1] << 8 : (uint32_t)u[i + 1] | (uint32_t)u[i] << 8;
            if (c >= 0xDC00 && c <= 0xDFFF) goto bad; /* a low surrogate first */
            if (c >= 0xD800 && c <= 0xDBFF) {
                if (n - i < 4) goto bad;
                uint32_t d = le ? (uint32_t)u[i + 2] | (uint32_t)u[i + 3] << 8
                                : (uint32_t)u[i + 3] | (uint32_t)u[i + 2] << 8;
                if (d < 0xDC00 || d > 0xDFFF) goto bad;
                c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
                i += 2;
            }
            i += 2;
        }
        /* NUL and other C0 controls but tab, LF, CR, FF: binary junk after a
         * BOM, not text (it must not pass as an empty, clean file) */
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') goto bad;
        o += put_utf8(out + o, c);
    }
    out[o] = '\0';
    free(*data);
    *data = out;
    *len = o;
    return KR_OK;
bad:
    *bad_out = at;
    free(out);
    return KR_EPARSE;
}

int kr_fs_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Matches a bracket expression at *pp against c; advances *pp past ']'.
 * Returns 1 match, 0 no match, -1 malformed (treated as a literal '['). */
static int match_class(const char **pp, char c)
{
    const char *p = *pp + 1;
    int negate = 0, ok = 0;
    if (*p == '!' || *p == '^') {
        negate = 1;
        p++;
    }
    const char *start = p;
    while (*p && (*p != ']' || p == start)) {
        if (p[1] == '-' && p[2] && p[2] != ']') {
            if ((unsigned char)c >= (unsigned char)p[0] && (unsigned char)c <= (unsigned char)p[2]) ok = 1;
            p += 3;
        } else {
            if (*p == c) ok = 1;
            p++;
        }
    }
    if (*p != ']') return -1;
    *pp = p + 1;
    return ok != negate;
}

/* glob - whether pattern p matches all of s, in O(len(p) x len(s)) time and
 * O(len(p)) memory: the set of pattern positions alive after each character
 * of s is advanced one character at a time (as util/regex.c does for
 * regexes). The earlier backtracking matcher was exponential in the number
 * of '*': a suppression target such as "K*?*?*?...*" from a pull request
 * (src/suppress.c, found by fuzz_suppress) ran for minutes.
 *
 * Pattern elements: '*' (any run without '/'), '**' (any run; before '/' it
 * may also match nothing together with that '/': "**\/x" matches "x"), '?'
 * (one character but '/'), [class] (one character but '/'; a malformed class
 * is a literal '['), '\\x' (x itself), and literal bytes. */

/* Tokens of a glob pattern, by the position they start at. */
enum { G_LIT, G_ESC, G_ANY1, G_STAR, G_STAR2, G_STAR2_LOOP, G_CLASS, G_END };

/* gctx - one glob call: the pattern's tokens (kind and end, per start
 * position), two position sets with their lists, and the closure stack. */
typedef struct gctx {
    const char *p;
    size_t plen;
    unsigned char *kind;
    size_t *end;
    size_t *stack;
} gctx;

/* Adds position i and every position reachable from it without consuming a
 * character: past '*', and past '**' (also past "**\/" while '**' has
 * consumed nothing). */
static void glob_add(const gctx *g, unsigned char *on, size_t *list, size_t *n, size_t i)
{
    size_t sp = 0;
    g->stack[sp++] = i;
    while (sp) {
        size_t k = g->stack[--sp];
        if (k > g->plen || on[k]) continue;
        on[k] = 1;
        list[(*n)++] = k;
        switch (g->kind[k]) {
        case G_STAR2:
            if (g->p[k + 2] == '/') g->stack[sp++] = k + 3;
            g->stack[sp++] = k + 2;
            break;
        case G_STAR2_LOOP: g->stack[sp++] = k + 1; break;
        case G_STAR: g->stack[sp++] = k + 1; break;
        default: break;
        }
    }
}

static int glob(const char *p, const char *s)
{
    size_t plen = strlen(p);
    gctx g = {p, plen, kr_xmalloc(plen + 1), kr_xmalloc((plen + 1) * sizeof(size_t)),
              kr_xmalloc((2 * (plen + 1) + 1) * sizeof(size_t))};
    for (size_t i = 0; i < plen;) {
        size_t e = i + 1;
        unsigned char k = G_LIT;
        if (p[i] == '*' && p[i + 1] == '*') {
            g.kind[i + 1] = G_STAR2_LOOP;
            g.end[i + 1] = i + 2;
            k = G_STAR2, e = i + 2;
        } else if (p[i] == '*') {
            k = G_STAR;
        } else if (p[i] == '?') {
            k = G_ANY1;
        } else if (p[i] == '[') {
            const char *q = p + i;
            if (match_class(&q, '\0') >= 0) k = G_CLASS, e = (size_t)(q - p);
        } else if (p[i] == '\\' && p[i + 1]) {
            k = G_ESC, e = i + 2;
        }
        g.kind[i] = k;
        g.end[i] = e;
        i = e;
    }
    g.kind[plen] = G_END;
    /* two sets and their lists; every position is pushed at most twice per
     * closure ("**\/" pushes two), so the stack holds 2 (plen + 1) + 1 */
    unsigned char *on = kr_xcalloc(2 * (plen + 1), 1);
    size_t *lists = kr_xmalloc(2 * (plen + 1) * sizeof(size_t));
    unsigned char *on_cur = on, *on_nxt = on + plen + 1;
    size_t *cur = lists, *nxt = lists + plen + 1;
    size_t ncur = 0, nnxt = 0;
    glob_add(&g, on_cur, cur, &ncur, 0);
    for (; *s && ncur; s++) {
        char c = *s;
        nnxt = 0;
        for (size_t k = 0; k < ncur; k++) {
            size_t i = cur[k], to = (size_t)-1;
            switch (g.kind[i]) {
            case G_STAR2: to = i + 1; break;     /* '**' has consumed one */
            case G_STAR2_LOOP: to = i; break;
            case G_STAR: if (c != '/') to = i; break;
            case G_ANY1: if (c != '/') to = g.end[i]; break;
            case G_CLASS: {
                const char *q = p + i;
                if (match_class(&q, c) > 0 && c != '/') to = g.end[i];
                break;
            }
            case G_ESC: if (p[i + 1] == c) to = g.end[i]; break;
            case G_LIT: if (p[i] == c) to = g.end[i]; break;
            default: break;
            }
            if (to != (size_t)-1) glob_add(&g, on_nxt, nxt, &nnxt, to);
        }
        for (size_t k = 0; k < ncur; k++) on_cur[cur[k]] = 0;
        unsigned char *ts = on_cur;
        on_cur = on_nxt, on_nxt = ts;
        size_t *tl = cur;
        cur = nxt, nxt = tl;
        ncur = nnxt;
    }
    int ok = *s == '\0' && on_cur[plen];
    free(on);
    free(lists);
    free(g.kind);
    free(g.end);
    free(g.stack);
    return ok;
}

int kr_glob_check(const char *pattern, const char **why)
{
    *why = NULL;
    if (pattern[0] == '/') {
        *why = "globs are relative to the configuration's folder; a leading '/' matches nothing";
        return -1;
    }
    const char *seg = pattern;
    for (const char *p = pattern;; p++) {
        if (*p == '/' || *p == '\0') {
            if (p - seg == 2 && seg[0] == '.' && seg[1] == '.') {
                *why = "a '..' part matches nothing (files outside the configuration's folder are never walked)";
                return -1;
            }
            if (*p == '\0') break;
            seg = p + 1;
            continue;
        }
        if (*p == '\\') {
            if (p[1] == '\0') {
                *why = "a trailing '\\' escapes nothing";
                return -1;
            }
            p++;
            continue;
        }
        if (*p == '[') {
            const char *q = p;
            if (match_class(&q, 'a') < 0) {
                *why = "'[' opens a character class that is never closed with ']'";
                return -1;
            }
            p = q - 1;
        }
    }
    return 0;
}

int kr_glob_match(const char *pattern, const char *path)
{
    /* "./x" and "x" are the same file. */
    while (path[0] == '.' && path[1] == '/') path += 2;
    /* A pattern without '/' matches the file name in any folder (as in
     * .gitignore): "serverless.yml" matches "svc/serverless.yml". */
    if (!strchr(pattern, '/')) {
        const char *base = strrchr(path, '/');
        if (base && glob(pattern, base + 1)) return 1;
    }
    return glob(pattern, path);
}

size_t kr_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return 99;
    size_t prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            size_t m = sub < del ? sub : del;
            cur[j] = m < ins ? m : ins;
        }
        memcpy(prev, cur, sizeof(size_t) * (lb + 1));
    }
    return prev[lb];
}
