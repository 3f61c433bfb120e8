package checker

import (
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

func statOf(st fs.FileInfo) fileStat {
	s := fileStat{Size: st.Size(), ModNs: st.ModTime().UnixNano()}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		s.Ino = int64(sys.Ino)
		s.CtimeNs = sys.Ctim.Sec*1e9 + sys.Ctim.Nsec
	}
	return s
}

// openDir opens a directory to list and to stat its entries by name
// (statIn), and returns its descriptor. It is opened outside Go's poller,
// which os.Open tries and, for a directory, undoes: five system calls
// per directory of the walk.
func openDir(abs string) (*os.File, int, error) {
	fd, err := unix.Open(abs, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, -1, &os.PathError{Op: "open", Path: abs, Err: err}
	}
	return os.NewFile(uintptr(fd), abs), fd, nil
}

// statIn stats the entry name of the directory open as dirfd (whose path
// joined with name is abs), following a symbolic link when follow is set, with
// one fstatat relative to the directory. It reports whether the entry is
// a regular file.
func statIn(dirfd int, name, abs string, follow bool) (fileStat, bool, error) {
	flags := 0
	if !follow {
		flags = unix.AT_SYMLINK_NOFOLLOW
	}
	var st unix.Stat_t
	if err := unix.Fstatat(dirfd, name, &st, flags); err != nil {
		return fileStat{}, false, &os.PathError{Op: "stat", Path: abs, Err: err}
	}
	return fileStat{
		Size:    st.Size,
		ModNs:   st.Mtim.Sec*1e9 + st.Mtim.Nsec,
		Ino:     int64(st.Ino),
		CtimeNs: st.Ctim.Sec*1e9 + st.Ctim.Nsec,
	}, st.Mode&unix.S_IFMT == unix.S_IFREG, nil
}
