/*
 * The CMOS real-time clock, read once at boot for the wallclock (Xen's
 * get_cmos_time).  Trusts nothing about the RTC's mode: BCD or binary,
 * 12 or 24 hour, both are decoded.  Precision is one second.
 */
#include "lib.h"
#include "vtime.h"
#include "x86.h"

#define CMOS_ADDR 0x70
#define CMOS_DATA 0x71
#define RTC_UIP   0x80                  /* register A: update in progress */
#define RTC_BIN   0x04                  /* register B: binary, not BCD */
#define RTC_24H   0x02                  /* register B: 24-hour clock */

static unsigned int cmos_read(unsigned int reg)
{
    outb(CMOS_ADDR, (uint8_t)reg);
    return inb(CMOS_DATA);
}

struct rtc_time
{
    unsigned int sec, min, hour, mday, mon, year;
};

static void rtc_sample(struct rtc_time *t)
{
    while ( cmos_read(0x0a) & RTC_UIP )
        cpu_relax();
    t->sec = cmos_read(0x00);
    t->min = cmos_read(0x02);
    t->hour = cmos_read(0x04);
    t->mday = cmos_read(0x07);
    t->mon = cmos_read(0x08);
    t->year = cmos_read(0x09);
}

static unsigned int bcd(unsigned int v)
{
    return (v & 0x0f) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to y-m-d (the proleptic Gregorian calendar). */
static uint64_t days_since_epoch(unsigned int y, unsigned int m,
                                 unsigned int d)
{
    /* Count March-based years so the leap day ends the year. */
    if ( m <= 2 )
    {
        y--;
        m += 12;
    }
    return (uint64_t)y * 365 + y / 4 - y / 100 + y / 400 +
           (153 * (m - 3) + 2) / 5 + d - 719469;
}

uint64_t rtc_read_seconds(void)
{
    struct rtc_time a, b;
    unsigned int regb = cmos_read(0x0b), pm;

    /* Read until two samples agree: an update may split one. */
    do {
        rtc_sample(&a);
        rtc_sample(&b);
    } while ( memcmp(&a, &b, sizeof(a)) );

    pm = a.hour & 0x80;
    a.hour &= 0x7f;
    if ( !(regb & RTC_BIN) )
    {
        a.sec = bcd(a.sec);
        a.min = bcd(a.min);
        a.hour = bcd(a.hour);
        a.mday = bcd(a.mday);
        a.mon = bcd(a.mon);
        a.year = bcd(a.year);
    }
    if ( !(regb & RTC_24H) )
        a.hour = (a.hour % 12) + (pm ? 12 : 0);
    /* Two-digit year, as Xen reads it: 70-99 are 19xx, the rest 20xx. */
    a.year += a.year < 70 ? 2000 : 1900;
    return days_since_epoch(a.year, a.mon, a.mday) * 86400 +
           a.hour * 3600 + a.min * 60 + a.sec;
}
