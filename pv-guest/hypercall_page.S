/*
 * uint8_t hypercall_page[4096]: the page the domain builder fills with
 * 128 hypercall stubs (HYPERCALL_PAGE note).  Poisoned with int3 so that a
 * builder which forgot it makes the first hypercall an unhandled #BP,
 * visible in the hypervisor's log, instead of a silent no-op.
 */
    .text
    .balign 4096
    .globl hypercall_page
    .type hypercall_page, @object
hypercall_page:
    .fill   4096, 1, 0xcc
    .size hypercall_page, 4096
