/*
 * Assembler macros emitting Xen ELF notes (owner "Xen") into .note.Xen,
 * which the guest's linker script places in a PT_NOTE segment.  Note types
 * come from <xen/elfnote.h>; libelf (xen/common/libelf/libelf-dominfo.c)
 * reads each descriptor as a string, or as an integer of its own size.
 */
#ifndef HYPERCALLS_ELFNOTE_H
#define HYPERCALLS_ELFNOTE_H

#ifndef __ASSEMBLY__
#error "hypercalls/elfnote.h is for assembly sources only"
#endif

#include <xen/elfnote.h>

/*
 * xen_elfnote TYPE, DIRECTIVE, VALUE: one ELF note whose descriptor is
 * `DIRECTIVE VALUE` (e.g. `.asciz "xen-3.0"` or `.quad sym`).  Name and
 * descriptor are each padded to 4 bytes as the ELF spec requires.
 */
.macro xen_elfnote type:req, directive:req, value:vararg
    .pushsection .note.Xen, "a", @note
    .balign 4
    .long .Lname_end\@ - .Lname\@       /* namesz */
    .long .Ldesc_end\@ - .Ldesc\@       /* descsz */
    .long \type                         /* type */
.Lname\@:
    .asciz "Xen"
.Lname_end\@:
    .balign 4
.Ldesc\@:
    \directive \value
.Ldesc_end\@:
    .balign 4
    .popsection
.endm

#endif /* HYPERCALLS_ELFNOTE_H */
