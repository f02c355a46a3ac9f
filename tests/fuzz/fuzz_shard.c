/* fuzz_shard.c - a shard's JSON result (`krewlint --shard I/N --format json`)
 * on any bytes, read as `krewlint merge` reads it (kr_shard_read, with the
 * bundled rules); then, for an accepted record, the checks and the merge.
 *
 * Checks: a refused file has an error diagnostic with a message; an
 * accepted record round-trips: written again (kr_shard_record_json inside
 * {"shard": ...}) it is read back, and writing that gives the same bytes;
 * the record given twice is refused with a message (a duplicated shard),
 * and so is a merge of another krewlint version; given once it is accepted
 * exactly when it is shard 1/1; a record of
 * 1/1 merged (kr_shard_merge) is written in every report format, and the
 * JSON, SARIF and XML outputs are well-formed (fuzz_common.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "shard.h"
#include "util/buf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    (void)kr_fuzz_bundled_rules();
    return 0;
}

/* The record of in, as the JSON report carries it. */
static void write_record(kr_buf *out, const kr_shard_input *in)
{
    kr_shard_record rec = {
        .spec = in->spec,
        .version = in->version,
        .rules_digest = in->rules_digest,
        .config_digest = in->config_digest,
        .units_digest = in->units_digest,
        .units = in->units,
        .policy = in->policy,
        .result = &in->result,
        .baselined = &in->baselined,
        .disabled = &in->disabled,
        .nbaselined = in->nbaselined,
    };
    kr_buf_puts(out, "{\n  \"shard\": ");
    kr_shard_record_json(out, &rec, 2);
    kr_buf_puts(out, "\n}\n");
}

static bool refused_with_message(const kr_diags *d)
{
    for (size_t i = 0; i < d->len; i++)
        if (d->items[i].severity == KR_SEV_ERROR && d->items[i].message &&
            d->items[i].message[0])
            return true;
    return false;
}

/* kr_shard_check's answer and whether it printed something. */
static int check(kr_shard_input *const *in, size_t n, const char *version, bool *said)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *err = open_memstream(&buf, &len);
    if (!err)
        abort();
    int rc = kr_shard_check(in, n, version, in[0]->rules_digest, err);
    fclose(err);
    *said = len > 0;
    free(buf);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > KR_FUZZ_MAX_INPUT)
        size = KR_FUZZ_MAX_INPUT;
    const kr_ruleset *rules = kr_fuzz_bundled_rules();
    kr_diags diags;
    kr_diags_init(&diags);
    kr_shard_input in;
    kr_shard_input_init(&in);
    int rc = kr_shard_read(&in, "shard.json", (const char *)data, size, rules, &diags);
    if (rc != 0 && !refused_with_message(&diags)) {
        fprintf(stderr, "fuzz_shard: refused (%d) without an error message\n", rc);
        kr_diags_print(&diags, stderr);
        abort();
    }
    if (rc == 0) {
        kr_buf w1, w2;
        kr_buf_init(&w1, 0);
        kr_buf_init(&w2, 0);
        write_record(&w1, &in);
        kr_shard_input again;
        kr_shard_input_init(&again);
        kr_diags d2;
        kr_diags_init(&d2);
        if (w1.failed || kr_shard_read(&again, "w.json", w1.ptr ? w1.ptr : "", w1.len, rules, &d2) != 0) {
            fprintf(stderr, "fuzz_shard: krewlint cannot read the record it wrote:\n%.*s\n",
                    (int)w1.len, w1.ptr ? w1.ptr : "");
            kr_diags_print(&d2, stderr);
            abort();
        }
        write_record(&w2, &again);
        if (w1.len != w2.len || (w1.len && memcmp(w1.ptr, w2.ptr, w1.len) != 0)) {
            fprintf(stderr, "fuzz_shard: write(read(write(r))) differs from write(r):\n%.*s\n---\n%.*s\n",
                    (int)w1.len, w1.ptr, (int)w2.len, w2.ptr);
            abort();
        }
        bool said = false;
        kr_shard_input *two[2] = {&in, &again};
        if (check(two, 2, in.version, &said) == 0 || !said) {
            fprintf(stderr, "fuzz_shard: a shard given twice is not refused with a message\n");
            abort();
        }
        kr_shard_input *one[1] = {&in};
        if (strcmp(in.version, "0.0.0-fuzz") != 0 &&
            (check(one, 1, "0.0.0-fuzz", &said) == 0 || !said)) {
            fprintf(stderr, "fuzz_shard: a shard of another version is not refused with a message\n");
            abort();
        }
        int c1 = check(one, 1, in.version, &said);
        bool whole = in.spec.index == 1 && in.spec.count == 1;
        if ((c1 == 0) != whole || (c1 != 0 && !said)) {
            fprintf(stderr, "fuzz_shard: shard %u/%u alone: check %d\n", in.spec.index,
                    in.spec.count, c1);
            abort();
        }
        if (whole) {
            kr_result merged;
            kr_result_init(&merged);
            kr_findings bl, dis;
            kr_findings_init(&bl);
            kr_findings_init(&dis);
            size_t nbl = 0;
            kr_shard_merge(&merged, &bl, &dis, &nbl, one, 1, rules);
            kr_fuzz_report_all(&merged, rules, in.policy.lang);
            kr_findings_dispose(&bl);
            kr_findings_dispose(&dis);
            kr_result_dispose(&merged);
        }
        kr_shard_input_dispose(&again);
        kr_diags_dispose(&d2);
        kr_buf_dispose(&w1);
        kr_buf_dispose(&w2);
    }
    kr_shard_input_dispose(&in);
    kr_diags_dispose(&diags);
    return 0;
}
