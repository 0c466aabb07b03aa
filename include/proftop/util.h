/* Small helpers every layer may use. */
#ifndef PROFTOP_UTIL_H
#define PROFTOP_UTIL_H

#define ARRAY_SIZE(a) (sizeof(a) / sizeof *(a))

/* A case that goes on into the next one on purpose (gcc and clang). */
#if defined(__GNUC__) && __GNUC__ >= 7 || defined(__clang__)
#define FALLTHROUGH __attribute__((fallthrough))
#else
#define FALLTHROUGH do {} while (0)
#endif

#endif
