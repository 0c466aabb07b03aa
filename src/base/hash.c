/* The per-process hash key and the keyed string hash. */
#include "autoconfig.h"

#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "proftop/hash.h"

uint64_t hash_seed;

/* Before main(): every table built afterwards sees the same key. */
__attribute__((constructor)) static void hash_seed_init(void)
{
	uint64_t s = 0;

	if (getrandom(&s, sizeof s, GRND_NONBLOCK) != (ssize_t)sizeof s) {
		/* No entropy yet (early boot): unpredictable enough for a hash key. */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		s = (uint64_t)ts.tv_nsec << 32 ^ (uint64_t)ts.tv_sec ^ (uint64_t)getpid() << 16 ^
		    (uint64_t)(uintptr_t)&s;
	}
	hash_seed = hash_mix(s);
}

uint64_t hash_bytes_keyed(const void *s, size_t len)
{
	const unsigned char *p = s;
	uint64_t h = hash_mix(hash_seed ^ len), w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = hash_mix(h ^ w);
	}
	if (i < len) {
		w = 0;
		memcpy(&w, p + i, len - i);
		h = hash_mix(h ^ w);
	}
	return h;
}
