/*
 * io_port conformance: port I/O from the guest kernel is refused (#GP)
 * until PHYSDEVOP_set_iopl or set_iobitmap allows it; then dom0 reaches
 * the real port (DMA page register 0x81 reads back what was written),
 * while a port the hypervisor keeps (COM1's scratch register) reads as
 * all ones.  Expectations are Xen 4.17's emul-priv-op.c guest_io_okay /
 * admin_io_okay and physdev.c, checked with run-on-xen.
 */
#include <test.h>

const char test_title[] = "io_port: in/out under virtual IOPL and I/O bitmap";

#define PORT_DMA_PAGE  0x81     /* QEMU's i8257 page register: R/W */
#define PORT_COM1_SCR  0x3ff    /* kept by the hypervisor's console */

/* inb/outb that report a fault: true if no fault. */
static bool inb_safe(uint16_t port, uint8_t *val)
{
    uint8_t v = 0;

    trap_last.vector = X86_NR_EXC;
    asm volatile ("1: inb %w1, %0\n2:\n\t" ASM_EXTABLE(1b, 2b)
                  : "+a" (v) : "Nd" (port) : "memory");
    *val = v;
    return trap_last.vector == X86_NR_EXC;
}

static bool outb_safe(uint16_t port, uint8_t val)
{
    trap_last.vector = X86_NR_EXC;
    asm volatile ("1: outb %0, %w1\n2:\n\t" ASM_EXTABLE(1b, 2b)
                  :: "a" (val), "Nd" (port) : "memory");
    return trap_last.vector == X86_NR_EXC;
}

static long set_iopl(unsigned int iopl)
{
    struct physdev_set_iopl op = { .iopl = iopl };

    return hypercall_physdev_op(PHYSDEVOP_set_iopl, &op);
}

static void expect_gp(const char *what, bool ok)
{
    if ( ok || trap_last.vector != X86_EXC_GP )
        xtf_failure("Fail: %s: no #GP\n", what);
    else
        printk("  %-36s #GP(%#x)\n", what, trap_last.error_code);
}

static void test_iopl(void)
{
    uint8_t v = 0;

    expect_gp("inb 0x81, IOPL 0", inb_safe(PORT_DMA_PAGE, &v));
    expect_gp("outb 0x81, IOPL 0", outb_safe(PORT_DMA_PAGE, 0x5a));
    xtf_expect_hex("set_iopl(4)", set_iopl(4), -XEN_EINVAL);
    xtf_expect_hex("set_iopl(1)", set_iopl(1), 0);

    if ( !outb_safe(PORT_DMA_PAGE, 0x5a) || !inb_safe(PORT_DMA_PAGE, &v) )
        xtf_failure("Fail: port 0x81 faulted under IOPL 1\n");
    xtf_expect_hex("port 0x81 reads back", v, 0x5a);
    outb_safe(PORT_DMA_PAGE, 0);

    if ( !outb_safe(PORT_COM1_SCR, 0x5a) || !inb_safe(PORT_COM1_SCR, &v) )
        xtf_failure("Fail: COM1 scratch faulted under IOPL 1\n");
    xtf_expect_hex("COM1 scratch (hypervisor's) reads", v, 0xff);

    /* cli/sti are let through as no-ops when IOPL allows them. */
    trap_last.vector = X86_NR_EXC;
    asm volatile ("1: cli; sti\n2:\n\t" ASM_EXTABLE(1b, 2b) ::: "memory");
    xtf_expect_hex("cli; sti under IOPL 1 fault", trap_last.vector == X86_NR_EXC
                                                  ? 0 : 1, 0);

    xtf_expect_hex("set_iopl(0)", set_iopl(0), 0);
    expect_gp("inb 0x81, IOPL 0 again", inb_safe(PORT_DMA_PAGE, &v));
}

static void test_iobitmap(void)
{
    /* Bit clear: allowed.  Only port 0x81 of the first 0x100. */
    static uint8_t bitmap[8192];
    struct physdev_set_iobitmap op = { .nr_ports = 0x100 };
    uint8_t v = 0;

    memset(bitmap, 0xff, sizeof(bitmap));
    bitmap[PORT_DMA_PAGE >> 3] &= ~(1 << (PORT_DMA_PAGE & 7));
    set_xen_guest_handle(op.bitmap, bitmap);
    xtf_expect_hex("set_iobitmap", hypercall_physdev_op(PHYSDEVOP_set_iobitmap,
                                                        &op), 0);
    if ( !outb_safe(PORT_DMA_PAGE, 0x33) || !inb_safe(PORT_DMA_PAGE, &v) )
        xtf_failure("Fail: port 0x81 faulted with its bitmap bit clear\n");
    xtf_expect_hex("port 0x81 via bitmap reads back", v, 0x33);
    outb_safe(PORT_DMA_PAGE, 0);
    expect_gp("inb 0x82 (bit set)", inb_safe(0x82, &v));
    expect_gp("inb 0x181 (beyond nr_ports)", inb_safe(0x181, &v));

    op.nr_ports = 65537;
    xtf_expect_hex("set_iobitmap(65537 ports)",
                   hypercall_physdev_op(PHYSDEVOP_set_iobitmap, &op),
                   -XEN_EINVAL);
    op.nr_ports = 0;
    xtf_expect_hex("set_iobitmap(0 ports)",
                   hypercall_physdev_op(PHYSDEVOP_set_iobitmap, &op), 0);
    expect_gp("inb 0x81, bitmap off", inb_safe(PORT_DMA_PAGE, &v));
}

void test_main(void)
{
    test_iopl();
    test_iobitmap();

    xtf_success(NULL);
}
