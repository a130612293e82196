package reconnect_test

import (
	"context"
	"testing"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/reconnect"
)

var sinkBool bool

// benchDriver is a driver whose session must never be used: the benchmarks
// measure the decision only.
func benchDriver(tb testing.TB) *reconnect.Driver {
	c := newSimCluster("CLUS", "NODEA", "NODEB")
	d, err := reconnect.NewDriver(reconnect.Config{Version: 3, Candidates: []string{"CLUS", "NODEA", "NODEB"}, Server: "NODEA", Session: dial(c, 3, "NODEA", reconnect.AccessAll)})
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// decisionCases are failed calls whose error is a bare errors.Win32 and
// that do not run the procedure (Call) or only ask whether to (ShouldReconnect).
var decisionCases = []struct {
	name   string
	method string
	err    error
}{
	{"eligible method, reconnect code", "ApiGetNodeState", errors.RPC_S_SERVER_UNAVAILABLE},
	{"eligible method, other code", "ApiGetNodeState", errors.ERROR_ACCESS_DENIED},
	{"ineligible method, reconnect code", "ApiOpenCluster", errors.RPC_S_SERVER_UNAVAILABLE},
}

func BenchmarkDecisionBareCode(b *testing.B) {
	d := benchDriver(b)
	ctx := context.Background()
	for _, tc := range decisionCases {
		b.Run("ShouldReconnect/"+tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkBool = d.ShouldReconnect(tc.method, tc.err)
			}
		})
		if d.ShouldReconnect(tc.method, tc.err) {
			continue // Call would run the procedure
		}
		call := func(context.Context) error { return tc.err }
		b.Run("Call/"+tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkBool = d.Call(ctx, tc.method, call) != nil
			}
		})
	}
}
