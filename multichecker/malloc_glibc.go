//go:build linux && cgo

package multichecker

/*
#include <stdlib.h> // defines __GLIBC__ on glibc
#ifdef __GLIBC__
#include <malloc.h>
#endif

static int acr_glibc(void) {
#ifdef __GLIBC__
	return 1;
#else
	return 0;
#endif
}

static int acr_fix_mmap_threshold(int bytes) {
#ifdef __GLIBC__
	return mallopt(M_MMAP_THRESHOLD, bytes);
#else
	return 0;
#endif
}
*/
import "C"

import "os"

// mmapThreshold is the allocation size from which glibc's malloc maps
// memory of its own and unmaps it on free.
const mmapThreshold = 128 << 10

// glibc reports whether the C library is glibc.
func glibc() bool { return C.acr_glibc() == 1 }

// tuneMalloc fixes glibc's mmap threshold, unless MALLOC_MMAP_THRESHOLD_
// sets it. The C parsers allocate large blocks for every file; glibc
// raises the threshold after the first such block is freed, so later ones
// came from, and stayed in, malloc's arenas: ten copies of the standard
// library peaked 10 MB higher, with no measurable difference in time. It
// reports whether it changed the threshold.
func tuneMalloc() bool {
	if os.Getenv("MALLOC_MMAP_THRESHOLD_") != "" {
		return false
	}
	return C.acr_fix_mmap_threshold(mmapThreshold) == 1
}
