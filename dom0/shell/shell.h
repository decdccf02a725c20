/*
 * dom0's prompt: the `dom0# ` line, builtins (help, ls, cat, poweroff)
 * and xl.  Input arrives from the main loop a chunk at a time.
 */
#ifndef DOM0_SHELL_H
#define DOM0_SHELL_H

#include <stddef.h>

#define SHELL_PROMPT "dom0# "

void shell_prompt(void);
/* After output that interrupted the prompt: the prompt and what was typed. */
void shell_reprompt(void);
/* Serial bytes typed at the prompt; runs each finished line. */
void shell_input(const char *buf, size_t n);
/* Run one command line (also the boot-time autostart's way in). */
int shell_run(char *line);

#endif /* DOM0_SHELL_H */
