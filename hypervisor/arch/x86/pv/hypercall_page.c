/*
 * The hypercall page of a 64-bit PV guest: 128 stubs of 32 bytes, stub i
 * making hypercall i by SYSCALL with %rcx/%r11 preserved; stub 23 (iret)
 * never returns.  Byte-for-byte the contract of Xen's
 * pv_ring3_init_hypercall_page; unused bytes are int3.
 */
#include "lib.h"
#include <xen/xen.h>
#include "dom0_build.h"
#include "layout.h"

void hypercall_page_init(void *page)
{
    uint8_t *p = page;

    memset(page, 0xcc, PAGE_SIZE);
    for ( unsigned int i = 0; i < PAGE_SIZE / 32; i++ )
    {
        uint8_t *s = p + i * 32;

        if ( i == __HYPERVISOR_iret )
            continue;
        *s++ = 0x51;                            /* push %rcx */
        *s++ = 0x41; *s++ = 0x53;               /* push %r11 */
        *s++ = 0xb8;                            /* mov $i, %eax */
        *s++ = (uint8_t)i; *s++ = 0; *s++ = 0; *s++ = 0;
        *s++ = 0x0f; *s++ = 0x05;               /* syscall */
        *s++ = 0x41; *s++ = 0x5b;               /* pop %r11 */
        *s++ = 0x59;                            /* pop %rcx */
        *s = 0xc3;                              /* ret */
    }
    /* iret: the guest has pushed its frame and jumps here. */
    p += __HYPERVISOR_iret * 32;
    *p++ = 0x51;                                /* push %rcx */
    *p++ = 0x41; *p++ = 0x53;                   /* push %r11 */
    *p++ = 0x50;                                /* push %rax */
    *p++ = 0xb8;                                /* mov $23, %eax */
    *p++ = __HYPERVISOR_iret; *p++ = 0; *p++ = 0; *p++ = 0;
    *p++ = 0x0f; *p = 0x05;                     /* syscall */
}
