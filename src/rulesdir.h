/* rulesdir.h - where the bundled rule pack is. */
#ifndef KR_RULESDIR_H
#define KR_RULESDIR_H

/* $KREWLINT_RULES_DIR, then next to the executable (build tree: <src>/rules
 * via the compiled-in path; installed: <prefix>/share/krewlint/rules).
 * Returns a malloc'ed path or NULL (rulesdir.c). */
char *kr_default_rules_dir(const char *argv0);

#endif
