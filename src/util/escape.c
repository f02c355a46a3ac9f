/* escape.c - one escaping function per output kind (see escape.h).
 *
 * Each escaper walks its input once, a code point at a time: the bytes that
 * do not decode (kr_utf8_decode returns 0) are one unit of one byte, so
 * every escaper resynchronises on the next byte exactly as the others do.
 */
#include "util/escape.h"

#include <string.h>

static const char HEX[] = "0123456789abcdef";

size_t kr_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2; v = c & 0x1Fu; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3; v = c & 0x0Fu; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4; v = c & 0x07u; min = 0x10000;
    } else {
        return 0;
    }
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0u) != 0x80u) return 0;
        v = (v << 6) | (u[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

bool kr_utf8_valid(const char *s, size_t n)
{
    uint32_t cp;
    for (size_t i = 0; i < n;) {
        size_t l = kr_utf8_decode(s + i, n - i, &cp);
        if (l == 0) return false;
        i += l;
    }
    return true;
}

bool kr_escape_is_hidden(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
           cp == 0x2029;
}

bool kr_escape_is_clean(const char *s, size_t n)
{
    uint32_t cp;
    for (size_t i = 0; i < n;) {
        size_t l = kr_utf8_decode(s + i, n - i, &cp);
        if (l == 0 || kr_escape_is_hidden(cp)) return false;
        i += l;
    }
    return true;
}

/* unit - one code point of the input, or one byte that does not decode. */
typedef struct unit {
    size_t len;   /* bytes */
    uint32_t cp;  /* the code point (the byte itself when !valid) */
    bool valid;
} unit;

static unit next(const char *s, size_t n)
{
    unit u;
    u.len = kr_utf8_decode(s, n, &u.cp);
    u.valid = u.len != 0;
    if (!u.valid) {
        u.len = 1;
        u.cp = (unsigned char)s[0];
    }
    return u;
}

/* A unit people read that must not be raw: hidden, or not UTF-8. */
static bool is_visible_escape(unit u)
{
    return !u.valid || kr_escape_is_hidden(u.cp);
}

/* Each byte of s[0, len) as \xNN. */
static void put_hex_bytes(kr_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[4] = {'\\', 'x', HEX[c >> 4], HEX[c & 0xF]};
        kr_buf_put(out, esc, sizeof esc);
    }
}

/* ---- terminal text ------------------------------------------------------- */

/* Columns a code point takes on a terminal: 0 for the common combining marks,
 * 2 for East Asian wide and fullwidth ranges, else 1. Locale-independent on
 * purpose (the output must not depend on the environment). */
static size_t cp_width(uint32_t cp)
{
    static const uint32_t zero[][2] = {
        {0x0300, 0x036F}, {0x200B, 0x200F}, {0x3099, 0x309A}, {0xFE00, 0xFE0F},
    };
    static const uint32_t wide[][2] = {
        {0x1100, 0x115F}, {0x2E80, 0x303E}, {0x3041, 0x3247}, {0x3250, 0x4DBF},
        {0x4E00, 0xA4CF}, {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
        {0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6},
        {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
    };
    for (size_t i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
        if (cp >= zero[i][0] && cp <= zero[i][1]) return 0;
    for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
        if (cp >= wide[i][0] && cp <= wide[i][1]) return 2;
    return 1;
}

size_t kr_escape_text_unit(kr_buf *out, const char *s, size_t n, size_t *width, bool *tab)
{
    unit u = next(s, n);
    *tab = u.valid && u.cp == '\t';
    if (*tab) {
        *width = 1;
        if (out) kr_buf_putc(out, '\t');
    } else if (is_visible_escape(u)) {
        *width = 4 * u.len;
        if (out) put_hex_bytes(out, s, u.len);
    } else {
        *width = cp_width(u.cp);
        if (out) kr_buf_put(out, s, u.len);
    }
    return u.len;
}

void kr_escape_text(kr_buf *out, const char *s, size_t n)
{
    size_t width;
    bool tab;
    for (size_t i = 0; i < n;) i += kr_escape_text_unit(out, s + i, n - i, &width, &tab);
}

void kr_escape_text_field(kr_buf *out, const char *s, size_t n)
{
    size_t width;
    bool tab;
    for (size_t i = 0; i < n;) {
        size_t l = kr_escape_text_unit(NULL, s + i, n - i, &width, &tab);
        if (tab) kr_buf_puts(out, "\\x09");
        else kr_escape_text_unit(out, s + i, n - i, &width, &tab);
        i += l;
    }
}

/* ---- Markdown ------------------------------------------------------------ */

/* A code span: nothing inside is markup, so only hidden characters and line
 * breaks need care; the fence is one backtick longer than the longest run
 * inside, padded with spaces when the text starts or ends with one. */
static void markdown_code(kr_buf *out, const char *s, size_t n)
{
    size_t run = 0, longest = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > longest) longest = run;
    }
    bool pad = n > 0 && (s[0] == '`' || s[n - 1] == '`');
    for (size_t k = 0; k <= longest; k++) kr_buf_putc(out, '`');
    if (pad) kr_buf_putc(out, ' ');
    for (size_t i = 0; i < n;) {
        unit u = next(s + i, n - i);
        if (u.valid && (u.cp == '\n' || u.cp == '\r')) kr_buf_putc(out, ' ');
        else if (is_visible_escape(u) && !(u.valid && u.cp == '\t')) put_hex_bytes(out, s + i, u.len);
        else kr_buf_put(out, s + i, u.len);
        i += u.len;
    }
    if (pad) kr_buf_putc(out, ' ');
    for (size_t k = 0; k <= longest; k++) kr_buf_putc(out, '`');
}

void kr_escape_markdown(kr_buf *out, const char *s, size_t n, kr_md_context ctx)
{
    if (ctx == KR_MD_CODE) {
        markdown_code(out, s, n);
        return;
    }
    for (size_t i = 0; i < n;) {
        unit u = next(s + i, n - i);
        char c = u.valid && u.cp < 0x80 ? (char)u.cp : 0;
        if (ctx == KR_MD_CELL && (c == '\n' || c == '\r' || c == '|' || c == '<' || c == '>' || c == '&')) {
            switch (c) {
            case '\n': kr_buf_puts(out, "<br>"); break;
            case '\r': break;
            case '|': kr_buf_puts(out, "\\|"); break;
            case '<': kr_buf_puts(out, "&lt;"); break;
            case '>': kr_buf_puts(out, "&gt;"); break;
            default: kr_buf_puts(out, "&amp;"); break;
            }
        } else if (ctx == KR_MD_INLINE && (c == '\n' || c == '\r')) {
            kr_buf_putc(out, ' ');
        } else if (c == '\t') {
            kr_buf_putc(out, '\t');
        } else if (is_visible_escape(u)) {
            put_hex_bytes(out, s + i, u.len);
        } else {
            if (c && strchr(ctx == KR_MD_ALL ? "\\`*_[]<>#|~!" : ctx == KR_MD_INLINE ? "\\*[]<>" : "", c))
                kr_buf_putc(out, '\\');
            kr_buf_put(out, s + i, u.len);
        }
        i += u.len;
    }
}

/* ---- CSV ----------------------------------------------------------------- */

bool kr_escape_csv_is_formula(const char *s, size_t n)
{
    return n > 0 && strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';
}

void kr_escape_csv(kr_buf *out, const char *s, size_t n)
{
    bool formula = kr_escape_csv_is_formula(s, n);
    bool quote = formula;
    for (size_t i = 0; i < n && !quote; i++) quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (quote) kr_buf_putc(out, '"');
    if (formula) kr_buf_putc(out, '\'');
    for (size_t i = 0; i < n;) {
        unit u = next(s + i, n - i);
        bool crlf = u.cp == '\r' && i + 1 < n && s[i + 1] == '\n';
        if (u.valid && u.cp == '"') {
            kr_buf_puts(out, "\"\"");
        } else if (u.valid && (u.cp == '\n' || u.cp == '\t' || crlf)) {
            kr_buf_putc(out, (char)u.cp);
        } else if (is_visible_escape(u)) {
            put_hex_bytes(out, s + i, u.len);
        } else {
            kr_buf_put(out, s + i, u.len);
        }
        i += u.len;
    }
    if (quote) kr_buf_putc(out, '"');
}

/* ---- JSON ---------------------------------------------------------------- */

void kr_escape_json(kr_buf *out, const char *s, size_t n)
{
    kr_buf_putc(out, '"');
    for (size_t i = 0; i < n;) {
        unit u = next(s + i, n - i);
        if (!u.valid) {
            kr_buf_puts(out, "\\ufffd");
        } else if (u.cp == '"' || u.cp == '\\') {
            kr_buf_putc(out, '\\');
            kr_buf_putc(out, (char)u.cp);
        } else if (kr_escape_is_hidden(u.cp)) {
            switch (u.cp) {
            case '\n': kr_buf_puts(out, "\\n"); break;
            case '\r': kr_buf_puts(out, "\\r"); break;
            case '\t': kr_buf_puts(out, "\\t"); break;
            case '\b': kr_buf_puts(out, "\\b"); break;
            case '\f': kr_buf_puts(out, "\\f"); break;
            default: kr_buf_printf(out, "\\u%04x", (unsigned)u.cp); break;
            }
        } else {
            kr_buf_put(out, s + i, u.len);
        }
        i += u.len;
    }
    kr_buf_putc(out, '"');
}

void kr_escape_uri(kr_buf *out, const char *s, size_t n)
{
    static const char UHEX[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == '_' || c == '~' || c == '/';
        if (keep) {
            kr_buf_putc(out, (char)c);
        } else {
            char esc[3] = {'%', UHEX[c >> 4], UHEX[c & 0xF]};
            kr_buf_put(out, esc, sizeof esc);
        }
    }
}

/* ---- XML and HTML -------------------------------------------------------- */

void kr_escape_xml(kr_buf *out, const char *s, size_t n, bool attr)
{
    for (size_t i = 0; i < n;) {
        unit u = next(s + i, n - i);
        switch (u.valid ? u.cp : 0x110000u) {
        case '&': kr_buf_puts(out, "&amp;"); break;
        case '<': kr_buf_puts(out, "&lt;"); break;
        case '>': kr_buf_puts(out, "&gt;"); break;
        case '"': kr_buf_puts(out, attr ? "&quot;" : "\""); break;
        case '\'': kr_buf_puts(out, attr ? "&apos;" : "'"); break;
        /* Attribute values normalise raw whitespace to spaces, and a raw CR
         * becomes LF anywhere: references keep them. */
        case '\t': kr_buf_puts(out, attr ? "&#9;" : "\t"); break;
        case '\n': kr_buf_puts(out, attr ? "&#10;" : "\n"); break;
        case '\r': kr_buf_puts(out, "&#13;"); break;
        default:
            if (is_visible_escape(u) || u.cp == 0xFFFE || u.cp == 0xFFFF)
                put_hex_bytes(out, s + i, u.len);
            else
                kr_buf_put(out, s + i, u.len);
            break;
        }
        i += u.len;
    }
}

void kr_escape_html(kr_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unit u = next(s + i, n - i);
        switch (u.valid ? u.cp : 0x110000u) {
        case '&': kr_buf_puts(out, "&amp;"); break;
        case '<': kr_buf_puts(out, "&lt;"); break;
        case '>': kr_buf_puts(out, "&gt;"); break;
        case '"': kr_buf_puts(out, "&quot;"); break;
        case '\'': kr_buf_puts(out, "&#39;"); break;
        case '\t': kr_buf_putc(out, '\t'); break;
        case '\n': kr_buf_putc(out, '\n'); break;
        default:
            if (is_visible_escape(u))
                put_hex_bytes(out, s + i, u.len);
            else
                kr_buf_put(out, s + i, u.len);
            break;
        }
        i += u.len;
    }
}

/* ---- GitHub workflow commands -------------------------------------------- */

void kr_escape_github(kr_buf *out, const char *s, size_t n, bool property)
{
    for (size_t i = 0; i < n;) {
        unit u = next(s + i, n - i);
        uint32_t c = u.valid ? u.cp : 0x110000u;
        if (c == '%') kr_buf_puts(out, "%25");
        else if (c == '\r') kr_buf_puts(out, "%0D");
        else if (c == '\n') kr_buf_puts(out, "%0A");
        else if (property && c == ':') kr_buf_puts(out, "%3A");
        else if (property && c == ',') kr_buf_puts(out, "%2C");
        else if (c == '\t') kr_buf_putc(out, ' ');
        else if (is_visible_escape(u)) put_hex_bytes(out, s + i, u.len);
        else kr_buf_put(out, s + i, u.len);
        i += u.len;
    }
}

/* The JSON escaper under the name the writers know (declared in util/buf.h;
 * defined here so that buf.c does not include escape.h: no module cycle). */
void kr_buf_put_json_string(kr_buf *self, const char *s, size_t n)
{
    kr_escape_json(self, s, n);
}
