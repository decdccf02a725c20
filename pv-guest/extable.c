/*
 * Exception-fixup table lookup.  The table is built by ASM_EXTABLE()
 * entries that the linker collects between __start_ex_table and
 * __stop_ex_table; it is read-only and trusted as linked.
 */
#include <pv-guest/traps.h>

struct extable_entry {
    unsigned long fault;
    unsigned long fixup;
};

extern const struct extable_entry __start_ex_table[], __stop_ex_table[];

/* Linear search: the table holds a handful of entries per kernel. */
unsigned long extable_search(unsigned long rip)
{
    const struct extable_entry *e;

    for ( e = __start_ex_table; e < __stop_ex_table; e++ )
        if ( e->fault == rip )
            return e->fixup;

    return 0;
}
