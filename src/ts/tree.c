/* tree.c - parsing a source file with its tree-sitter grammar (tree.h). */
#include "ts/tree.h"

#include <stdlib.h>

#include "util/alloc.h"

int kr_ts_parse(kr_ts_tree **out, kr_ts_lang lang, const char *data, size_t len)
{
    *out = NULL;
    const TSLanguage *L = kr_ts_lang_get(lang);
    if (!L) return KR_EINVALID;
    if (len > UINT32_MAX) return KR_ELIMIT;
    TSParser *p = ts_parser_new();
    if (!ts_parser_set_language(p, L)) {
        ts_parser_delete(p);
        return KR_EINVALID;
    }
    TSTree *t = ts_parser_parse_string(p, NULL, data ? data : "", (uint32_t)len);
    ts_parser_delete(p);
    if (!t) return KR_EPARSE;
    kr_ts_tree *self = kr_xcalloc(1, sizeof *self);
    self->tree = t;
    self->lang = lang;
    self->data = data ? data : "";
    self->len = len;
    *out = self;
    return 0;
}

void kr_ts_tree_free(kr_ts_tree *self)
{
    if (!self) return;
    ts_tree_delete(self->tree);
    free(self);
}

kr_ts_lang kr_ts_tree_lang(const kr_ts_tree *self) { return self->lang; }

bool kr_ts_tree_has_error(const kr_ts_tree *self)
{
    return ts_node_has_error(ts_tree_root_node(self->tree));
}
