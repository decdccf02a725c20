/*
 * Linker script for kernels on the PV core: linked at VIRT_BASE + 1 MiB,
 * loaded Linux-style by p_paddr = p_vaddr - VIRT_BASE (libelf loads by
 * p_paddr).  Text and data get separate PT_LOADs; notes get a PT_NOTE.
 */
#include <pv-guest/param.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)

PHDRS
{
    text PT_LOAD FLAGS(5);      /* R-X */
    data PT_LOAD FLAGS(6);      /* RW- */
    note PT_NOTE FLAGS(4);      /* R-- */
}

SECTIONS
{
    . = PV_VIRT_BASE + PV_LOAD_PADDR;

    .text : AT(ADDR(.text) - PV_VIRT_BASE)
    {
        *(.text.head)
        *(.text .text.*)
    } :text

    .rodata : AT(ADDR(.rodata) - PV_VIRT_BASE)
    {
        *(.rodata .rodata.*)
    } :text

    .note.Xen : AT(ADDR(.note.Xen) - PV_VIRT_BASE)
    {
        *(.note.Xen)
    } :text :note

    .ex_table ALIGN(8) : AT(ADDR(.ex_table) - PV_VIRT_BASE)
    {
        __start_ex_table = .;
        *(.ex_table)
        __stop_ex_table = .;
    } :text

    .data ALIGN(4096) : AT(ADDR(.data) - PV_VIRT_BASE)
    {
        *(.data .data.*)
    } :data

    .bss ALIGN(64) : AT(ADDR(.bss) - PV_VIRT_BASE)
    {
        *(.bss .bss.*)
        *(COMMON)
    } :data

    _end = .;

    /DISCARD/ :
    {
        *(.comment)
        *(.eh_frame)
        *(.note.gnu.*)
        *(.note.GNU-stack)
    }
}
