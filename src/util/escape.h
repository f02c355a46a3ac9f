/* escape.h - escaping by construction: one function per output kind.
 *
 * Every writer passes each string it did not spell itself (paths, messages,
 * notes, titles, rule and catalog texts, source lines) through the function
 * of its output kind, and nothing else writes such strings. Together they
 * guarantee, for every output:
 *
 * - no *hidden* character reaches it raw: C0 controls (each kind keeps the
 *   whitespace its syntax gives a meaning), DEL, C1 controls (U+0080-U+009F),
 *   the bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E,
 *   U+2066-U+2069) and the line/paragraph separators U+2028, U+2029;
 * - no invalid UTF-8 reaches it: the output is always valid UTF-8;
 * - the kind's own syntax cannot be forged (a message cannot end a JSON
 *   string, open an HTML element, start a workflow command, split a table
 *   cell or start a spreadsheet formula).
 *
 * Where a hidden character or an invalid byte is written in a form people
 * read (terminal text, Markdown, CSV, XML, HTML, workflow-command messages),
 * each of its bytes is shown as `\xNN` (lower-case hex), the notation of the
 * text writer: a reader sees exactly which bytes a file name holds. JSON
 * writes hidden characters as \uXXXX escapes (lossless) and an invalid byte
 * as U+FFFD; the JSON writers add a lossless `file_bytes` (kr_escape_uri)
 * for a file name that is not valid UTF-8, and SARIF's URIs and the GitHub
 * writer's file= property use the same percent-encoding.
 */
#ifndef KR_UTIL_ESCAPE_H
#define KR_UTIL_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Length (1-4) of the valid UTF-8 sequence at s[0, n), its code point in
 * *cp; 0 when the bytes are not valid UTF-8 (overlong, surrogate, past
 * U+10FFFF, cut short). n must be > 0. */
size_t kr_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* s[0, n) is entirely valid UTF-8. */
bool kr_utf8_valid(const char *s, size_t n);
/* A hidden character (see the file comment), tab and newline included. */
bool kr_escape_is_hidden(uint32_t cp);
/* s[0, n) is valid UTF-8 without any hidden character: every escaper
 * writes it unchanged apart from the kind's own syntax characters. */
bool kr_escape_is_clean(const char *s, size_t n);

/* Terminal text (the text writer, --list-rules, --list-controls, messages on
 * standard error): hidden characters but tab, and invalid bytes, as \xNN.
 * kr_escape_text_unit writes the next unit of s[0, n) (n > 0) to out (NULL:
 * nowhere), returns the bytes it consumed and puts the columns it takes on a
 * terminal in *width (East Asian wide characters 2, combining marks 0, each
 * \xNN 4, a tab 1); *tab tells a tab, which is written as is. */
size_t kr_escape_text_unit(kr_buf *out, const char *s, size_t n, size_t *width, bool *tab);
void kr_escape_text(kr_buf *out, const char *s, size_t n);

/* Markdown contexts. */
typedef enum kr_md_context {
    KR_MD_INLINE, /* running text: \ * [ ] < > backslash-escaped, CR/LF as spaces */
    KR_MD_CELL,   /* a GFM table cell: | as \|, < > & as entities, LF as <br>, CR dropped */
    KR_MD_ALL     /* every markup punctuation \ ` * _ [ ] < > # | ~ ! escaped (SARIF markdown) */
} kr_md_context;
void kr_escape_markdown(kr_buf *out, const char *s, size_t n, kr_md_context ctx);

/* One CSV field (RFC 4180): quoted when it holds , " CR or LF, quotes
 * doubled. A field that a spreadsheet would read as a formula (it begins with
 * = + - @ tab or CR: OWASP's list) gets a leading apostrophe and is quoted.
 * LF and CRLF stay inside the quotes; other hidden characters become \xNN. */
void kr_escape_csv(kr_buf *out, const char *s, size_t n);
/* s[0, n) begins with a formula character (kr_escape_csv neutralises it). */
bool kr_escape_csv_is_formula(const char *s, size_t n);

/* A JSON string literal with its quotes: " \ and C0 escaped, DEL, C1, the
 * bidi controls, U+2028 and U+2029 as \uXXXX, an invalid byte as \ufffd. */
void kr_escape_json(kr_buf *out, const char *s, size_t n);

/* RFC 3986 percent-encoding: every byte but the unreserved characters
 * (A-Z a-z 0-9 - . _ ~) and '/' as %XX (upper-case hex). Lossless for any
 * bytes; JSON's `file_bytes` and SARIF's URIs. */
void kr_escape_uri(kr_buf *out, const char *s, size_t n);

/* XML 1.0 character data (attr false) or a double-quoted attribute value
 * (attr true): & < > as entities; in attributes also " ' and tab, LF, CR as
 * character references; in character data CR as &#13;. U+FFFE and U+FFFF
 * (not XML characters) and other hidden characters as \xNN. */
void kr_escape_xml(kr_buf *out, const char *s, size_t n, bool attr);

/* HTML text or a quoted attribute value: & < > " ' as entities, hidden
 * characters but tab and LF as \xNN. */
void kr_escape_html(kr_buf *out, const char *s, size_t n);

/* GitHub Actions workflow commands (`::error file=F,line=L::MESSAGE`): a
 * property value (property true) escapes % CR LF : , as %25 %0D %0A %3A %2C,
 * a message % CR LF; '%' first, as the runner unescapes it last. A tab
 * becomes a space; other hidden characters as \xNN. Nothing can end the line
 * or start another command. */
void kr_escape_github(kr_buf *out, const char *s, size_t n, bool property);

#endif
