/* tree.c - parsing a source file with its tree-sitter grammar (tree.h). */
#include "ts/tree.h"

#include <stdlib.h>

#include "util/alloc.h"
#include "util/meter.h"

void kr_ts_use_meter(void)
{
    ts_set_allocator(kr_meter_malloc, kr_meter_calloc, kr_meter_realloc, kr_meter_free);
}

typedef struct string_input {
    const char *data;
    uint32_t len;
} string_input;

static const char *read_string(void *payload, uint32_t byte, TSPoint pos, uint32_t *nread)
{
    (void)pos;
    const string_input *in = payload;
    *nread = byte < in->len ? in->len - byte : 0;
    return byte < in->len ? in->data + byte : "";
}

/* Called by tree-sitter every 100 parse operations: gives up a parse whose
 * allocations went over the thread's meter (util/meter.h). */
static bool over_meter(TSParseState *state)
{
    (void)state;
    return kr_meter_over();
}

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
    string_input si = {data ? data : "", (uint32_t)len};
    TSInput in = {&si, read_string, TSInputEncodingUTF8, NULL};
    TSParseOptions opts = {NULL, over_meter};
    TSTree *t = ts_parser_parse_with_options(p, NULL, in, opts);
    ts_parser_delete(p);
    if (!t) return kr_meter_over() ? KR_ELIMIT : KR_EPARSE;
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
