package multichecker

import (
	"os"
	"testing"
)

func TestTuneMallocOnGlibc(t *testing.T) {
	if !glibc() {
		t.Skip("not glibc: nothing to tune")
	}
	if os.Getenv("MALLOC_MMAP_THRESHOLD_") != "" {
		if tuneMalloc() {
			t.Fatal("tuneMalloc overrode MALLOC_MMAP_THRESHOLD_")
		}
		return
	}
	if !tuneMalloc() {
		t.Fatal("mallopt refused the mmap threshold")
	}
}
