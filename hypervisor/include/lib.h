/*
 * Basic types, assertions, string routines and logging for ring 0.
 * Trusts nothing it is handed beyond what each prototype states.
 */
#ifndef PVX_LIB_H
#define PVX_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#define ARRAY_SIZE(a)  (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)      ((a) < (b) ? (a) : (b))
#define MAX(a, b)      ((a) > (b) ? (a) : (b))
#define ROUNDUP(x, a)  (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ROUNDDOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define BUILD_BUG_ON(c) _Static_assert(!(c), #c)
/* One real load or store of x: for memory another party may change. */
#define ACCESS_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define unlikely(x)    __builtin_expect(!!(x), 0)
#define noreturn       __attribute__((noreturn))

/* Log levels, as Xen's loglvl= takes them. */
enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_printk(enum log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void log_set_level(const char *name);

#define pr_err(...)   log_printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)  log_printk(LOG_WARN, __VA_ARGS__)
#define pr_info(...)  log_printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) log_printk(LOG_DEBUG, __VA_ARGS__)

/* A bug in PVX itself: print, dump, stop the machine. */
noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A boot-time refusal (bad image, bad memory map): one line, exit 33. */
noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define BUG_ON(c) \
    do { if ( unlikely(c) ) panic("BUG at %s:%d: %s", __FILE__, __LINE__, \
                                  #c); } while ( 0 )
#ifdef NDEBUG
#define ASSERT(c) do { } while ( 0 )
#else
#define ASSERT(c) BUG_ON(!(c))
#endif

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
size_t strlcpy(char *dst, const char *src, size_t size);
unsigned long simple_strtoul(const char *s, const char **end,
                            unsigned int base);

#endif /* PVX_LIB_H */
