/* grow_array: doubling from the first size, a jump to what is needed, and
 * an impossible size refused with the array untouched. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "proftop/util.h"

int main(void)
{
	uint32_t *a = NULL, *before;
	size_t cap = 0, i;

	CHECK_INT("first growth", 0, grow_array(&a, &cap, 1, sizeof *a, 16));
	CHECK_INT("starts at FIRST", 16, (long long)cap);
	for (i = 0; i < 16; i++)
		a[i] = (uint32_t)i;
	CHECK_INT("no growth when it fits", 0, grow_array(&a, &cap, 16, sizeof *a, 16));
	CHECK_INT("still FIRST", 16, (long long)cap);
	CHECK_INT("one more doubles", 0, grow_array(&a, &cap, 17, sizeof *a, 16));
	CHECK_INT("doubled", 32, (long long)cap);
	CHECK_INT("contents kept", 15, a[15]);
	CHECK_INT("a jump", 0, grow_array(&a, &cap, 1000, sizeof *a, 16));
	CHECK_INT("to the next power of two times FIRST", 1024, (long long)cap);
	before = a;
	CHECK_INT("an overflowing size is refused", -1,
		  grow_array(&a, &cap, SIZE_MAX / 2, sizeof *a, 16));
	CHECK("the array untouched", a == before && cap == 1024 && a[15] == 15);
	free(a);
	return CHECK_DONE();
}
