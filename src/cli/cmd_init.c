/* cmd_init.c - `krewlint init [OPTIONS] [PATH]`: a commented starter
 * .krewlint.yml for the repository at PATH (src/init.c writes the text). */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void init_usage(FILE *f)
{
    fputs("Usage: krewlint init [OPTIONS] [PATH]\n"
          "Write a commented starter .krewlint.yml for the repository at PATH (default: .):\n"
          "the formats found, the checksheet items that apply, and guessed parameters.\n\n"
          "Options:\n"
          "  -o, --output FILE   write to FILE ('-': standard output; default: PATH/.krewlint.yml)\n"
          "      --force         overwrite an existing file\n"
          "      --rules DIR     load rules from DIR (repeatable; default: the bundled rules)\n"
          "  -h, --help          show this help and exit\n",
          f);
}

/* PATH/.krewlint.yml ("." adds no prefix); malloc'ed. */
static char *default_target(const char *root)
{
    kr_buf b;
    kr_buf_init(&b, 0);
    if (strcmp(root, ".") == 0)
        kr_buf_puts(&b, KR_CONFIG_NAME);
    else
        kr_buf_printf(&b, "%s%s%s", root, root[strlen(root) - 1] == '/' ? "" : "/", KR_CONFIG_NAME);
    return kr_buf_detach(&b);
}

int kr_cmd_init(int argc, char **argv, const char *argv0)
{
    kr_cli c = {.cmd = KR_CMD_INIT, .name = "init", .argv0 = argv0, .usage = init_usage};
    kr_engine *e = NULL;
    char *target = NULL;
    kr_diags d;
    kr_diags_init(&d);
    kr_buf text;
    kr_buf_init(&text, 0);
    int status = kr_cli_parse(&c, argc, argv);
    if (status >= 0)
        goto out;
    status = KR_EXIT_TROUBLE;
    if (c.nargs > 1) {
        status = kr_cli_usage_error("init takes one PATH, not %zu", c.nargs);
        goto out;
    }
    const char *root = c.nargs ? c.args[0] : ".";
    /* the rules only: the configuration is what init is about to write */
    c.engine.no_config = true;
    c.engine.what = "written";
    e = kr_engine_new(&c.engine);
    if (kr_engine_load(e) != 0 || kr_engine_prepare_sources(e) != 0)
        goto out;
    kr_init_generate(&text, kr_engine_rules(e), root, &d);
    const char *output = c.output;
    if (!output)
        output = target = default_target(root);
    bool to_stdout = strcmp(output, "-") == 0;
    if (!to_stdout && !c.force && access(output, F_OK) == 0) {
        fprintf(stderr, "krewlint: %s exists; use --force to overwrite it\n", output);
        goto out;
    }
    FILE *f = to_stdout ? stdout : fopen(output, "w");
    if (!f) {
        fprintf(stderr, "krewlint: cannot write '%s': %s\n", output, strerror(errno));
        goto out;
    }
    bool ok = fwrite(kr_buf_cstr(&text), 1, text.len, f) == text.len && !text.failed;
    if (kr_cli_close_output(f) != 0)
        ok = false;
    if (!ok) {
        fprintf(stderr, "krewlint: cannot write '%s'\n", to_stdout ? "standard output" : output);
        goto out;
    }
    if (!to_stdout)
        fprintf(stderr, "krewlint: wrote %s\n", output);
    status = KR_EXIT_CLEAN;

out:
    kr_buf_dispose(&text);
    kr_engine_free(e);
    kr_diags_dispose(&d);
    kr_cli_dispose(&c);
    free(target);
    return status;
}
