package testvec

import "runtime"

// Allocated returns the bytes f allocates. Fuzz inputs run one at a time in
// a worker, so the process-wide count is f's, give or take the runtime's
// own: fuzz targets bound it by their input.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
