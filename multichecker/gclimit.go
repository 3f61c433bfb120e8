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
//
// Below 128 MB of live heap the limit keeps minHeadroom above it instead:
// the limit counts all of the runtime's memory, not only the heap, so
// half a live heap of 70 to 90 MB, as a review of a service repository
// holds while its passes run, left 10 to 15 MB to allocate between
// collections, each of which marked the whole live heap to free that
// little.
func followLiveHeap(floor int64) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var afterGC func(*gcSentinel)
	afterGC = func(s *gcSentinel) {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			live := int64(sample[0].Value.Uint64())
			debug.SetMemoryLimit(max(floor, live+live/2, live+minHeadroom))
		}
		runtime.SetFinalizer(s, afterGC) // again after the next cycle
	}
	runtime.SetFinalizer(&gcSentinel{}, afterGC)
}

// minHeadroom is the least the memory limit leaves above the live heap
// (followLiveHeap). Measured over Prefect, Onyx and Polar, all passes cold:
// 6 to 8 collections instead of 10 to 11, peak RSS within 10 MB of
// before; over ten copies of the standard library, 10 collections
// instead of 21 to 25 and a peak RSS of 182 MB instead of 152 to 163 (the
// target there is 200).
const minHeadroom = 64 << 20

// gcSentinel is garbage from birth: its finalizer runs once per cycle.
type gcSentinel struct{ _ [16]byte }
