//go:build !unix

package checker

import (
	"io/fs"
	"os"
)

// platformRefusal has nothing to add to the mode bits where files have no
// Unix owner or hard links.
func platformRefusal(string, fs.FileInfo) error { return nil }

// keepOwner has nothing to keep where files have no Unix owner.
func keepOwner(*os.File, fs.FileInfo) error { return nil }
