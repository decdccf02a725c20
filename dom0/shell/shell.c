/*
 * The dom0 shell: line editing (line.c), then a word-split command line
 * run as a builtin or as xl.  Typed text is untrusted: unknown commands
 * and bad arguments get a message, and output of `cat` is bounded by the
 * archive entry's own length.
 */
#include "shell.h"

#include <pv-guest/lib.h>
#include <pv-guest/mm.h>
#include <xen/sched.h>
#include "files.h"

#include "../xl/xl.h"
#include "../xl/xl_console.h"
#include "../xl/xl_str.h"
#include "../xl/xl_wait.h"
#include "line.h"

static struct line_editor editor;

static int cmd_help(int argc, char **argv)
{
    printk("dom0 shell commands:\n"
           "  help              this list\n"
           "  ls [prefix]       files in dom0's archive (kernels, configs)\n"
           "  cat <file>        print a file from the archive\n"
           "  xl <command> ...  the Xen toolstack ('xl help' lists them)\n"
           "  free              dom0's memory in use\n"
           "  poweroff          stop dom0, and with it the machine\n");
    return 0;
}

static void ls_one(const char *path, size_t len, void *arg)
{
    const char *prefix = arg;
    size_t n = strlen(prefix);

    if ( !strncmp(path, prefix, n) )
        printk("%8lu  %s\n", (unsigned long)len, path);
}

static int cmd_ls(int argc, char **argv)
{
    files_foreach(ls_one, (void *)(argc > 1 ? argv[1] : ""));
    return 0;
}

static int cmd_cat(int argc, char **argv)
{
    const void *data;
    size_t len;

    if ( argc != 2 )
    {
        printk("usage: cat <file>\n");
        return 1;
    }
    if ( files_get(argv[1], &data, &len) )
    {
        printk("cat: %s: No such file or directory\n", argv[1]);
        return 1;
    }
    console_write(data, len);
    if ( len && ((const char *)data)[len - 1] != '\n' )
        printk("\n");
    return 0;
}

/*
 * dom0's memory: pages the core can still hand out against all it has
 * (the image, the archive and page tables are in the used figure).
 */
static int cmd_free(int argc, char **argv)
{
    unsigned long total = start_info->nr_pages, left = mm_free_pages();

    printk("dom0 memory: %lu KiB used of %lu KiB (%lu KiB free; archive "
           "%lu KiB)\n", (total - left) * 4, total * 4, left * 4,
           (unsigned long)(start_info->mod_len / 1024));
    return 0;
}

static int cmd_poweroff(int argc, char **argv)
{
    printk("dom0: powering off\n");
    shutdown(SHUTDOWN_poweroff);
}

static const struct
{
    const char *name;
    int (*fn)(int argc, char **argv);
} builtins[] = {
    { "help", cmd_help },
    { "ls", cmd_ls },
    { "cat", cmd_cat },
    { "free", cmd_free },
    { "poweroff", cmd_poweroff },
    { "xl", xl_main },
};

int shell_run(char *line)
{
    char *argv[LINE_MAX_ARGS];
    int argc = line_split(line, argv);

    if ( argc < 0 )
    {
        printk("dom0: unbalanced quotes or more than %u words\n",
               LINE_MAX_ARGS);
        return 1;
    }
    if ( !argc )
        return 0;
    for ( unsigned int i = 0; i < ARRAY_SIZE(builtins); i++ )
        if ( xl_streq(builtins[i].name, argv[0]) )
            return builtins[i].fn(argc, argv);
    printk("dom0: %s: command not found (try 'help')\n", argv[0]);
    return 127;
}

void shell_prompt(void)
{
    line_init(&editor);
    printk(SHELL_PROMPT);
}

void shell_reprompt(void)
{
    printk(SHELL_PROMPT "%.*s", (int)editor.len, editor.buf);
}

void shell_input(const char *buf, size_t n)
{
    char echo[LINE_ECHO_MAX];
    size_t len;

    for ( size_t i = 0; i < n; i++ )
    {
        enum line_event ev = line_feed(&editor, buf[i], echo, &len);

        console_write(echo, len);
        if ( ev == LINE_DONE )
            shell_run(editor.buf);
        if ( ev == LINE_NONE )
            continue;
        /*
         * A command may have attached a console: the rest of this input
         * is the guest's, and the main loop prompts again on detach.
         */
        if ( xl_console_active() )
        {
            xl_console_input(buf + i + 1, n - i - 1);
            return;
        }
        if ( xl_wait_active() )         /* xl shutdown -w: prompt later */
        {
            xl_wait_input(buf + i + 1, n - i - 1);
            return;
        }
        printk(SHELL_PROMPT);
    }
}
