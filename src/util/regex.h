/* regex.h - krewlint's own regular expressions: linear time, bounded memory.
 *
 * Rule regexes come from the repository under scan (rule folders are as
 * untrusted as the Terraform in a pull request), so the engine must not be
 * a way to take the runner down. glibc's regcomp/regexec could: counted
 * repetition made regcomp allocate without bound, and back-references made
 * regexec exponential. This engine is a parser to a Thompson-NFA program
 * with a hard size cap and a Pike-VM-style matcher without captures:
 *
 *   - compiling costs O(pattern + program) time and memory, and a program
 *     is at most KR_REGEX_MAX_PROGRAM instructions: counted repetition
 *     expands (a{2,5} is five copies of a), so ((a{1,255}){1,255}){1,255}
 *     or (a{1,100}){1,100} are refused when compiled, not when matched;
 *   - matching costs O(len(text) x len(program)) time and O(len(program))
 *     memory, never backtracks, and cannot fail: every call answers.
 *
 * Syntax (rules/README.md, "Regular expressions"): POSIX extended regular
 * expressions as the rules used them under glibc, plus what rule authors
 * expect from RE2/PCRE:
 *   literals, .  [...] [^...] with ranges and [:alpha:] [:digit:] [:alnum:]
 *   [:upper:] [:lower:] [:space:] [:blank:] [:punct:] [:print:] [:graph:]
 *   [:cntrl:] [:xdigit:] [:word:]; ( ) (?: ) | * + ? {n} {n,} {n,m} {,m}
 *   (lazy forms *? +? ?? {..}? are accepted and mean the same: a match is
 *   a yes/no answer); ^ $ (start and end of the text only); \d \D \w \W
 *   \s \S \b \B \< \> \n \r \t \f \v and \ before any punctuation; a
 *   leading (?i) ignores ASCII case. Inside brackets a backslash escapes
 *   (\] \\ \- \d \s \w \n \t), as in RE2 and PCRE.
 * Refused, each with its offset: back-references (\1), lookaround (?= (?!
 * (?<, collating elements [. .] [= =], unknown escapes and classes, and
 * anything past the caps below.
 *
 * Text is read as UTF-8: . and [^...] consume one character; a byte that is
 * not valid UTF-8 is one character of its own that equals no literal.
 * \w \d \s and case folding are ASCII. . matches a newline (as POSIX does).
 * A search is unanchored unless the pattern says ^ or $.
 *
 * Thread safety: a compiled kr_regex is immutable; any number of threads
 * may match with it at once (each call has its own state). Nothing global.
 */
#ifndef KR_UTIL_REGEX_H
#define KR_UTIL_REGEX_H

#include <stdbool.h>
#include <stddef.h>

/* Limits. A pattern past any of them is refused at compile time. */
#define KR_REGEX_MAX_PATTERN 8192  /* bytes of pattern text */
#define KR_REGEX_MAX_PROGRAM 4096  /* NFA instructions after expansion */
#define KR_REGEX_MAX_REPEAT 1000   /* the largest n or m in {n,m} */
#define KR_REGEX_MAX_DEPTH 100     /* nested groups */

/* Flags for kr_regex_compile. */
#define KR_REGEX_ICASE 1u          /* ignore ASCII case (as a leading (?i)) */

typedef struct kr_regex kr_regex;

/* kr_regex_error - why a pattern was refused: the byte offset in the
 * pattern where the problem is, and a message without the pattern. */
typedef struct kr_regex_error {
    size_t offset;
    char message[160];
} kr_regex_error;

/* Compiles pattern[0..len). Returns 0 and *out (caller frees with
 * kr_regex_free), or KR_EINVALID (a syntax error or a refused feature) or
 * KR_ELIMIT (past a cap), with *out NULL and *err filled in. */
int kr_regex_compile(kr_regex **out, const char *pattern, size_t len, unsigned flags,
                     kr_regex_error *err);
void kr_regex_free(kr_regex *self);

/* Whether text[0..len) contains a match (NUL bytes are ordinary). */
bool kr_regex_search(const kr_regex *self, const char *text, size_t len);

/* Number of instructions of the compiled program (for tests and limits). */
size_t kr_regex_program_size(const kr_regex *self);

/* kr_regex_lits - literals a pattern cannot match without: every text the
 * pattern matches (searched, unanchored) contains one of items[0..n) as a
 * substring, compared ignoring ASCII case when icase. */
typedef struct kr_regex_lits {
    char **items;
    size_t *lens;
    size_t n;
    bool icase;
} kr_regex_lits;
/* Fills *out and returns 1 when the pattern has such literals (none empty);
 * 0, with *out empty, when it has none or is not read (regex_lits.c): the
 * caller must then assume the pattern matches anything. Dispose either way. */
int kr_regex_required(const char *pattern, size_t len, kr_regex_lits *out);
void kr_regex_lits_dispose(kr_regex_lits *self);

#endif
