/*
 * Freestanding C library of the PV kernel core: formatted output, string
 * helpers, shutdown and panic.  Everything prints through console_io, so it
 * works before any page of the address space has been changed.
 */
#ifndef PV_GUEST_LIB_H
#define PV_GUEST_LIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/xen.h>

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(c) _Static_assert(!(c), #c)
#define STR(x)          #x
#define XSTR(x)         STR(x)      /* stringify after macro expansion */

/* Set by head.S from %rsi before any C runs; never NULL afterwards. */
extern const start_info_t *start_info;

/* The program's entry, called by head.S on the core's own stack. */
void kernel_main(void);

/* console.c: raw console output and input: the console ring of a domU
 * with a console page, else console_io.  console_read never blocks. */
void console_write(const char *buf, size_t len);
size_t console_read(char *buf, size_t len);

/* printf.c */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
    __attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void vprintk(const char *fmt, va_list args)
    __attribute__((format(printf, 1, 0)));
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* shutdown.c */
void __attribute__((noreturn)) shutdown(unsigned int reason);
void __attribute__((noreturn, format(printf, 1, 2)))
    panic(const char *fmt, ...);

/* string.c */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int strcmp(const char *a, const char *b);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strncmp(const char *a, const char *b, size_t n);
size_t strlcpy(char *dst, const char *src, size_t size);
char *strstr(const char *haystack, const char *needle);

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile ("rdtsc" : "=a" (lo), "=d" (hi));
    return ((uint64_t)hi << 32) | lo;
}

#endif /* PV_GUEST_LIB_H */
