# hypercalls/: header-only guest side of the ABI, plus one generated header
# that carries constants from C-only Xen public headers into assembly.
# Included from pv-guest/build.mk (the top-level Makefile lists only the
# kernel fragments).

HYPERCALLS_INC := -Ihypercalls/include -I$(BUILD)/hypercalls/include

ASM_CONSTS_H := $(BUILD)/hypercalls/include/hypercalls/asm-consts.h

# Every "->NAME VALUE" marker in the compiler's assembly output becomes
# `#define ASM_NAME VALUE`; gcc prints immediates as "$N" in AT&T syntax.
ASM_CONSTS_RE := .*->\([A-Za-z_]*\) \$$\{0,1\}\(-\{0,1\}[0-9]*\).*
ASM_CONSTS_SED := s/$(ASM_CONSTS_RE)/\#define ASM_\1 \2/p

$(ASM_CONSTS_H): hypercalls/asm-consts.c hypercalls/build.mk
	@mkdir -p $(@D)
	$(CC) $(filter-out -MMD -MP,$(GUEST_CFLAGS)) -S -o $@.s $<
	{ echo '/* Generated from hypercalls/asm-consts.c: do not edit. */'; \
	  sed -n '$(ASM_CONSTS_SED)' $@.s; } > $@.tmp
	mv $@.tmp $@
	rm -f $@.s
