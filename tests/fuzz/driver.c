/* driver.c - replays fuzz inputs through a target without libFuzzer.
 *
 *   fuzz_replay_<target> [--max-seconds N] [PATH...]
 *
 * Every PATH that is a file is one input; every PATH that is a folder
 * contributes its files (recursively, sorted, dot-files skipped). Without a
 * PATH the folders compiled in as KR_FUZZ_DEFAULT_DIRS (the target's corpus
 * and crash reproducers, ':'-separated) are replayed. Each input is copied
 * into a buffer of exactly its size, so a sanitizer or valgrind build catches
 * a read past its end, and handed to LLVMFuzzerTestOneInput.
 *
 * Exit status: 0 when every input ran, 1 when an input could not be read or
 * ran longer than --max-seconds (a slow input is a bug too: libFuzzer calls it
 * a timeout), 2 on a usage error. A crash is the sanitizer's or the kernel's
 * business: the process dies and ctest reports the test as failed.
 *
 * Works with any C compiler: this is how ctest runs the corpora under gcc
 * (the fuzz.replay.<target> tests), and how a crash found by libFuzzer is
 * reproduced in a debugger.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fuzz.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/buf.h"

#ifndef KR_FUZZ_DEFAULT_DIRS
#define KR_FUZZ_DEFAULT_DIRS ""
#endif

/* Folders nested deeper than this are not entered (a symlink loop). */
#define MAX_WALK_DEPTH 16

typedef KR_ARRAY(char *) pathlist;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *dir, const char *name)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    kr_buf_puts(&b, dir);
    size_t n = strlen(dir);
    if (n == 0 || dir[n - 1] != '/') kr_buf_putc(&b, '/');
    kr_buf_puts(&b, name);
    return kr_buf_detach(&b);
}

/* Adds the files under dir to out (unsorted). Returns 0 or -1. */
static int walk(pathlist *out, const char *dir, unsigned depth)
{
    if (depth > MAX_WALK_DEPTH) return 0;
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char *full = join(dir, e->d_name);
        struct stat st;
        if (stat(full, &st) != 0) {
            free(full);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (walk(out, full, depth + 1) != 0) rc = -1;
            free(full);
        } else if (S_ISREG(st.st_mode)) {
            kr_array_push(out, full);
        } else {
            free(full);
        }
    }
    closedir(d);
    return rc;
}

static int add_path(pathlist *out, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        size_t first = out->len;
        int rc = walk(out, path, 0);
        if (out->len - first > 1)
            qsort(out->items + first, out->len - first, sizeof(char *), cmp_str);
        return rc;
    }
    kr_array_push(out, kr_xstrdup(path));
    return 0;
}

/* Reads a whole file into a malloc'ed buffer of exactly its size (one byte
 * for an empty file, never read). Returns 0 or -1. */
static int slurp(uint8_t **out, size_t *len, const char *path)
{
    int rc = -1;
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    FILE *f = fopen(path, "rb");
    if (!f) goto out;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            buf = kr_xrealloc(buf, cap);
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    if (ferror(f)) goto out;
    /* exact size: an over-read of the input is then an over-read of the heap block */
    uint8_t *exact = kr_xmalloc(n ? n : 1);
    if (n) memcpy(exact, buf, n);
    *out = exact;
    *len = n;
    rc = 0;
out:
    if (f) fclose(f);
    free(buf);
    return rc;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int status = 0;
    double max_seconds = 0;
    pathlist inputs = {0};
    int npaths = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--max-seconds") == 0 && i + 1 < argc) {
            char *end = NULL;
            errno = 0;
            max_seconds = strtod(argv[++i], &end);
            if (errno || end == argv[i] || *end || max_seconds < 0) {
                fprintf(stderr, "replay: --max-seconds wants a number, not '%s'\n", argv[i]);
                status = 2;
                goto out;
            }
        } else if (strcmp(argv[i], "--help") == 0 || (argv[i][0] == '-' && argv[i][1] != '\0')) {
            fprintf(stderr, "usage: %s [--max-seconds N] [PATH...]\n", argv[0]);
            status = 2;
            goto out;
        } else {
            npaths++;
            if (add_path(&inputs, argv[i]) != 0) status = 1;
        }
    }
    if (npaths == 0) {
        /* the compiled-in folders; a missing one (no crashes yet) is fine */
        char *dirs = kr_xstrdup(KR_FUZZ_DEFAULT_DIRS);
        char *p = dirs;
        while (p && *p) {
            char *colon = strchr(p, ':');
            if (colon) *colon = '\0';
            struct stat st;
            if (*p && stat(p, &st) == 0 && add_path(&inputs, p) != 0) status = 1;
            p = colon ? colon + 1 : NULL;
        }
        free(dirs);
    }

    LLVMFuzzerInitialize(&argc, &argv);
    size_t ran = 0;
    double slowest = 0;
    const char *slowest_path = "";
    for (size_t i = 0; i < inputs.len; i++) {
        uint8_t *data = NULL;
        size_t len = 0;
        if (slurp(&data, &len, inputs.items[i]) != 0) {
            fprintf(stderr, "replay: cannot read %s\n", inputs.items[i]);
            status = 1;
            continue;
        }
        double t0 = now();
        LLVMFuzzerTestOneInput(data, len);
        double dt = now() - t0;
        free(data);
        ran++;
        if (dt > slowest) {
            slowest = dt;
            slowest_path = inputs.items[i];
        }
        if (max_seconds > 0 && dt > max_seconds) {
            fprintf(stderr, "replay: %s took %.2f s (limit %.2f s)\n", inputs.items[i], dt,
                    max_seconds);
            status = 1;
        }
    }
    printf("replayed %zu inputs; slowest %.3f s (%s)\n", ran, slowest, slowest_path);
    if (ran == 0 && status == 0) {
        fprintf(stderr, "replay: no inputs\n");
        status = 1;
    }
out:
    for (size_t i = 0; i < inputs.len; i++) free(inputs.items[i]);
    kr_array_dispose(&inputs);
    return status;
}
