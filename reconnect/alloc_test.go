//go:build !race

package reconnect_test

import (
	"context"
	"testing"
)

// The decision on a failed call whose error is a bare code does not allocate.
func TestDecisionDoesNotAllocate(t *testing.T) {
	d := benchDriver(t)
	ctx := context.Background()
	for _, tc := range decisionCases {
		if n := testing.AllocsPerRun(100, func() { sinkBool = d.ShouldReconnect(tc.method, tc.err) }); n != 0 {
			t.Errorf("ShouldReconnect(%s) allocates %.0f times", tc.name, n)
		}
		if d.ShouldReconnect(tc.method, tc.err) {
			continue
		}
		call := func(context.Context) error { return tc.err }
		if n := testing.AllocsPerRun(100, func() { sinkBool = d.Call(ctx, tc.method, call) != nil }); n != 0 {
			t.Errorf("Call(%s) allocates %.0f times", tc.name, n)
		}
	}
}
