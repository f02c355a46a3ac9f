/* diag_lang.c - the diagnostics of a scan in Japanese (--lang ja).
 *
 * Diagnostics are written in English where they arise (adapters, the walk,
 * the resolvers, suppressions); under --lang ja the engine hands the scan's
 * diagnostics to kr_diags_localize once, after the scan. Each row below is
 * an English message pattern, `{}` standing for any text, and its Japanese
 * form, `{1}`... naming the texts in order. A message no row matches stays
 * in English (new diagnostics are added here as rows), and a localized
 * message matches no row again, so localizing twice changes nothing (a
 * shard's JSON already carries the Japanese text krewlint merge reprints).
 * Errors in krewlint's own inputs (.krewlint.yml, rule files, baselines,
 * attestations) are for the people who write them, like a compiler's, and
 * stay English.
 */
#include "diag.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"

typedef struct row {
    const char *code; /* NULL: any */
    const char *en, *ja;
} row;

static const row ROWS[] = {
    {"suppression-unused", "no rule named {} (did you mean {}?); the suppression is not applied",
     "{1} という名前のルールはありません（{2} の誤りではありませんか）。この抑制は適用されません"},
    {"suppression-unused", "no rule or checksheet item named {}; the suppression is not applied",
     "{1} という名前のルールやチェックシート項目はありません。この抑制は適用されません"},
    {"suppression-unused", "the suppression of {} applies to line {} and no finding of {} is there; remove it",
     "{1} の抑制は {2} 行目に適用されますが、そこに {3} の検出結果はありません。削除してください"},
    {"suppression-unused", "the suppression of {} applies to lines {} and no finding of {} is there; remove it",
     "{1} の抑制は {2} 行目に適用されますが、そこに {3} の検出結果はありません。削除してください"},
    {"suppression-expired", "the suppression of {} expired on {} (reason: {}); it is not applied",
     "{1} の抑制は {2} に期限切れになりました（理由: {3}）。適用されません"},
    {"suppression-invalid", "krewlint:ignore {} has no reason=\"...\"; a suppression must say why, so it is not applied",
     "krewlint:ignore {1} に reason=\"...\" がありません。抑制には理由が必要なため、適用されません"},
    {"suppression-refused", "{} (checksheet {}) is mandatory in the configuration: inline suppressions are not accepted for it",
     "{1}（チェックシート {2}）は設定で必須とされているため、インラインの抑制は受け付けません"},
    {"parse-error", "HCL: {}", "HCL の構文エラー: {1}"},
    {"parse-error", "YAML: {}", "YAML の構文エラー: {1}"},
    {"parse-error", "JSON: {}", "JSON の構文エラー: {1}"},
    {"duplicate-key", "duplicate key {} (first at line {} column {}); the first value is used",
     "キー {1} が重複しています（最初は {2} 行 {3} 列）。最初の値を使います"},
    {"encoding", "the file starts with a {} byte order mark but is not {} text (at byte {}: binary data, a broken surrogate pair or a control character); not scanned",
     "ファイルは {1} のバイトオーダーマークで始まりますが {2} のテキストではありません（{3} バイト目: バイナリデータ、壊れたサロゲートペアまたは制御文字）。スキャンしません"},
    {"cfn-parameter", "the value {} of parameter {} is not one of its AllowedValues; CloudFormation rejects the stack",
     "パラメータ {2} の値 {1} は AllowedValues のいずれでもありません。CloudFormation はこのスタックを拒否します"},
    {"cfn-nested", "nested stack {} is not followed: its TemplateURL {} is known only at deploy; its resources are not checked here",
     "ネストされたスタック {1} はたどりません: TemplateURL {2} はデプロイ時にしか決まらないため、そのリソースはここでは検査しません"},
    {"cfn-nested", "nested stack {} is not followed: its TemplateURL {} is a URL, which CloudFormation reads at deploy (krewlint does not fetch it); its resources are not checked here",
     "ネストされたスタック {1} はたどりません: TemplateURL {2} は CloudFormation がデプロイ時に読む URL で、krewlint は取得しないため、そのリソースはここでは検査しません"},
    {"limit", "nested stack {} deploys {}, which is already being deployed above it (a cycle); not followed",
     "ネストされたスタック {1} は上位ですでにデプロイ中の {2} をデプロイします（循環）。たどりません"},
    {"terraform-cycle", "locals refer to each other: {} ({} is at {}); their values stay unknown",
     "local 同士が循環して参照しています: {1}（{2} は {3}）。これらの値は不明のままです"},
    {"module-source", "{}: source {} is not downloaded (no entry in .terraform/modules/modules.json); run terraform init so krewlint can check the module's resources with this call's inputs",
     "{1}: source {2} はダウンロードされていません（.terraform/modules/modules.json に記録がありません）。terraform init を実行すると、この呼び出しの入力でモジュールのリソースを検査できます"},
    {"helm-template", "a Go template ({{ ... }}), not YAML, so it is not scanned; if it is a Helm chart's, scan what the chart renders: helm template CHART | krewlint -",
     "YAML ではなく Go テンプレート（{{ ... }}）のため、スキャンしません。Helm チャートのものであれば、チャートの出力をスキャンしてください: helm template CHART | krewlint -"},
    {"helm-chart", "a Helm chart: the {} template under {} is a Go template, not YAML, and is not scanned; scan what the chart renders: helm template {} | krewlint -",
     "Helm チャート: {2} の {1} 個のテンプレートは YAML ではなく Go テンプレートのため、スキャンしません。チャートの出力をスキャンしてください: helm template {3} | krewlint -"},
    {"helm-chart", "a Helm chart: the {} templates under {} are Go templates, not YAML, and are not scanned; scan what the chart renders: helm template {} | krewlint -",
     "Helm チャート: {2} の {1} 個のテンプレートは YAML ではなく Go テンプレートのため、スキャンしません。チャートの出力をスキャンしてください: helm template {3} | krewlint -"},
    {"symlink-outside", "symbolic link to a file outside the scanned tree, not followed (--follow-symlinks reads it)",
     "スキャン対象の外にあるファイルへのシンボリックリンクのため、たどりません（--follow-symlinks で読みます）"},
    {"broken-symlink", "symbolic link loop, not followed", "シンボリックリンクが循環しているため、たどりません"},
    {"broken-symlink", "dangling symbolic link (its target does not exist), not scanned",
     "リンク先が存在しないシンボリックリンクのため、スキャンしません"},
    {"broken-symlink", "symbolic link that cannot be followed ({}), not scanned",
     "たどれないシンボリックリンク（{1}）のため、スキャンしません"},
    {"not-regular", "{}, not scanned (krewlint reads regular files only)",
     "{1} のため、スキャンしません（krewlint が読むのは通常のファイルだけです）"},
    {"unsupported-format", "not a format krewlint reads (Terraform, CloudFormation, Kubernetes, serverless, YAML/JSON configuration or JavaScript/TypeScript/Python/Go source), not scanned",
     "krewlint が読む形式（Terraform、CloudFormation、Kubernetes、serverless、YAML/JSON の設定、JavaScript/TypeScript/Python/Go のソース）ではないため、スキャンしません"},
    {"memory", "exceeds --max-memory: scanning {} needed more than {} MiB",
     "--max-memory を超えました: スキャンに {2} MiB より多くのメモリが必要でした（{1}）"},
    {"limit", "the file ({} MiB) would need about {} MiB to scan, over the {} MiB memory budget (--max-memory); not scanned",
     "このファイル（{1} MiB）のスキャンには約 {2} MiB が必要で、メモリ予算 {3} MiB（--max-memory）を超えるため、スキャンしません"},
};

