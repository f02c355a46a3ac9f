/* git.c - pull-request mode helpers (see git.h). */
#include "git.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "common.h"
#include "util/alloc.h"
#include "util/buf.h"

extern char **environ;

/* Largest git output read (a diff of a huge file is cut, not buffered whole). */
#define GIT_MAX_OUTPUT (256u * 1024u * 1024u)

int kr_git_run(kr_buf *out, char *const argv[])
{
    int fds[2] = {-1, -1};
    posix_spawn_file_actions_t fa;
    int fa_ready = 0, rc = -1;
    pid_t pid = -1;

    if (pipe(fds) != 0) return -1;
    (void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    (void)fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    if (posix_spawn_file_actions_init(&fa) != 0) goto out;
    fa_ready = 1;
    if (posix_spawn_file_actions_adddup2(&fa, fds[1], 1) != 0 ||
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) != 0 ||
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0) != 0)
        goto out;
    if (posix_spawnp(&pid, "git", &fa, NULL, argv, environ) != 0) {
        pid = -1;
        goto out;
    }
    close(fds[1]);
    fds[1] = -1;
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fds[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        kr_buf_put(out, chunk, (size_t)n); /* past the cap: kept reading, not stored */
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            status = -1;
            break;
        }
    }
    pid = -1;
    if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && !out->failed) rc = 0;
out:
    if (pid > 0) {
        int st;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
        }
    }
    if (fds[0] >= 0) close(fds[0]);
    if (fds[1] >= 0) close(fds[1]);
    if (fa_ready) posix_spawn_file_actions_destroy(&fa);
    return rc;
}

/* argv helper: git wants char *const argv[], our strings are const. */
#define ARG(s) ((char *)(uintptr_t)(const void *)(s))

int kr_git_merge_base(char **out, const char *ref, kr_diags *diags)
{
    *out = NULL;
    kr_buf b;
    kr_buf_init(&b, 4096);
    char *argv[] = {ARG("git"), ARG("merge-base"), ARG(ref), ARG("HEAD"), NULL};
    int rc = kr_git_run(&b, argv);
    if (rc == 0) {
        size_t n = b.len;
        while (n && (b.ptr[n - 1] == '\n' || b.ptr[n - 1] == '\r')) n--;
        if (n == 0) rc = -1;
        else *out = kr_xstrndup(b.ptr, n);
    }
    if (rc != 0)
        kr_diags_add(diags, KR_SEV_ERROR, "", NULL, "git-error",
                     "--changed-since: no merge base between '%s' and HEAD (is this a git work tree, and is the ref fetched?)",
                     ref);
    kr_buf_dispose(&b);
    return rc == 0 ? KR_OK : KR_ERROR;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the NUL-separated entries of buf to *list. */
static void split_z(char ***list, size_t *len, size_t *cap, const kr_buf *b)
{
    for (size_t i = 0; i < b->len;) {
        size_t j = i;
        while (j < b->len && b->ptr[j] != '\0') j++;
        if (j > i) {
            if (*len == *cap) {
                *cap = *cap ? *cap * 2 : 16;
                *list = kr_xrealloc(*list, *cap * sizeof **list);
            }
            (*list)[(*len)++] = kr_xstrndup(b->ptr + i, j - i);
        }
        i = j + 1;
    }
}

int kr_git_changed_files(char ***out, size_t *count, const char *base, kr_diags *diags)
{
    char **list = NULL;
    size_t len = 0, cap = 0;
    kr_buf b;
    kr_buf_init(&b, GIT_MAX_OUTPUT);
    /* --relative: paths relative to the current folder, and only those under it. */
    char *diff[] = {ARG("git"), ARG("diff"), ARG("--name-only"), ARG("-z"), ARG("--relative"),
                    ARG("--no-renames"), ARG("--diff-filter=ACMR"), ARG(base), ARG("--"), NULL};
    char *untracked[] = {ARG("git"), ARG("ls-files"), ARG("-z"), ARG("--others"),
                         ARG("--exclude-standard"), NULL};
    int rc = KR_OK;
    if (kr_git_run(&b, diff) != 0) {
        kr_diags_add(diags, KR_SEV_ERROR, "", NULL, "git-error", "--changed-since: git diff against %s failed", base);
        rc = KR_ERROR;
        goto out;
    }
    split_z(&list, &len, &cap, &b);
    kr_buf_clear(&b);
    if (kr_git_run(&b, untracked) == 0) split_z(&list, &len, &cap, &b);
    if (len > 1) qsort(list, len, sizeof *list, cmp_str);
    /* Deduplicate. */
    size_t w = 0;
    for (size_t i = 0; i < len; i++) {
        if (w > 0 && strcmp(list[w - 1], list[i]) == 0) {
            free(list[i]);
            continue;
        }
        list[w++] = list[i];
    }
    len = w;
out:
    kr_buf_dispose(&b);
    *out = list;
    *count = len;
    return rc;
}

/* Parses "+c,d" of a hunk header "@@ -a,b +c,d @@"; d defaults to 1. */
static int parse_hunk(const char *p, unsigned *start, unsigned *count)
{
    const char *plus = strstr(p, " +");
    if (!plus) return -1;
    char *end;
    unsigned long s = strtoul(plus + 2, &end, 10);
    unsigned long c = 1;
    if (*end == ',') c = strtoul(end + 1, &end, 10);
    if (s > 0xFFFFFFFFul || c > 0xFFFFFFFFul) return -1;
    *start = (unsigned)s;
    *count = (unsigned)c;
    return 0;
}

int kr_git_changed_lines(kr_line_ranges *out, const char *base, const char *path)
{
    memset(out, 0, sizeof *out);
    kr_buf b;
    kr_buf_init(&b, GIT_MAX_OUTPUT);
    char *tracked[] = {ARG("git"), ARG("ls-files"), ARG("--error-unmatch"), ARG("--"), ARG(path), NULL};
    if (kr_git_run(&b, tracked) != 0) {
        out->all = 1; /* untracked: every line is new */
        kr_buf_dispose(&b);
        return KR_OK;
    }
    kr_buf_clear(&b);
    char *diff[] = {ARG("git"), ARG("diff"), ARG("-U0"), ARG("--no-color"), ARG("--no-ext-diff"),
                    ARG(base), ARG("--"), ARG(path), NULL};
    if (kr_git_run(&b, diff) != 0) {
        out->all = 1; /* be conservative: report everything rather than drop */
        kr_buf_dispose(&b);
        return KR_OK;
    }
    size_t cap = 0;
    const char *p = kr_buf_cstr(&b), *end = p + b.len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) nl = end;
        unsigned s, c;
        if (nl - p > 2 && p[0] == '@' && p[1] == '@' && parse_hunk(p, &s, &c) == 0 && c > 0) {
            if (out->len == cap) {
                cap = cap ? cap * 2 : 8;
                out->ranges = kr_xrealloc(out->ranges, cap * sizeof *out->ranges);
            }
            out->ranges[out->len][0] = s;
            out->ranges[out->len][1] = s + c - 1;
            out->len++;
        }
        p = nl + 1;
    }
    kr_buf_dispose(&b);
    return KR_OK;
}

void kr_line_ranges_dispose(kr_line_ranges *self)
{
    free(self->ranges);
    memset(self, 0, sizeof *self);
}

int kr_line_ranges_has(const kr_line_ranges *self, unsigned line)
{
    if (self->all) return 1;
    for (size_t i = 0; i < self->len; i++)
        if (line >= self->ranges[i][0] && line <= self->ranges[i][1]) return 1;
    return 0;
}
