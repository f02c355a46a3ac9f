/* labels.c - the evaluator's words in English and Japanese, and the one
 * template filler every message goes through.
 *
 * A rule's message and each label below are templates: `{name}` is a slot
 * the caller fills (kr_eval__template asks its slot function), anything else
 * is copied. What a slot writes is not scanned again, so a value holding
 * braces stays as written. The English and Japanese forms of a label sit on
 * one row, so a translation is reviewed beside its original.
 */
#include <string.h>

#include "eval/eval_internal.h"

static const char *const labels[KR_L_COUNT][2] = {
    /*                       English                                   Japanese */
    [KR_L_ABSENT]         = {"absent", "未設定"},
    [KR_L_NONE]           = {"none", "該当なし"},
    [KR_L_UNKNOWN]        = {"unknown", "不明"},
    [KR_L_AFTER_APPLY]    = {"(known after apply)", "（apply 後に決定）"},
    [KR_L_NOT_TYPE]       = {" (not {type})", "（{type}として読めません）"},
    [KR_L_DEFAULT]        = {"absent (default {default})", "未設定（既定値 {default}）"},
    [KR_L_REL_WHOSE]      = {"{block}, whose {rleaf} is {ractual}", "{block}（{rleaf} が {ractual}）"},
    [KR_L_T_NUMBER]       = {"a number", "数値"},
    [KR_L_T_DURATION]     = {"a duration", "期間"},
    [KR_L_T_TLS]          = {"a TLS version", "TLS バージョン"},
    [KR_L_T_BOOL]         = {"a bool", "真偽値"},
    [KR_L_T_STRING]       = {"a string", "文字列"},
    /* an unknown verdict's message ({whether}: the rule's title, and the
     * resource when there is one, quoted) */
    [KR_L_WHETHER]        = {"cannot tell whether \"{title}\" holds", "「{title}」を満たすか判定できません"},
    [KR_L_WHETHER_RES]    = {"cannot tell whether \"{title}\" holds for {resource}",
                             "{resource} が「{title}」を満たすか判定できません"},
    [KR_L_UNK_NOTE]       = {"{whether}: {path} is `{expr}`; {note}",
                             "{whether}: {path} は `{expr}` です（{note}）"},
    [KR_L_UNK_EXPR]       = {"{whether}: {path} is the expression `{expr}`, which krewlint cannot resolve",
                             "{whether}: {path} は式 `{expr}` で、静的に解決できません"},
    [KR_L_UNK_AFTER_APPLY] = {"{whether}: {path} is known only after apply",
                              "{whether}: {path} は apply 後まで決まりません"},
    [KR_L_UNK_ABSENT]     = {"{whether}: {path} is not set, and the rule cannot decide without it",
                             "{whether}: {path} が未設定で、判定に必要な値がありません"},
    [KR_L_REL_UNK_BLOCK]  = {"{whether}: {rpath} of {block} is the expression `{rexpr}`, which krewlint "
                             "cannot resolve",
                             "{whether}: {block} の {rpath} は式 `{rexpr}` で、静的に解決できません"},
    [KR_L_REL_UNK_EXPR]   = {"{whether}: {rpath} is the expression `{rexpr}`, which krewlint cannot resolve",
                             "{whether}: {rpath} は式 `{rexpr}` で、静的に解決できません"},
    [KR_L_REL_UNK_PROVIDER] = {"{whether}: no provider \"{provider}\" block in this folder; a calling module "
                               "configures it",
                               "{whether}: このフォルダーに provider \"{provider}\" ブロックがなく、呼び出し元の"
                               "モジュールで設定されています"},
    [KR_L_REL_UNK_FORMAT] = {"{whether}: krewlint does not follow relations between resources in this format",
                             "{whether}: この形式ではリソース間の関係をたどりません"},
};

const char *kr_eval__label(kr_label id, kr_lang lang)
{
    if ((unsigned)id >= KR_L_COUNT) return "";
    return labels[id][lang == KR_LANG_JA ? 1 : 0];
}

void kr_eval__template(kr_buf *b, const char *tpl, kr_slot_fn slot, const void *ctx)
{
    for (const char *p = tpl; *p;) {
        if (*p == '{') {
            const char *end = strchr(p + 1, '}');
            if (end && slot(b, p + 1, (size_t)(end - p - 1), ctx)) {
                p = end + 1;
                continue;
            }
        }
        kr_buf_putc(b, *p++);
    }
}
