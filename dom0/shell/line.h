/*
 * The dom0 prompt's line editor: bytes from the serial line in, echo and
 * finished lines out.  Backspace/DEL erase, Ctrl-C abandons the line,
 * Ctrl-U clears it, CR, LF or CRLF end it, escape sequences (arrow keys)
 * are swallowed.  Pure state machine, so the host unit tests drive it.
 */
#ifndef DOM0_SHELL_LINE_H
#define DOM0_SHELL_LINE_H

#include <stdbool.h>
#include <stddef.h>

#define LINE_MAX_LEN    256         /* longest command line, with its NUL */
#define LINE_ECHO_MAX   8           /* most echo bytes one input byte makes */
#define LINE_MAX_ARGS   16          /* words a command line splits into */

enum line_event
{
    LINE_NONE,                      /* keep reading */
    LINE_DONE,                      /* buf holds a finished line */
    LINE_CANCEL,                    /* Ctrl-C: the line was dropped */
};

struct line_editor
{
    char buf[LINE_MAX_LEN];
    size_t len;
    unsigned int esc;               /* 0, or where in ESC [ ... we are */
    bool last_cr;                   /* a LF right after CR is not a line */
};

void line_init(struct line_editor *le);
/* One byte in; echo[0..*echo_len) is what to print back. */
enum line_event line_feed(struct line_editor *le, char c, char *echo,
                          size_t *echo_len);
/*
 * Split buf in place into at most LINE_MAX_ARGS words on blanks; "..."
 * and '...' group words.  Returns argc, or -1 for an unterminated quote
 * or too many words.
 */
int line_split(char *buf, char **argv);

#endif /* DOM0_SHELL_LINE_H */
