/*
 * xl.cfg syntax (libxlu_cfg_l.l and libxlu_cfg_y.y): a hand-written lexer
 * and recursive-descent parser over a bounded text.  The text is a file
 * from dom0's archive and is not trusted: every copy is bounded by the
 * pool, every list by XLCFG_MAX_LIST, and a problem names its line.
 */
#include "xl_cfg.h"

#include <stdarg.h>
#include <stdint.h>
#include <xen/errno.h>

#include "xl_str.h"

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);

enum tok
{
    T_EOF,
    T_ID,
    T_ATOM,                             /* string or number: both text */
    T_EQ,
    T_PLUSEQ,
    T_LBRACK,
    T_RBRACK,
    T_COMMA,
    T_END,                              /* newline or ';' */
    T_BAD,                              /* lexer error, message set */
};

struct lexer
{
    struct xlcfg *c;
    const char *p, *end;
    unsigned int line;
    enum tok tok;
    const char *text;                   /* token as written, for messages */
    size_t text_len;
    const char *atom;                   /* T_ID/T_ATOM value, in the pool */
    char *err;
    size_t errlen;
    int rc;
};

static void fail(struct lexer *lx, const char *fmt, ...)
{
    va_list ap;

    if ( lx->rc )
        return;                         /* the first problem is reported */
    va_start(ap, fmt);
    vsnprintf(lx->err, lx->errlen, fmt, ap);
    va_end(ap);
    lx->rc = -XEN_EINVAL;
}

/* libxlu's "config parsing error near `tok': msg" for the current token. */
static void syntax_error(struct lexer *lx, const char *msg)
{
    size_t n = lx->text_len > 40 ? 40 : lx->text_len;

    if ( lx->tok == T_END && lx->text[0] == '\n' )
        fail(lx, "%s:%u: config parsing error near end of line: %s",
             lx->c->source, lx->line, msg);
    else if ( lx->tok == T_EOF )
        fail(lx, "%s:%u: config parsing error at end of file: %s",
             lx->c->source, lx->line, msg);
    else
        fail(lx, "%s:%u: config parsing error near `%.*s': %s",
             lx->c->source, lx->line, (int)n, lx->text, msg);
}

static char *pool_start(struct lexer *lx)
{
    return &lx->c->pool[lx->c->pool_used];
}

static bool pool_put(struct lexer *lx, char ch)
{
    if ( lx->c->pool_used >= XLCFG_POOL )
    {
        fail(lx, "%s:%u: config file too large (over %u bytes of values)",
             lx->c->source, lx->line, XLCFG_POOL);
        lx->rc = -XEN_E2BIG;
        return false;
    }
    lx->c->pool[lx->c->pool_used++] = ch;
    return true;
}

