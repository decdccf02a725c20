/*
 * Port I/O from a PV guest (in/out/ins/outs), Xen's guest_io_okay,
 * admin_io_okay and guest_io_read/write: the guest's own permission
 * (virtual IOPL, else its I/O bitmap in guest memory, read as hostile)
 * and then the administrator's (the hardware domain owns every port but
 * those PVX drives itself).  A denied port reads as all ones and drops
 * writes; PIT, RTC and PCI-config emulation are not provided yet.
 */
#include "domain.h"
#include "emulate.h"
#include "guest_access.h"
#include "pv.h"
#include "x86.h"

/* Ports PVX keeps from dom0, as Xen's dom0_setup_permissions and the
 * console UART's ioports_deny_access do. */
static const struct { uint16_t first, last; } denied_ports[] = {
    { 0x20, 0x21 },             /* master PIC */
    { 0x40, 0x43 },             /* PIT */
    { 0x61, 0x61 },             /* PIT channel 2 gate, speaker */
    { 0xa0, 0xa1 },             /* slave PIC */
    { 0xcfc, 0xcff },           /* PCI config data (0xcf8: below) */
    { 0x3f8, 0x3ff },           /* COM1: PVX's console */
};

static bool ioports_permitted(const struct domain *d, unsigned int first,
                              unsigned int last)
{
    if ( !d->is_privileged )
        return false;
    for ( unsigned int i = 0; i < ARRAY_SIZE(denied_ports); i++ )
        if ( first <= denied_ports[i].last && last >= denied_ports[i].first )
            return false;
    return true;
}

static bool admin_io_okay(unsigned int port, unsigned int bytes,
                          const struct domain *d)
{
    /* Never direct: CONFIG_ADDRESS as a dword, and the RTC/CMOS pair. */
    if ( port == 0xcf8 && bytes == 4 )
        return false;
    if ( port <= 0x71 && port + bytes > 0x70 )
        return false;
    return ioports_permitted(d, port, port + bytes - 1);
}

bool pv_iopl_ok(const struct vcpu *v)
{
    /* Guest kernel counts as CPL 1, user as CPL 3 (no architectural_iopl). */
    unsigned int cpl = v->kernel_mode ? 1 : 3;

    return (cpl << 12) <= v->arch.iopl;
}

static bool guest_io_okay(unsigned int port, unsigned int bytes,
                          struct vcpu *v)
{
    bool user = !v->kernel_mode;
    uint8_t map[2];
    unsigned int mask;

    if ( pv_iopl_ok(v) )
        return true;
    if ( port + bytes > v->arch.iobmp_limit )
        return false;
    /* The bitmap is read through the kernel's page tables, as Xen does;
     * bytes that cannot be read deny access. */
    if ( user )
        toggle_guest_mode(v);
    if ( copy_from_guest_raw(map, v->arch.iobmp + (port >> 3), 2) )
    {
        map[1] = 0xff;
        if ( copy_from_guest_raw(map, v->arch.iobmp + (port >> 3), 1) )
            map[0] = 0xff;
    }
    if ( user )
        toggle_guest_mode(v);
    mask = map[0] | (map[1] << 8);
    return !(mask & (((1u << bytes) - 1) << (port & 7)));
}

static uint32_t port_read(unsigned int port, unsigned int bytes)
{
    uint32_t v;

    switch ( bytes )
    {
    case 1:
        return inb(port);
    case 2:
        asm volatile ( "inw %w1, %w0" : "=a" (v) : "Nd" (port) );
        return (uint16_t)v;
    default:
        asm volatile ( "inl %w1, %0" : "=a" (v) : "Nd" (port) );
        return v;
    }
}

static void port_write(unsigned int port, unsigned int bytes, uint32_t v)
{
    switch ( bytes )
    {
    case 1:
        outb(port, v);
        break;
    case 2:
        outw(port, v);
        break;
    default:
        outl(port, v);
        break;
    }
}

/* Xen's guest_io_read: whole access if the admin allows it, else byte
 * (or aligned word) pieces, each real if permitted, all ones if not. */
