package python

// #include "walk.h"
import "C"

import (
	"sync"
	"time"
)

// TreeSitterCPU parses src with tree-sitter alone, as Parse does, but
// neither flattens nor converts the tree, and returns the CPU time of the
// parsing thread: the least any parse of src costs. Benchmarks sum it over
// the files a run parsed to measure the run against its parse floor.
func TreeSitterCPU(src []byte) (time.Duration, bool) {
	p := cSource(src)
	parser := getParser()
	if parser == nil {
		return 0, false
	}
	defer putParser(parser)
	us := int64(C.acr_parse_only(parser, p, C.uint32_t(len(src))))
	if us < 0 {
		return 0, false
	}
	return time.Duration(us) * time.Microsecond, true
}

// tracked counts, while tracking is on, the parses of each file by path
// ("" for ParseBytes): a benchmark tells the files a run parsed, and how
// many it parsed more than once.
var tracked struct {
	sync.Mutex
	on     bool
	counts map[string]int
}

// TrackParses starts counting parses per file, afresh; Tracked returns
// the counts so far.
func TrackParses() {
	tracked.Lock()
	tracked.on, tracked.counts = true, map[string]int{}
	tracked.Unlock()
}

// Tracked returns the number of parses of each file path since
// TrackParses ("" for sources parsed with ParseBytes).
func Tracked() map[string]int {
	tracked.Lock()
	defer tracked.Unlock()
	out := make(map[string]int, len(tracked.counts))
	for k, v := range tracked.counts {
		out[k] = v
	}
	return out
}

func track(path string) {
	tracked.Lock()
	if tracked.on {
		tracked.counts[path]++
	}
	tracked.Unlock()
}
