// Package memtest measures what code allocates, for the tests and fuzz
// targets that bound it by the size of their input.
package memtest

import "runtime"

// Allocated returns the bytes f allocates. It counts the whole process, so
// it is f's count when nothing else runs at the same time, as in a fuzz
// worker, which runs one input at a time; the runtime's own allocations are
// included.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
