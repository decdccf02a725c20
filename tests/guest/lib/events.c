/*
 * Events and time for conformance tests (see events.h).  The callback
 * entry takes Xen's event bounce frame (RCX, R11, RIP, CS, RFLAGS, RSP,
 * SS), saves the registers, acks every pending unmasked port as Linux's
 * 2-level handler does, and returns through the iret hypercall.
 */
#include <test.h>
#include <events.h>

#define VIRT_BASE   0xffffffff80000000UL
#define PTE_FLAGS   0x067UL             /* P, RW, USER, A, D */

struct shared_info *shared;
struct vcpu_info *vcpu0;
volatile unsigned int upcalls;
volatile uint8_t port_events[4096];

static uint8_t shared_page[4096] __attribute__((aligned(4096)));

void entry_EVTCHN(void);
void do_upcall(void);

asm (
    "    .text\n"
    "    .globl entry_EVTCHN\n"
    "entry_EVTCHN:\n"
    "    pop %rcx\n"
    "    pop %r11\n"
    "    push %rdi; push %rsi; push %rdx; push %rcx; push %rax\n"
    "    push %r8; push %r9; push %r10; push %r11; push %rbp\n"
    "    mov %rsp, %rbp\n"
    "    and $~15, %rsp\n"
    "    cld\n"
    "    call do_upcall\n"
    "    mov %rbp, %rsp\n"
    "    pop %rbp; pop %r11; pop %r10; pop %r9; pop %r8\n"
    "    pop %rax; pop %rcx; pop %rdx; pop %rsi; pop %rdi\n"
    /* iret hypercall, flags 0: %rcx and %r11 come back from the stub. */
    "    push $0\n"
    "    jmp hypercall_page + " XSTR(__HYPERVISOR_iret) " * 32\n"
);

void do_upcall(void)
{
    unsigned long sel;

    upcalls++;
    vcpu0->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&vcpu0->evtchn_pending_sel, 0,
                              __ATOMIC_SEQ_CST);
    while ( sel )
    {
        unsigned int w = __builtin_ctzl(sel);
        unsigned long bits = shared->evtchn_pending[w] &
                             ~shared->evtchn_mask[w];

        sel &= sel - 1;
        while ( bits )
        {
            unsigned int b = __builtin_ctzl(bits);

            bits &= bits - 1;
            __atomic_fetch_and(&shared->evtchn_pending[w], ~(1UL << b),
                               __ATOMIC_SEQ_CST);
            port_events[w * 64 + b]++;
        }
    }
}

unsigned long virt_to_mfn(const void *va)
{
    const unsigned long *p2m = (const unsigned long *)start_info->mfn_list;

    return p2m[((unsigned long)va - VIRT_BASE) >> 12];
}

void events_init(void)
{
    struct callback_register cb = {
        .type = CALLBACKTYPE_event,
        .address = (unsigned long)entry_EVTCHN,
    };
    long rc;

    rc = hypercall_update_va_mapping((unsigned long)shared_page,
                                     start_info->shared_info | PTE_FLAGS,
                                     UVMF_INVLPG);
    if ( rc )
        panic("events_init: mapping shared_info: %ld", rc);
    shared = (struct shared_info *)shared_page;
    vcpu0 = &shared->vcpu_info[0];
    rc = hypercall_callback_op(CALLBACKOP_register, &cb);
    if ( rc )
        panic("events_init: event callback: %ld", rc);
}

void events_mask(bool masked)
{
    __atomic_store_n(&vcpu0->evtchn_upcall_mask, masked, __ATOMIC_SEQ_CST);
    /* Unmasked with an event pending: any hypercall delivers it. */
    if ( !masked && vcpu0->evtchn_upcall_pending )
        hypercall_xen_version(XENVER_version, NULL);
}

uint64_t pvclock_ns(void)
{
    const volatile struct vcpu_time_info *t = &vcpu0->time;
    uint32_t ver;
    uint64_t delta, sys;
    uint32_t mul;
    int8_t shift;

    do {
        ver = t->version;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        delta = rdtsc() - t->tsc_timestamp;
        sys = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    } while ( (ver & 1) || ver != t->version );
    if ( (int64_t)delta < 0 )
        delta = 0;
    delta = shift < 0 ? delta >> -shift : delta << shift;
    return sys + (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

long evtchn_bind_virq(uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_virq, &b);

    return rc ? rc : (long)b.port;
}

long evtchn_bind_ipi(uint32_t vcpu)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu };
    long rc = hypercall_event_channel_op(EVTCHNOP_bind_ipi, &b);

    return rc ? rc : (long)b.port;
}

/* close, send and unmask all take a bare { port }. */
long evtchn_op_port(unsigned int cmd, evtchn_port_t port)
{
    evtchn_port_t p = port;

    return hypercall_event_channel_op(cmd, &p);
}

bool port_pending(evtchn_port_t port)
{
    return (shared->evtchn_pending[port / 64] >> (port % 64)) & 1;
}