static uint32_t guest_io_read(unsigned int port, unsigned int bytes,
                              const struct domain *d)
{
    uint32_t data = 0;
    unsigned int shift = 0;

    if ( admin_io_okay(port, bytes, d) )
        return port_read(port, bytes);
    while ( bytes )
    {
        unsigned int size = 1;
        uint32_t sub = 0xff;

        if ( ioports_permitted(d, port, port) && port != 0x70 &&
             port != 0x71 )
        {
            if ( bytes > 1 && !(port & 1) &&
                 ioports_permitted(d, port, port + 1) )
                size = 2;
            sub = port_read(port, size);
        }
        else if ( bytes > 1 && !(port & 1) )
            size = 2, sub = 0xffff;
        data |= (sub & ((1u << (size * 8)) - 1)) << shift;
        shift += size * 8;
        port += size;
        bytes -= size;
    }
    return data;
}

static void guest_io_write(unsigned int port, unsigned int bytes,
                           uint32_t data, const struct domain *d)
{
    if ( admin_io_okay(port, bytes, d) )
    {
        port_write(port, bytes, data);
        return;
    }
    while ( bytes )
    {
        unsigned int size = 1;

        if ( ioports_permitted(d, port, port) && port != 0x70 &&
             port != 0x71 )
        {
            if ( bytes > 1 && !(port & 1) &&
                 ioports_permitted(d, port, port + 1) )
                size = 2;
            port_write(port, size, data);
        }
        port += size;
        bytes -= size;
        data >>= size * 8;
    }
}

/* One element of ins/outs: %rdi/%rsi advance by DF, %rcx counts down. */
static bool string_io(struct cpu_user_regs *regs, const struct x86_insn *insn,
                      unsigned int port)
{
    struct domain *d = current->domain;
    bool in = insn->op == X86_OP_INS;
    uint64_t *ptr = in ? &regs->rdi : &regs->rsi;
    uint64_t mask = insn->addr32 ? 0xffffffffUL : ~0UL;
    unsigned long addr, base = 0;
    uint32_t data = 0;

    if ( insn->rep && !(regs->rcx & mask) )
        return true;                    /* nothing to do: skip it */
    /* Only an FS/GS override moves the source of outs (ins uses ES). */
    if ( !in && insn->seg == X86_SEG_FS )
        base = rdmsr(MSR_FS_BASE);
    else if ( !in && insn->seg == X86_SEG_GS )
        base = rdmsr(MSR_GS_BASE);
    addr = base + (*ptr & mask);
    if ( in )
    {
        data = guest_io_read(port, insn->bytes, d);
        if ( copy_to_guest_raw(addr, &data, insn->bytes) )
        {
            pv_inject_page_fault(regs, PFEC_write, addr);
            return false;
        }
    }
    else
    {
        if ( copy_from_guest_raw(&data, addr, insn->bytes) )
        {
            pv_inject_page_fault(regs, 0, addr);
            return false;
        }
        guest_io_write(port, insn->bytes, data, d);
    }
    if ( regs->rflags & X86_EFLAGS_DF )
        *ptr = (*ptr & ~mask) | ((*ptr - insn->bytes) & mask);
    else
        *ptr = (*ptr & ~mask) | ((*ptr + insn->bytes) & mask);
    if ( insn->rep )
        regs->rcx = (regs->rcx & ~mask) | ((regs->rcx - 1) & mask);
    return true;
}

bool pv_emulate_io(struct cpu_user_regs *regs, const struct x86_insn *insn)
{
    struct vcpu *v = current;
    unsigned int port = insn->port_imm ? insn->imm8 : (uint16_t)regs->rdx;
    uint32_t data;

    if ( !guest_io_okay(port, insn->bytes, v) )
        return false;                   /* the #GP stands */

    switch ( insn->op )
    {
    case X86_OP_IN:
        data = guest_io_read(port, insn->bytes, v->domain);
        if ( insn->bytes == 4 )
            regs->rax = data;           /* 32-bit results zero-extend */
        else
            memcpy(&regs->rax, &data, insn->bytes);
        break;
    case X86_OP_OUT:
        guest_io_write(port, insn->bytes, (uint32_t)regs->rax, v->domain);
        break;
    default:
        if ( !string_io(regs, insn, port) )
            return true;                /* a #PF was injected */
        /* One element per exit: a rep form re-executes until done, which
         * keeps a long loop preemptible (Xen breaks off likewise). */
        if ( insn->rep && (regs->rcx & (insn->addr32 ? 0xffffffffUL
                                                     : ~0UL)) )
            return true;
        break;
    }
    pv_emul_instruction_done(regs, regs->rip + insn->len);
    return true;
}
