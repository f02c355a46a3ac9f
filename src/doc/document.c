/* document.c - the kr_doc container (doc.h): one file's bytes, its roots and,
 * for source code, its tree-sitter tree (ts/tree.h), which is why it sits
 * in the documents layer above the node model of doc.c. */
#include "doc/doc.h"

#include <string.h>

#include "ts/tree.h"

void kr_doc_init(kr_doc *self, const char *path, const char *data, size_t len)
{
    memset(self, 0, sizeof *self);
    self->arena = kr_arena_new();
    self->path = path;
    self->data = data;
    self->len = len;
}

void kr_doc_dispose(kr_doc *self)
{
    kr_ts_tree_free(self->source_tree);
    kr_arena_free(self->arena);
    memset(self, 0, sizeof *self);
}
