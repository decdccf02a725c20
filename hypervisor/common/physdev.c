/*
 * physdev_op: the I/O-privilege sub-operations of a PV vCPU (virtual IOPL
 * and the guest's I/O bitmap), with Xen 4.17 physdev.c's checks.  The
 * bitmap stays in guest memory and is read, as hostile, on each access
 * (arch/x86/pv/emulate_io.c).  Interrupt routing ops are not here yet.
 */
#include "lib.h"
#include <xen/xen.h>
#include <xen/physdev.h>
#include "domain.h"
#include "errno.h"
#include "guest_access.h"
#include "hypercall.h"

#define IOBMP_BYTES 8192                /* 65536 ports, one bit each */

long do_physdev_op(int cmd, unsigned long arg)
{
    struct vcpu *v = current;

    switch ( cmd )
    {
    case PHYSDEVOP_set_iopl:
    {
        struct physdev_set_iopl op;

        if ( copy_from_guest(&op, arg, 1) )
            return -EFAULT;
        if ( op.iopl > 3 )
            return -EINVAL;
        v->arch.iopl = op.iopl << 12;   /* in place: EFLAGS.IOPL */
        return 0;
    }
    case PHYSDEVOP_set_iobitmap:
    {
        struct physdev_set_iobitmap op;
        unsigned long bitmap;

        if ( copy_from_guest(&op, arg, 1) )
            return -EFAULT;
        bitmap = (unsigned long)op.bitmap.p;
        if ( !guest_range_ok(bitmap, IOBMP_BYTES) || op.nr_ports > 65536 )
            return -EINVAL;
        v->arch.iobmp = bitmap;
        v->arch.iobmp_limit = op.nr_ports;
        return 0;
    }
    }
    return -ENOSYS;
}
