//go:build !linux

package codec

import "time"

// threadTime returns the wall-clock time where the system does not report a
// thread's CPU time; the cost it measures then includes other processes.
func threadTime() time.Duration { return time.Duration(time.Now().UnixNano()) }
