/* checksheet_git.c - the repository name and commit shown on a checksheet
 * (kr_checksheet_git_info), from git when it is there.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "git.h"
#include "diag.h"
#include "doc/doc.h"
#include "report/checksheet_internal.h"
#include "report/report.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/fs.h"

/* ---------------------------------------------------------------- git --- */

/* Runs `git -C dir ARG1 ARG2` and returns its first output line (malloc'ed),
 * or NULL when git is missing or fails. */
static char *git_line(const char *dir, const char *arg1, const char *arg2)
{
    kr_buf b;
    kr_buf_init(&b, 64 * 1024);
    char a_git[] = "git", a_c[] = "-C";
    char *a_dir = kr_xstrdup(dir), *a1 = kr_xstrdup(arg1), *a2 = kr_xstrdup(arg2);
    char *argv[] = {a_git, a_c, a_dir, a1, a2, NULL};
    char *result = NULL;
    if (kr_git_run(&b, argv) == 0) {
        size_t e = 0;
        while (e < b.len && b.ptr[e] != '\n' && b.ptr[e] != '\r') e++;
        if (e > 0) result = kr_xstrndup(b.ptr, e);
    }
    kr_buf_dispose(&b);
    free(a_dir);
    free(a1);
    free(a2);
    return result;
}

static char *basename_of(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    size_t s = n;
    while (s > 0 && path[s - 1] != '/') s--;
    return n > s ? kr_xstrndup(path + s, n - s) : kr_xstrdup(path);
}

/* dir made absolute (from the current folder), with "." and ".."
 * components resolved lexically. */
static char *absolute(const char *dir)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    if (dir[0] != '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) kr_buf_puts(&b, cwd);
        kr_buf_putc(&b, '/');
    }
    kr_buf_puts(&b, dir);
    const char *in = kr_buf_cstr(&b);
    char *out = kr_xmalloc(strlen(in) + 2);
    size_t o = 0;
    for (const char *p = in; *p;) {
        while (*p == '/') p++;
        const char *e = p;
        while (*e && *e != '/') e++;
        size_t n = (size_t)(e - p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--;
        } else {
            out[o++] = '/';
            memcpy(out + o, p, n);
            o += n;
        }
        p = e;
    }
    if (o == 0) out[o++] = '/';
    out[o] = '\0';
    kr_buf_dispose(&b);
    return out;
}

void kr_checksheet_git_info(char **repository, char **commit, const char *dir)
{
    if (!dir || !*dir) dir = ".";
    char *top = git_line(dir, "rev-parse", "--show-toplevel");
    if (top) {
        *repository = basename_of(top);
        free(top);
        *commit = git_line(dir, "rev-parse", "HEAD");
        if (!*commit) *commit = kr_xstrdup("(no commit yet)");
        return;
    }
    char *abs = absolute(dir);
    *repository = basename_of(abs);
    free(abs);
    *commit = kr_xstrdup("(not a git repository)");
}
