/* tree.h - a source file parsed with its tree-sitter grammar.
 *
 * Part of the documents layer (docs/ARCHITECTURE.md): the document loader
 * (doc/detect.c) parses source code into a kr_ts_tree that the kr_doc owns;
 * the rules' queries (ts/query.h) run over it later. Each tree comes from
 * its own TSParser. Nothing is global.
 */
#ifndef KR_TS_TREE_H
#define KR_TS_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <tree_sitter/api.h>

#include "common.h"
#include "ts/lang.h"

/* kr_ts_tree - a parsed source file: the TSTree and the bytes it was parsed
 * from (borrowed: they must outlive the tree). */
typedef struct kr_ts_tree kr_ts_tree;

/* Makes tree-sitter allocate through util/meter.h's counting allocator, so
 * that parses count against the calling thread's meter. Call once at program
 * start, before any tree-sitter object exists and before threads start
 * (kr_process_init does); without it tree-sitter is not counted. */
void kr_ts_use_meter(void);

/* Parses data[0..len) as `lang`. Returns 0, KR_EINVALID (no such language),
 * KR_ELIMIT (len past UINT32_MAX, or the thread's meter went over its limit:
 * the parse is given up) or KR_EPARSE (the runtime gave up).
 * Syntax errors are not failures: tree-sitter recovers, and rules still run
 * on the rest of the file (kr_ts_tree_has_error tells). */
int kr_ts_parse(kr_ts_tree **out, kr_ts_lang lang, const char *data, size_t len);
void kr_ts_tree_free(kr_ts_tree *self);
kr_ts_lang kr_ts_tree_lang(const kr_ts_tree *self);
bool kr_ts_tree_has_error(const kr_ts_tree *self);

/* Semi-private: the fields, for the query runner (ts/query.c). */
struct kr_ts_tree {
    TSTree *tree;
    kr_ts_lang lang;
    const char *data; /* borrowed */
    size_t len;
};

#endif
