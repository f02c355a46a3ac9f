/* rulesdir.c - where the bundled rule pack is (kr_default_rules_dir).
 *
 * In order:
 *   1. $KREWLINT_RULES_DIR when set and not empty (returned as given: the
 *      loader reports it if it does not exist);
 *   2. <folder of the executable>/../share/krewlint/rules - the installed
 *      layout, wherever the prefix was moved to. The executable is found
 *      through /proc/self/exe, else argv[0] when it holds a '/';
 *   3. the compiled-in install folder (KREWLINT_INSTALL_RULES_DIR);
 *   4. the source tree's rules/ (KREWLINT_BUILD_RULES_DIR), for a binary run
 *      from its build folder.
 * The first that is a folder wins; NULL when none is.
 */
#include "rulesdir.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"

#ifndef KREWLINT_INSTALL_RULES_DIR
#define KREWLINT_INSTALL_RULES_DIR ""
#endif
#ifndef KREWLINT_BUILD_RULES_DIR
#define KREWLINT_BUILD_RULES_DIR ""
#endif

static bool is_dir(const char *path)
{
    struct stat st;
    return path[0] != '\0' && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The running executable: /proc/self/exe (absolute, no symlinks; *canonical
 * set), else argv0 when it names a path. malloc'ed, or NULL. */
static char *exe_path(const char *argv0, bool *canonical)
{
    char *path = NULL;
    size_t cap = 256;
    *canonical = false;
    while (cap <= 65536) {
        path = kr_xrealloc(path, cap);
        ssize_t n = readlink("/proc/self/exe", path, cap);
        if (n < 0)
            break;
        if ((size_t)n < cap) {
            path[n] = '\0';
            *canonical = path[0] == '/';
            if (*canonical)
                return path;
            break;
        }
        cap *= 2;
    }
    free(path);
    if (argv0 && strchr(argv0, '/'))
        return kr_xstrdup(argv0);
    return NULL;
}

/* "<folder of the executable>/../share/krewlint/rules", malloc'ed, or NULL.
 * From a canonical path the ".." is applied textually (/usr/bin/krewlint ->
 * /usr/share/krewlint/rules); from argv0 it is left to the kernel. */
static char *installed_rules_dir(const char *argv0)
{
    static const char tail[] = "share/krewlint/rules";
    bool canonical = false;
    char *exe = exe_path(argv0, &canonical);
    if (!exe)
        return NULL;
    char *slash = strrchr(exe, '/');    /* exe has a '/' by construction */
    size_t n = (size_t)(slash - exe);   /* exe[0..n) is its folder */
    size_t keep;
    const char *mid;
    if (canonical) {
        char *parent = n > 0 ? exe + n - 1 : exe;
        while (parent > exe && *parent != '/')
            parent--;
        keep = (size_t)(parent - exe);  /* "/usr/bin" -> "/usr", "/bin" -> "" */
        mid = "/";
    } else {
        keep = n;                       /* "./krewlint" -> ".", "/x" -> "" */
        mid = "/../";
    }
    size_t mlen = strlen(mid);
    char *out = kr_xmalloc(keep + mlen + sizeof(tail));
    memcpy(out, exe, keep);
    memcpy(out + keep, mid, mlen);
    memcpy(out + keep + mlen, tail, sizeof(tail));
    free(exe);
    return out;
}

char *kr_default_rules_dir(const char *argv0)
{
    const char *env = getenv("KREWLINT_RULES_DIR");
    if (env && env[0] != '\0')
        return kr_xstrdup(env);

    char *inst = installed_rules_dir(argv0);
    if (inst && is_dir(inst))
        return inst;
    free(inst);
    if (is_dir(KREWLINT_INSTALL_RULES_DIR))
        return kr_xstrdup(KREWLINT_INSTALL_RULES_DIR);
    if (is_dir(KREWLINT_BUILD_RULES_DIR))
        return kr_xstrdup(KREWLINT_BUILD_RULES_DIR);
    return NULL;
}
