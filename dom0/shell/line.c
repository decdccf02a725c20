/*
 * Line editing for dom0's prompt (see line.h).  Input is whatever comes
 * down the serial line: any byte value, any amount; the buffer never
 * grows past LINE_MAX_LEN - 1 characters and extra input is dropped.
 */
#include "line.h"

#define CTRL_C  0x03
#define BS      0x08
#define ESC     0x1b
#define DEL     0x7f

void line_init(struct line_editor *le)
{
    le->len = 0;
    le->esc = 0;
    le->last_cr = false;
    le->buf[0] = '\0';
}

static void put(char *echo, size_t *n, const char *s)
{
    while ( *s && *n < LINE_ECHO_MAX )
        echo[(*n)++] = *s++;
}

/* ESC [ params final: swallow until the final byte (0x40-0x7e). */
static bool in_escape(struct line_editor *le, char c)
{
    if ( !le->esc )
        return false;
    if ( le->esc == 1 && c != '[' && c != 'O' )
        le->esc = 0;                    /* ESC x: drop both */
    else if ( le->esc > 1 && c >= 0x40 && c <= 0x7e )
        le->esc = 0;
    else
        le->esc = le->esc < 16 ? le->esc + 1 : 0;   /* bounded */
    return true;
}

enum line_event line_feed(struct line_editor *le, char c, char *echo,
                          size_t *echo_len)
{
    bool after_cr = le->last_cr;

    *echo_len = 0;
    le->last_cr = false;
    if ( in_escape(le, c) )
        return LINE_NONE;
    switch ( c )
    {
    case '\n':
        if ( after_cr )
            return LINE_NONE;           /* the LF of a CRLF */
        /* Fall through: a bare LF ends the line too. */
        __attribute__((fallthrough));
    case '\r':
        le->last_cr = c == '\r';
        le->buf[le->len] = '\0';
        le->len = 0;
        put(echo, echo_len, "\n");
        return LINE_DONE;
    case CTRL_C:
        line_init(le);
        put(echo, echo_len, "^C\n");
        return LINE_CANCEL;
    case BS:
    case DEL:
        if ( le->len )
        {
            le->len--;
            le->buf[le->len] = '\0';
            put(echo, echo_len, "\b \b");
        }
        return LINE_NONE;
    case ESC:
        le->esc = 1;
        return LINE_NONE;
    }
    if ( (unsigned char)c < 0x20 || (unsigned char)c > 0x7e )
        return LINE_NONE;               /* other control bytes, non-ASCII */
    if ( le->len + 1 < LINE_MAX_LEN )
    {
        le->buf[le->len++] = c;
        le->buf[le->len] = '\0';
        echo[(*echo_len)++] = c;
    }
    return LINE_NONE;
}

int line_split(char *buf, char **argv)
{
    int argc = 0;
    char *in = buf, *out = buf;

    for ( ;; )
    {
        char quote = 0;

        while ( *in == ' ' || *in == '\t' )
            in++;
        if ( !*in )
            return argc;
        if ( argc == LINE_MAX_ARGS )
            return -1;
        argv[argc++] = out;
        /* Copy the word down over its quotes; out never passes in. */
        while ( *in && (quote || (*in != ' ' && *in != '\t')) )
        {
            if ( quote && *in == quote )
                quote = 0;
            else if ( !quote && (*in == '"' || *in == '\'') )
                quote = *in;
            else
                *out++ = *in;
            in++;
        }
        if ( quote )
            return -1;
        if ( *in )
            in++;
        *out++ = '\0';
    }
}
