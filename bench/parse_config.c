/* parse_config.c - the baseline of bench/bench_config.sh (not a test): the
 * files a krewlint scan of PATH... reads (kr_scan_collect: the same walk,
 * skips and git-ignore handling), each read and parsed with kr_doc_load (the
 * same adapters and format detection), one at a time on one thread, and
 * nothing else: no rules, no evaluation, no suppressions, no report. The
 * difference to `krewlint -j1` is what evaluation and reporting cost.
 *
 *   parse_config [--repeat N] PATH...
 *
 * Prints "files F bytes B roots R failed X" (failed: files with a parse or
 * read diagnostic, which krewlint skips too).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc/doc.h"
#include "scan.h"
#include "util/fs.h"

int main(int argc, char **argv)
{
    int status = 0;
    long repeat = 1;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--repeat") == 0) {
        char *end = NULL;
        repeat = strtol(argv[2], &end, 10);
        if (!end || *end || repeat < 1 || repeat > 1000) {
            fprintf(stderr, "parse_config: --repeat wants 1..1000\n");
            return 2;
        }
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: parse_config [--repeat N] PATH...\n");
        return 2;
    }

    kr_diags diags;
    kr_diags_init(&diags);
    char **files = NULL;
    size_t nfiles = 0;
    if (kr_scan_collect(&files, &nfiles, (const char *const *)(argv + first), (size_t)(argc - first),
                        &diags) != 0) {
        kr_diags_print(&diags, stderr);
        status = 1;
        goto out;
    }

    size_t bytes = 0, roots = 0, failed = 0;
    for (long r = 0; r < repeat; r++) {
        bytes = roots = failed = 0;
        for (size_t i = 0; i < nfiles; i++) {
            char *data = NULL;
            size_t len = 0;
            const char *why = NULL;
            if (kr_fs_read(&data, &len, files[i], &why) != 0) {
                failed++;
                continue;
            }
            kr_diags fd;
            kr_diags_init(&fd);
            kr_doc doc;
            kr_doc_init(&doc, files[i], data, len);
            if (kr_doc_load(&doc, &fd) != 0) failed++;
            roots += doc.nroots;
            bytes += len;
            kr_doc_dispose(&doc);
            kr_diags_dispose(&fd);
            free(data);
        }
    }
    printf("files %zu bytes %zu roots %zu failed %zu\n", nfiles, bytes, roots, failed);
out:
    for (size_t i = 0; i < nfiles; i++) free(files[i]);
    free(files);
    kr_diags_dispose(&diags);
    return status;
}
