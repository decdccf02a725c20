/*
 * Force-included into every ring-0 object (hypervisor/build.mk), never
 * into host unit tests: every symbol is local to the one static image, so
 * position-independent code reaches it RIP-relative, never through a GOT.
 */
#pragma GCC visibility push(hidden)