static bool is_id_start(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool is_id_char(char ch)
{
    return is_id_start(ch) || (ch >= '0' && ch <= '9') || ch == '.';
}

static int hexval(char ch)
{
    if ( ch >= '0' && ch <= '9' )
        return ch - '0';
    if ( ch >= 'a' && ch <= 'f' )
        return ch - 'a' + 10;
    if ( ch >= 'A' && ch <= 'F' )
        return ch - 'A' + 10;
    return -1;
}

/* "..." with C escapes, or '...' taken literally; the quote is at p. */
static void lex_string(struct lexer *lx)
{
    char quote = *lx->p++, ch;

    lx->atom = pool_start(lx);
    for ( ;; )
    {
        if ( lx->p >= lx->end || *lx->p == '\n' )
        {
            lx->text_len = (size_t)(lx->p - lx->text);
            syntax_error(lx, "unterminated string");
            lx->tok = T_BAD;
            return;
        }
        ch = *lx->p++;
        if ( ch == quote )
            break;
        if ( ch == '\\' && quote == '"' && lx->p < lx->end )
        {
            ch = *lx->p++;
            switch ( ch )
            {
            case 'n': ch = '\n'; break;
            case 't': ch = '\t'; break;
            case 'r': ch = '\r'; break;
            case 'x':
                if ( lx->end - lx->p >= 2 && hexval(lx->p[0]) >= 0 &&
                     hexval(lx->p[1]) >= 0 )
                {
                    ch = (char)(hexval(lx->p[0]) * 16 + hexval(lx->p[1]));
                    lx->p += 2;
                }
                break;
            default:                    /* \\ \" \' and others: itself */
                break;
            }
        }
        if ( ch == '\0' )
        {
            lx->text_len = (size_t)(lx->p - lx->text);
            syntax_error(lx, "NUL in a string");
            lx->tok = T_BAD;
            return;
        }
        if ( !pool_put(lx, ch) )
        {
            lx->tok = T_BAD;
            return;
        }
    }
    lx->tok = pool_put(lx, '\0') ? T_ATOM : T_BAD;
}

/* An identifier or a number: a run of word characters, copied. */
static void lex_word(struct lexer *lx, enum tok kind)
{
    lx->atom = pool_start(lx);
    while ( lx->p < lx->end &&
            (is_id_char(*lx->p) || *lx->p == '-' || *lx->p == '+') )
    {
        if ( kind == T_ID && !is_id_char(*lx->p) )
            break;
        if ( !pool_put(lx, *lx->p++) )
        {
            lx->tok = T_BAD;
            return;
        }
    }
    lx->tok = pool_put(lx, '\0') ? kind : T_BAD;
}

static void next(struct lexer *lx)
{
    /* Blanks and comments; a comment runs to (not over) the newline. */
    while ( lx->p < lx->end )
    {
        if ( *lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r' )
            lx->p++;
        else if ( *lx->p == '#' )
            while ( lx->p < lx->end && *lx->p != '\n' )
                lx->p++;
        else
            break;
    }
    lx->text = lx->p;
    if ( lx->p >= lx->end )
    {
        lx->tok = T_EOF;
        lx->text_len = 0;
        return;
    }
    switch ( *lx->p )
    {
    case '=': lx->tok = T_EQ; lx->p++; break;
    case '[': lx->tok = T_LBRACK; lx->p++; break;
    case ']': lx->tok = T_RBRACK; lx->p++; break;
    case ',': lx->tok = T_COMMA; lx->p++; break;
    case ';': lx->tok = T_END; lx->p++; break;
    case '\n': lx->tok = T_END; lx->p++; break;
    case '"':
    case '\'':
        lex_string(lx);
        break;
    case '+':
        if ( lx->p + 1 < lx->end && lx->p[1] == '=' )
        {
            lx->tok = T_PLUSEQ;
            lx->p += 2;
            break;
        }
        /* A bare '+' is not a token: the default case refuses it. */
        __attribute__((fallthrough));
    default:
        if ( is_id_start(*lx->p) )
            lex_word(lx, T_ID);
        else if ( (*lx->p >= '0' && *lx->p <= '9') || *lx->p == '-' )
            lex_word(lx, T_ATOM);
        else
        {
            lx->tok = T_BAD;
            lx->text_len = 1;
            syntax_error(lx, "unexpected character");
            return;
        }
    }
    lx->text_len = (size_t)(lx->p - lx->text);
}

/* A newline ends a token's line: count it once the token is consumed. */
static void advance(struct lexer *lx)
{
    if ( lx->tok == T_END && lx->text[0] == '\n' )
        lx->line++;
    next(lx);
}

static void skip_newlines(struct lexer *lx)
{
    while ( lx->tok == T_END && lx->text[0] == '\n' )
        advance(lx);
}

/* value: atom | '[' [atom {',' atom} [',']] ']', newlines allowed in []. */
static void parse_value(struct lexer *lx, struct xlcfg_setting *s)
{
    if ( lx->tok == T_ATOM || lx->tok == T_ID )
    {
        s->val[0] = lx->atom;
        s->nr = 1;
        advance(lx);
        return;
    }
    if ( lx->tok != T_LBRACK )
    {
        syntax_error(lx, "syntax error, expected a value");
        return;
    }
    s->list = true;
    advance(lx);
    skip_newlines(lx);
    while ( !lx->rc && lx->tok != T_RBRACK )
    {
        if ( lx->tok != T_ATOM && lx->tok != T_ID )
        {
            syntax_error(lx, "syntax error, expected a list item");
            return;
        }
        if ( s->nr == XLCFG_MAX_LIST )
        {
            fail(lx, "%s:%u: parameter `%s' has more than %u items",
                 lx->c->source, lx->line, s->key, XLCFG_MAX_LIST);
            return;
        }
        s->val[s->nr++] = lx->atom;
        advance(lx);
        skip_newlines(lx);
        if ( lx->tok == T_COMMA )
        {
            advance(lx);
            skip_newlines(lx);
        }
        else if ( lx->tok != T_RBRACK )
        {
            syntax_error(lx, "syntax error, expected `,' or `]'");
            return;
        }
    }
    if ( !lx->rc )
        advance(lx);
}

/* key += value: a string grows, a list gains items (libxlu's ADDITION). */
static void append(struct lexer *lx, struct xlcfg_setting *old,
                   const struct xlcfg_setting *add)
{
    unsigned int i;

    if ( old->list != add->list )
    {
        fail(lx, "%s:%u: parameter `%s': += mixes a list and a single value",
             lx->c->source, add->line, add->key);
        return;
    }
    if ( old->list )
    {
        for ( i = 0; i < add->nr && !lx->rc; i++ )
        {
            if ( old->nr == XLCFG_MAX_LIST )
                fail(lx, "%s:%u: parameter `%s' has more than %u items",
                     lx->c->source, add->line, add->key, XLCFG_MAX_LIST);
            else
                old->val[old->nr++] = add->val[i];
        }
        return;
    }
    /* Concatenate into fresh pool space; the old strings stay behind. */
    {
        const char *a = old->val[0], *b = add->val[0];
        char *joined = pool_start(lx);

        while ( *a && pool_put(lx, *a) )
            a++;
        while ( !lx->rc && *b && pool_put(lx, *b) )
            b++;
        if ( !lx->rc && pool_put(lx, '\0') )
            old->val[0] = joined;
    }
    old->line = add->line;
}

static void parse_setting(struct lexer *lx)
{
    struct xlcfg *c = lx->c;
    struct xlcfg_setting s = { .key = lx->atom, .line = lx->line };
    struct xlcfg_setting *old;
    bool add;

    advance(lx);
    if ( lx->tok != T_EQ && lx->tok != T_PLUSEQ )
    {
        syntax_error(lx, "syntax error, expected `=' or `+='");
        return;
    }
    add = lx->tok == T_PLUSEQ;
    advance(lx);
    parse_value(lx, &s);
    if ( lx->rc )
        return;
    if ( lx->tok != T_END && lx->tok != T_EOF )
    {
        syntax_error(lx, "syntax error, expected end of line");
        return;
    }
    old = (struct xlcfg_setting *)xlcfg_find(c, s.key);
    if ( add && old )
    {
        append(lx, old, &s);
        return;
    }
    if ( old )                          /* the last one wins */
    {
        *old = s;
        return;
    }
    if ( c->nr == XLCFG_MAX_SETTINGS )
    {
        fail(lx, "%s:%u: more than %u settings", c->source, s.line,
             XLCFG_MAX_SETTINGS);
        return;
    }
    c->set[c->nr++] = s;
}

int xlcfg_parse(struct xlcfg *c, const char *source, const char *text,
                size_t len, char *err, size_t errlen)
{
    struct lexer lx = {
        .c = c, .p = text, .end = text + len, .line = 1,
        .err = err, .errlen = errlen,
    };

    c->source = source;
    c->nr = 0;
    c->pool_used = 0;
    if ( errlen )
        err[0] = '\0';
    next(&lx);
    while ( !lx.rc && lx.tok != T_EOF )
    {
        if ( lx.tok == T_END )
            advance(&lx);
        else if ( lx.tok == T_ID )
        {
            parse_setting(&lx);
            if ( !lx.rc && lx.tok == T_END )
                advance(&lx);
        }
        else if ( lx.tok != T_BAD )
            syntax_error(&lx, "syntax error, expected a setting name");
    }
    return lx.rc;
}

const struct xlcfg_setting *xlcfg_find(const struct xlcfg *c,
                                       const char *key)
{
    for ( unsigned int i = 0; i < c->nr; i++ )
        if ( xl_streq(c->set[i].key, key) )
            return &c->set[i];
    return NULL;
}
