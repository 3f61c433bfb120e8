package multichecker

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// followLiveHeap keeps the soft memory limit at least 1.5 times the live
// heap, re-computed after every garbage collection. The fixed limit
// bounds the garbage a review piles up, but a single file whose parse
// tree and findings alone outgrow it would make the collector run back
// to back, each time over the whole live heap: time quadratic in the
// file's size. With the headroom the collector runs once per half a live
// heap allocated, so its work stays proportional to the allocations. On
// an 8 MB file dense with findings, a quarter of a live heap of headroom
// cost 1.4 times the CPU, and three quarters took 100 MB more memory for
// no measurable gain in time.
func followLiveHeap(floor int64) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var afterGC func(*gcSentinel)
	afterGC = func(s *gcSentinel) {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			live := int64(sample[0].Value.Uint64())
			debug.SetMemoryLimit(max(floor, live+live/2))
		}
		runtime.SetFinalizer(s, afterGC) // again after the next cycle
	}
	runtime.SetFinalizer(&gcSentinel{}, afterGC)
}

// gcSentinel is garbage from birth: its finalizer runs once per cycle.
type gcSentinel struct{ _ [16]byte }
