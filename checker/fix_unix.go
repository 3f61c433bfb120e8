//go:build unix

package checker

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// replaceable reports why -fix may not replace the file at path: it is
// read-only (no write permission bit, even for root, or none for this
// user), or it has other hard links, which a new file would cut off.
func replaceable(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Mode().Perm()&0o222 == 0 || syscall.Access(path, 2 /* W_OK */) != nil {
		return fmt.Errorf("is read-only (mode %v)", st.Mode().Perm())
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && sys.Nlink > 1 {
		return fmt.Errorf("has %d hard links, which a rewrite would separate", sys.Nlink)
	}
	return nil
}

// keepOwner gives the temporary file tmp the owner and group of the file
// it replaces.
func keepOwner(tmp *os.File, st fs.FileInfo) error {
	want, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	have, err := tmp.Stat()
	if err != nil {
		return err
	}
	if got, ok := have.Sys().(*syscall.Stat_t); ok && got.Uid == want.Uid && got.Gid == want.Gid {
		return nil
	}
	if err := tmp.Chown(int(want.Uid), int(want.Gid)); err != nil {
		return fmt.Errorf("cannot keep owner %d and group %d: %w", want.Uid, want.Gid, err)
	}
	return nil
}
