/* parse_only.c - the benchmark's baseline (bench/bench_js.sh, not a test):
 * read each file named in LIST (one path a line) and parse it with
 * tree-sitter-javascript, one file at a time on one thread, as krewlint -j1
 * does before it runs its queries. Prints "files bytes nodes-of-root". */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_javascript(void);

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: parse_only LIST\n");
        return 2;
    }
    FILE *list = fopen(argv[1], "r");
    if (!list) {
        perror(argv[1]);
        return 2;
    }
    TSParser *p = ts_parser_new();
    ts_parser_set_language(p, tree_sitter_javascript());
    char *line = NULL;
    size_t cap = 0, files = 0, bytes = 0, children = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, list)) > 0) {
        if (line[got - 1] == '\n') line[got - 1] = '\0';
        size_t len = 0;
        char *data = slurp(line, &len);
        if (!data) {
            perror(line);
            continue;
        }
        TSTree *t = ts_parser_parse_string(p, NULL, data, (uint32_t)len);
        children += ts_node_child_count(ts_tree_root_node(t));
        ts_tree_delete(t);
        free(data);
        files++;
        bytes += len;
    }
    free(line);
    fclose(list);
    ts_parser_delete(p);
    printf("%zu %zu %zu\n", files, bytes, children);
    return 0;
}
