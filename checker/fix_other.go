//go:build !unix

package checker

import (
	"fmt"
	"io/fs"
	"os"
)

// replaceable reports why -fix may not replace the file at path: it is
// read-only.
func replaceable(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Mode().Perm()&0o222 == 0 {
		return fmt.Errorf("is read-only (mode %v)", st.Mode().Perm())
	}
	return nil
}

// keepOwner has nothing to keep where files have no Unix owner.
func keepOwner(*os.File, fs.FileInfo) error { return nil }
