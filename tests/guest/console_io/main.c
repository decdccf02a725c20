/*
 * console_io conformance: CONSOLEIO_write of normal, empty, long and
 * hostile buffers, CONSOLEIO_read, and unknown sub-ops.  Expectations are
 * Xen 4.17's do_console_io (xen/drivers/char/console.c), which returns 0
 * for a complete write, not a byte count.
 */
#include <test.h>

const char test_title[] = "console_io: write, read and bad arguments";

/* Longer than Xen's 128-byte bounce buffer and than 1 KiB. */
#define LONG_LEN    1500

static char long_buf[LONG_LEN];

static void test_write(void)
{
    static const char msg[] = "console_io: plain write\n";
    unsigned int i;

    xtf_expect("plain write",
               hypercall_console_io(CONSOLEIO_write, sizeof(msg) - 1, msg), 0);

    /* Zero length copies nothing, so even a bad pointer is fine. */
    xtf_expect("zero-length write",
               hypercall_console_io(CONSOLEIO_write, 0, msg), 0);
    xtf_expect("zero-length write, NULL",
               hypercall_console_io(CONSOLEIO_write, 0, NULL), 0);
    xtf_expect("zero-length write, non-canonical",
               hypercall_console_io(CONSOLEIO_write, 0, BAD_PTR_NONCANONICAL),
               0);

    /* A long, printable buffer ending in one newline. */
    for ( i = 0; i < LONG_LEN - 1; i++ )
        long_buf[i] = '0' + i % 10;
    long_buf[LONG_LEN - 1] = '\n';
    xtf_expect("1500-byte write",
               hypercall_console_io(CONSOLEIO_write, LONG_LEN, long_buf), 0);
}

static void test_bad_pointers(void)
{
    xtf_expect("write from non-canonical address",
               hypercall_console_io(CONSOLEIO_write, 16, BAD_PTR_NONCANONICAL),
               -XEN_EFAULT);
    xtf_expect("write from hypervisor address",
               hypercall_console_io(CONSOLEIO_write, 16, BAD_PTR_HYPERVISOR),
               -XEN_EFAULT);
    /* VA 0 is outside the bootstrap mapping of a VIRT_BASE kernel. */
    xtf_expect("write from unmapped address",
               hypercall_console_io(CONSOLEIO_write, 16, NULL), -XEN_EFAULT);
}

static void test_read(void)
{
    char buf[16];
    long rc = hypercall_console_io(CONSOLEIO_read, sizeof(buf), buf);

    if ( rc < 0 || rc > (long)sizeof(buf) )
        xtf_failure("Fail: read: got %ld, expected 0..%zu\n", rc,
                    sizeof(buf));

    /* The count must stay apart from negative errors (Xen: -E2BIG). */
    xtf_expect("read of 2^31 bytes",
               hypercall_console_io(CONSOLEIO_read, 0x80000000U, buf),
               -XEN_E2BIG);
}

static void test_unknown_subops(void)
{
    static const unsigned int ops[] = { 2, 3, 0x100, 0xffffffffU };
    unsigned int i;
    char buf[4] = "ok\n";

    for ( i = 0; i < ARRAY_SIZE(ops); i++ )
    {
        long rc = hypercall_console_io(ops[i], sizeof(buf) - 1, buf);

        if ( rc != -XEN_ENOSYS )
            xtf_failure("Fail: sub-op %#x: got %ld, expected -ENOSYS\n",
                        ops[i], rc);
    }
}

void test_main(void)
{
    test_write();
    test_bad_pointers();
    test_read();
    test_unknown_subops();

    xtf_success(NULL);
}
