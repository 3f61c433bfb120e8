//go:build unix

package checker

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// platformRefusal reports why this user may not replace the file at path
// with a new one: no write permission for this user, or other hard links,
// which a new file would cut off.
func platformRefusal(path string, st fs.FileInfo) error {
	if syscall.Access(path, 2 /* W_OK */) != nil {
		return errors.New("is not writable by this user")
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
