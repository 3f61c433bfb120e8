//go:build !linux || !cgo

package multichecker

// tuneMalloc has nothing to tune outside glibc.
func tuneMalloc() bool { return false }

func glibc() bool { return false }
