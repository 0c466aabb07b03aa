/*
 * Text for a terminal: what a dump, an archive or a configuration names
 * must not reach a terminal as control sequences (an OSC 52 clipboard
 * write, a title change, a CSI through U+009B) or reorder what is shown
 * (bidi overrides).  Escaped as the UI shows them: control characters, C1
 * controls and invalid UTF-8 bytes as \xNN, invisible and bidi characters
 * as \uNNNN; newline and tab pass.
 */
#ifndef PROFTOP_TERMSAFE_H
#define PROFTOP_TERMSAFE_H

#include <stddef.h>
#include <stdint.h>

/* Characters that reorder, hide or join text (bidi controls, zero-width
 * characters, tag characters). */
int termsafe_hidden(uint32_t cp);

/* The escape of the character at s (len > 0): its length in bytes, with
 * esc set to its escape, or to "" when it is shown as it is.  With
 * !final, 0 when s is the valid start of a sequence len cuts short. */
size_t termsafe_unit(const char *s, size_t len, int final, char esc[12]);

/* Standard error always, standard output when it is a terminal: replaced
 * by streams that escape what they pass on.  Output to a pipe or a file is
 * left byte for byte.  (glibc only; elsewhere a no-op.) */
void termsafe_stderr(void);
void termsafe_stdout(void);

#endif
