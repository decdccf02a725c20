/*
 * Interface between a conformance test and the PVX guest test library,
 * after Xen's Test Framework: a test defines test_title and test_main()
 * and reports through the four verbs; the most severe verb wins.
 */
#ifndef TESTS_GUEST_TEST_H
#define TESTS_GUEST_TEST_H

#include <hypercalls/hypercall.h>
#include <pv-guest/lib.h>
#include <pv-guest/traps.h>
#include <xen/errno.h>

/* Provided by each test. */
extern const char test_title[];
void test_main(void);

/*
 * Verbs, in increasing severity.  fmt may be NULL for no message.
 * success: the behaviour was checked and is right;
 * skip:    it cannot be checked here (e.g. a feature is absent);
 * error:   the test itself went wrong;
 * failure: the behaviour under test is wrong.
 */
void xtf_success(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xtf_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xtf_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xtf_failure(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Check one value: a failure naming what, got and want if they differ,
 * else a line "  <what> <got>" for the log (decimal, or hex).
 */
void xtf_expect(const char *what, long got, long want);
void xtf_expect_hex(const char *what, unsigned long got, unsigned long want);

/* Prints the final "Test result: <STATUS>" line and powers off. */
void __attribute__((noreturn)) xtf_exit(void);

/*
 * Addresses no guest may hand to the hypervisor: non-canonical, and inside
 * Xen's reserved range (L4 slots 256-271, pv-abi.md 4.2).
 */
#define BAD_PTR_NONCANONICAL    ((void *)0x8000000000000000UL)
#define BAD_PTR_HYPERVISOR      ((void *)0xffff830000000000UL)

#endif /* TESTS_GUEST_TEST_H */
