/* fs.c - reading files and glob matching (see fs.h). */
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "common.h"
#include "util/alloc.h"

int kr_fs_read(char **out, size_t *len_out, const char *path, const char **err_out)
{
    *out = NULL;
    *len_out = 0;
    if (err_out) *err_out = NULL;
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        if (err_out) *err_out = strerror(errno);
        return KR_EIO;
    }
    int rc = KR_OK;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (err_out) *err_out = "Is a directory";
        rc = KR_EIO;
        goto out;
    }
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > KR_MAX_FILE_SIZE) {
        if (err_out) *err_out = "file is larger than the 64 MiB limit";
        rc = KR_ELIMIT;
        goto out;
    }
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
    close(fd);
    return rc;
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
