//go:build !linux

package checker

import (
	"io/fs"
	"os"
)

// statOf is the portable part of a stat: the inode and change time, which
// Linux's stat adds, stay zero.
func statOf(st fs.FileInfo) fileStat {
	return fileStat{Size: st.Size(), ModNs: st.ModTime().UnixNano()}
}

// openDir opens a directory to list; statIn does not use the descriptor.
func openDir(abs string) (*os.File, int, error) {
	dir, err := os.Open(abs)
	return dir, -1, err
}

// statIn stats abs, following a symbolic link when follow is set, and
// reports whether it is a regular file. On Linux it stats relative to the
// directory open as dirfd instead.
func statIn(_ int, _, abs string, follow bool) (fileStat, bool, error) {
	stat := os.Lstat
	if follow {
		stat = os.Stat
	}
	st, err := stat(abs)
	if err != nil {
		return fileStat{}, false, err
	}
	return statOf(st), st.Mode().IsRegular(), nil
}