/* Matches msg against pattern en ({} = any text, leftmost shortest); the
 * texts go to cap/caplen (at most 9). */
static bool match(const char *msg, const char *en, const char **cap, size_t *caplen, int *ncap)
{
    *ncap = 0;
    const char *p = en, *m = msg;
    const char *hole = strstr(p, "{}");
    size_t lit = hole ? (size_t)(hole - p) : strlen(p);
    if (strncmp(m, p, lit) != 0) return false;
    m += lit;
    p += lit;
    while (*p) {
        /* p is at "{}" */
        p += 2;
        hole = strstr(p, "{}");
        lit = hole ? (size_t)(hole - p) : strlen(p);
        if (*ncap >= 9) return false;
        const char *at;
        if (!hole) {
            /* the last literal ends the message */
            size_t ml = strlen(m);
            if (ml < lit || strcmp(m + ml - lit, p) != 0) return false;
            at = m + ml - lit;
        } else {
            if (lit == 0) return false; /* two holes in a row: ambiguous */
            char *lp = kr_xstrndup(p, lit);
            at = strstr(m, lp);
            free(lp);
            if (!at) return false;
        }
        if (at == m) return false; /* a hole holds some text */
        cap[*ncap] = m;
        caplen[(*ncap)++] = (size_t)(at - m);
        m = at + lit;
        p += lit;
    }
    return *m == '\0';
}

static char *render(const char *ja, const char **cap, const size_t *caplen, int ncap)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    for (const char *p = ja; *p;) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}' && p[1] - '1' < ncap) {
            int k = p[1] - '1';
            kr_buf_put(&b, cap[k], caplen[k]);
            p += 3;
            continue;
        }
        kr_buf_putc(&b, *p++);
    }
    return kr_buf_detach(&b);
}

void kr_diags_localize(kr_diags *self, kr_lang lang)
{
    if (!self || lang != KR_LANG_JA) return;
    for (size_t i = 0; i < self->len; i++) {
        kr_diag *d = &self->items[i];
        if (!d->message) continue;
        for (size_t r = 0; r < sizeof ROWS / sizeof ROWS[0]; r++) {
            if (ROWS[r].code && (!d->code || strcmp(ROWS[r].code, d->code) != 0)) continue;
            const char *cap[9];
            size_t caplen[9];
            int ncap;
            if (!match(d->message, ROWS[r].en, cap, caplen, &ncap)) continue;
            char *ja = render(ROWS[r].ja, cap, caplen, ncap);
            if (ja) {
                free(d->message);
                d->message = ja;
            }
            break;
        }
    }
}
