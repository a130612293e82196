package reconnect_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/reconnect"
)

// fixture is a client of a three-node cluster CLUS connected to NODEA.
type fixture struct {
	c      *simCluster
	s      *simSession
	d      *reconnect.Driver
	events *eventLog
}

type option func(*reconnect.Config)

func withCandidates(names ...string) option {
	return func(c *reconnect.Config) { c.Candidates = names }
}

func withAccess(a reconnect.Access) option {
	return func(c *reconnect.Config) { c.ClusterAccess = a }
}

func newFixture(t testing.TB, version int, opts ...option) *fixture {
	t.Helper()
	f := &fixture{c: newSimCluster("CLUS", "NODEA", "NODEB", "NODEC"), events: &eventLog{}}
	cfg := reconnect.Config{
		Version:       version,
		Candidates:    []string{"CLUS", "NODEA", "NODEB", "NODEC"},
		Cluster:       "CLUS",
		Server:        "NODEA",
		ClusterAccess: reconnect.AccessAll,
	}
	for _, o := range opts {
		o(&cfg)
	}
	f.s = dial(f.c, version, "NODEA", cfg.ClusterAccess)
	cfg.Session = f.s
	cfg.OnEvent = func(e reconnect.Event) {
		f.events.post(e)
		f.s.mu.Lock()
		f.s.record("event " + e.Kind.String() + " " + e.Cluster)
		f.s.mu.Unlock()
	}
	d, err := reconnect.NewDriver(cfg)
	require.NoError(t, err)
	f.d = d
	return f
}

// call invokes method through the driver on the simulated cluster.
func (f *fixture) call(ctx context.Context, method string) error {
	return f.d.Call(ctx, method, func(ctx context.Context) error { return f.s.invoke(ctx, method) })
}

// connects returns the candidates of the Connect steps in the log.
func connects(log []string) []string {
	var out []string
	for _, e := range log {
		if name, ok := strings.CutPrefix(e, "Connect "); ok {
			out = append(out, name)
		}
	}
	return out
}

// between returns the entries of log after the first entry first and up to,
// not including, the first entry last after it.
func between(log []string, first, last string) []string {
	i := slices.Index(log, first)
	if i < 0 {
		return nil
	}
	rest := log[i+1:]
	if j := slices.Index(rest, last); j >= 0 {
		return rest[:j]
	}
	return rest
}

// wantSteps checks the steps in order; no steps and an empty list are the
// same.
func wantSteps(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		assert.Equal(t, want, got, "steps")
	}
}

// successLog is the full record of a successful attempt at name (v3, "All").
func successLog(name string, version int) []string {
	l := []string{
		"FreeBinding", "Connect " + name, "ApiGetClusterName", "FreeClusterHandle", "ApiOpenCluster GENERIC_ALL",
		"ApiOpenNode", "ApiOpenGroup", "ApiOpenResource", "ApiOpenKey", "ApiOpenNetwork", "ApiOpenNetInterface",
		"ApiCreateNotify",
		"ApiAddNotifyCluster", "ApiAddNotifyKey", "ApiReAddNotifyNode", "ApiReAddNotifyGroup", "ApiReAddNotifyResource",
		"ApiReAddNotifyNetwork", "ApiReAddNotifyNetInterface",
		"event CLUSTER_CHANGE_CLUSTER_RECONNECT CLUS",
	}
	if version == 3 {
		l = append(l, "ApiCreateNotifyV2", "ApiAddNotifyV2", "event CLUSTER_CHANGE_CLUSTER_RECONNECT_V2 CLUS")
	}
	return l
}

func TestFailoverFullSequence(t *testing.T) {
	for _, v := range []int{2, 3} {
		t.Run(fmt.Sprint("version", v), func(t *testing.T) {
			f := newFixture(t, v)
			f.c.down("NODEA")
			require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
			wantSteps(t, f.s.steps(), successLog("CLUS", v))
			if got := f.d.Server(); got != "NODEB" {
				t.Errorf("Server() = %q, want NODEB (the cluster name moved there)", got)
			}
		})
	}
}

// Step 1: when every candidate has been attempted, post CLUSTER_CHANGE_CLUSTER_STATE
// (version 1 ports) and CLUSTER_CHANGE_GROUP_STATE_V2 (version 2 ports) naming the
// cluster, and return the original error.
func TestStep1AllCandidatesFailPostsEvents(t *testing.T) {
	for _, tc := range []struct {
		version int
		want    []reconnect.Event
	}{
		{2, []reconnect.Event{{Kind: reconnect.EventClusterState, Cluster: "CLUS"}}},
		{3, []reconnect.Event{{Kind: reconnect.EventClusterState, Cluster: "CLUS"}, {Kind: reconnect.EventGroupStateV2, Cluster: "CLUS"}}},
	} {
		t.Run(fmt.Sprint("version", tc.version), func(t *testing.T) {
			f := newFixture(t, tc.version)
			f.c.down("NODEA", "NODEB", "NODEC")
			err := f.call(t.Context(), "ApiGetNodeState")
			require.ErrorIs(t, err, errors.RPC_S_SERVER_UNAVAILABLE)
			var rerr *reconnect.Error
			if !errors.As(err, &rerr) || rerr.Original != errors.RPC_S_SERVER_UNAVAILABLE || rerr.Canceled != nil {
				t.Fatalf("Call = %#v, want *reconnect.Error with the original error", err)
			}
			assert.Equal(t, tc.want, f.events.get(), "events")
			// Every candidate attempted once, the starting server last.
			wantSteps(t, connects(f.s.steps()), []string{"CLUS", "NODEB", "NODEC", "NODEA"})
			if n := f.c.count("ApiGetNodeState"); n != 0 {
				t.Errorf("method executed %d times on a dead cluster", n)
			}
		})
	}
}

func TestStep1NoCandidates(t *testing.T) {
	f := newFixture(t, 3, withCandidates())
	f.c.down("NODEA")
	err := f.call(t.Context(), "ApiGetNodeState")
	require.ErrorIs(t, err, errors.RPC_S_SERVER_UNAVAILABLE)
	if len(f.events.get()) != 2 {
		t.Errorf("events = %v, want the two step 1 events", f.events.get())
	}
}

// Step 2: the candidate naming the server of the start is skipped while others
// remain.
func TestStep2SkipsCurrentServer(t *testing.T) {
	f := newFixture(t, 3, withCandidates("NODEA", "NODEB", "NODEC"))
	// NODEA is up but the call failed with a transient RPC error.
	f.c.failOn("NODEA", "ApiGetNodeState", errors.RPC_S_CALL_FAILED)
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
	wantSteps(t, connects(f.s.steps()), []string{"NODEB"})
	if got := f.d.Server(); got != "NODEB" {
		t.Errorf("Server() = %q", got)
	}
}

// Step 2: computer names compare without regard to case.
func TestStep2ComparesNamesIgnoringCase(t *testing.T) {
	f := newFixture(t, 3, withCandidates("nodea", "NodeB"))
	f.c.failOn("NODEA", "ApiGetNodeState", errors.RPC_S_CALL_FAILED)
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
	wantSteps(t, connects(f.s.steps()), []string{"NodeB"})
}

// Step 2: if every other candidate has been attempted, proceed with the one
// naming the server of the start.
func TestStep2CurrentServerLast(t *testing.T) {
	f := newFixture(t, 3, withCandidates("NODEA", "NODEB", "NODEC"))
	f.c.failOnce("NODEA", "ApiGetNodeState", errors.RPC_S_SERVER_TOO_BUSY)
	f.c.down("NODEB", "NODEC")
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
	wantSteps(t, connects(f.s.steps()), []string{"NODEB", "NODEC", "NODEA"})
	if got := f.d.Server(); got != "NODEA" {
		t.Errorf("Server() = %q, want NODEA", got)
	}
}

// Step 3: each attempt frees the existing binding before it connects.
func TestStep3FreesBindingBeforeConnect(t *testing.T) {
	f := newFixture(t, 3, withCandidates("NODEA", "NODEB", "NODEC"))
	f.c.down("NODEA", "NODEB")
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
	log := f.s.steps()
	wantSteps(t, log[:4], []string{"FreeBinding", "Connect NODEB", "FreeBinding", "Connect NODEC"})
}

// Step 4: a failed connection moves on to the next candidate without any
// other step.
func TestStep4ConnectFailureTriesNext(t *testing.T) {
	f := newFixture(t, 3, withCandidates("NODEA", "NODEB", "NODEC"))
	f.c.down("NODEA")
	f.c.failOn("NODEB", "Connect", errors.EPT_S_NOT_REGISTERED)
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
	log := f.s.steps()
	wantSteps(t, log[:3], []string{"FreeBinding", "Connect NODEB", "FreeBinding"})
	wantSteps(t, connects(log), []string{"NODEB", "NODEC"})
}

// Step 5: a failed ApiGetClusterName moves on to the next candidate; its code
// (a reconnect code here) is not interpreted.
func TestStep5GetClusterNameFailureTriesNext(t *testing.T) {
	f := newFixture(t, 3, withCandidates("NODEA", "NODEB", "NODEC"))
	f.c.down("NODEA")
	f.c.failOn("NODEB", "ApiGetClusterName", errors.RPC_S_CALL_FAILED_DNE)
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
	log := f.s.steps()
	wantSteps(t, log[:4], []string{"FreeBinding", "Connect NODEB", "ApiGetClusterName", "FreeBinding"})
	wantSteps(t, connects(log), []string{"NODEB", "NODEC"})
	if got := f.c.count("ApiGetClusterName"); got != 2 {
		t.Errorf("ApiGetClusterName ran %d times, want 2 (no nested reconnect)", got)
	}
}

// Step 5: the names ApiGetClusterName returns replace the current ones.
func TestStep5GetClusterNameUpdatesNames(t *testing.T) {
	f := newFixture(t, 3)
	f.c.down("NODEA", "NODEB") // the cluster name moves to NODEC
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
	wantSteps(t, connects(f.s.steps()), []string{"CLUS"})
	if f.d.Server() != "NODEC" || f.d.Cluster() != "CLUS" {
		t.Errorf("Server, Cluster = %q, %q; want NODEC, CLUS", f.d.Server(), f.d.Cluster())
	}
	// The next reconnect starts from NODEC: step 2 now skips NODEC.
	f.c.up("NODEA")
	f.c.down("NODEC") // the cluster name moves to NODEA
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
	if f.d.Server() != "NODEA" {
		t.Errorf("Server = %q, want NODEA", f.d.Server())
	}
}

// Step 6: the old HCLUSTER_RPC handle is freed before the cluster is opened
// again (step 7).
func TestStep6FreesClusterHandle(t *testing.T) {
	f := newFixture(t, 2)
	f.c.down("NODEA")
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
	wantSteps(t, between(f.s.steps(), "ApiGetClusterName", "ApiOpenNode"), []string{"FreeClusterHandle", "ApiOpenCluster GENERIC_ALL"})
}

// Step 7: for version 3 with an access level other than "All",
// ApiOpenClusterEx requesting the same level; otherwise ApiOpenCluster.
func TestStep7OpenClusterExForV3Access(t *testing.T) {
	for _, tc := range []struct {
		version int
		access  reconnect.Access
		want    string
	}{
		{3, reconnect.AccessRead, "ApiOpenClusterEx GENERIC_READ"},
		{3, reconnect.AccessAll, "ApiOpenCluster GENERIC_ALL"},
		{3, reconnect.AccessNotKept, "ApiOpenCluster not kept"}, // note <228>
		{2, reconnect.AccessRead, "ApiOpenCluster GENERIC_READ"},
	} {
		t.Run(fmt.Sprint(tc.version, tc.access), func(t *testing.T) {
			f := newFixture(t, tc.version, withAccess(tc.access))
			f.c.down("NODEA")
			require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
			wantSteps(t, between(f.s.steps(), "FreeClusterHandle", "ApiOpenGroup")[:1], []string{tc.want})
		})
	}
}

func TestStep7OpenClusterFailureTriesNext(t *testing.T) {
	f := newFixture(t, 3, withCandidates("NODEA", "NODEB", "NODEC"), withAccess(reconnect.AccessRead))
	f.c.down("NODEA")
	f.c.failOn("NODEB", "ApiOpenClusterEx", errors.ERROR_ACCESS_DENIED)
	err := f.call(t.Context(), "ApiGetNodeState")
	require.NoError(t, err, "Call")
	log := f.s.steps()
	wantSteps(t, between(log, "Connect NODEB", "Connect NODEC"), []string{"ApiGetClusterName", "FreeClusterHandle", "ApiOpenClusterEx GENERIC_READ", "FreeBinding"})
}

// Steps 8 to 13: HNODE, HGROUP, HRES, HKEY, HNETWORK, HNETINTERFACE handles
// reopened in that order, with the Ex methods for a version 3 level other than
// "All", except keys (step 11).
func TestSteps8To13ReopenInDocumentOrder(t *testing.T) {
	for _, tc := range []struct {
		version int
		access  reconnect.Access
		want    []string
	}{
		{2, reconnect.AccessRead, []string{"ApiOpenNode", "ApiOpenGroup", "ApiOpenResource", "ApiOpenKey", "ApiOpenNetwork", "ApiOpenNetInterface"}},
		{3, reconnect.AccessAll, []string{"ApiOpenNode", "ApiOpenGroup", "ApiOpenResource", "ApiOpenKey", "ApiOpenNetwork", "ApiOpenNetInterface"}},
		{3, reconnect.AccessRead, []string{"ApiOpenNodeEx", "ApiOpenGroupEx", "ApiOpenResourceEx", "ApiOpenKey", "ApiOpenNetworkEx", "ApiOpenNetInterfaceEx"}},
	} {
		t.Run(fmt.Sprint(tc.version, tc.access), func(t *testing.T) {
			f := newFixture(t, tc.version, withAccess(tc.access))
			f.c.down("NODEA")
			require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
			log := f.s.steps()
			i := slices.IndexFunc(log, func(s string) bool { return strings.HasPrefix(s, "ApiOpenCluster") })
			wantSteps(t, log[i+1:i+7], tc.want)
		})
	}
}

// Step 8 (and so 9 to 14): a failed reopen moves on to the next candidate and
// its code is not interpreted.
func TestStep8ReopenFailureTriesNext(t *testing.T) {
	f := newFixture(t, 3, withCandidates("NODEA", "NODEB", "NODEC"))
	f.c.down("NODEA")
	f.c.failOn("NODEB", "ApiOpenResource", errors.ERROR_CLUSTER_NODE_DOWN)
	err := f.call(t.Context(), "ApiGetNodeState")
	require.NoError(t, err, "Call")
	log := f.s.steps()
	wantSteps(t, between(log, "ApiOpenGroup", "Connect NODEC"), []string{"ApiOpenResource", "FreeBinding"})
	if f.d.Server() != "NODEC" {
		t.Errorf("Server = %q", f.d.Server())
	}
}

// Step 14: version 1 notification ports are re-created with ApiCreateNotify
// after the object handles and before their filters.
func TestStep14RecreatesVersion1Ports(t *testing.T) {
	f := newFixture(t, 2)
	f.c.down("NODEA")
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
	wantSteps(t, between(f.s.steps(), "ApiOpenNetInterface", "ApiAddNotifyKey"), []string{"ApiCreateNotify", "ApiAddNotifyCluster"})
}

// Step 15: filters registered again in the document's order, then
// CLUSTER_CHANGE_CLUSTER_RECONNECT naming the cluster.
func TestStep15ReregistersFiltersInOrder(t *testing.T) {
	f := newFixture(t, 2)
	f.c.down("NODEA")
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
	wantSteps(t, between(f.s.steps(), "ApiCreateNotify", "none"), []string{
		"ApiAddNotifyCluster", "ApiAddNotifyKey", "ApiReAddNotifyNode", "ApiReAddNotifyGroup",
		"ApiReAddNotifyResource", "ApiReAddNotifyNetwork", "ApiReAddNotifyNetInterface",
		"event CLUSTER_CHANGE_CLUSTER_RECONNECT CLUS",
	})
}

func TestStep15RegistrationFailureTriesNext(t *testing.T) {
	f := newFixture(t, 2, withCandidates("NODEA", "NODEB", "NODEC"))
	f.c.down("NODEA")
	f.c.failOn("NODEB", "ApiReAddNotifyGroup", errors.RPC_S_CALL_FAILED)
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
	log := f.s.steps()
	wantSteps(t, between(log, "ApiReAddNotifyNode", "Connect NODEC"), []string{"ApiReAddNotifyGroup", "FreeBinding"})
	// One reconnect event: NODEB's attempt failed before item 8.
	if n := len(f.events.get()); n != 1 {
		t.Errorf("events = %v", f.events.get())
	}
}

// Steps 16 and 17: version 2 ports (ApiCreateNotifyV2, ApiAddNotifyV2,
// CLUSTER_CHANGE_CLUSTER_RECONNECT_V2) only for protocol version 3.
func TestSteps16And17OnlyVersion3(t *testing.T) {
	for _, v := range []int{2, 3} {
		t.Run(fmt.Sprint("version", v), func(t *testing.T) {
			f := newFixture(t, v)
			f.c.down("NODEA")
			require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
			tail := between(f.s.steps(), "event CLUSTER_CHANGE_CLUSTER_RECONNECT CLUS", "none")
			var want []string
			if v == 3 {
				want = []string{"ApiCreateNotifyV2", "ApiAddNotifyV2", "event CLUSTER_CHANGE_CLUSTER_RECONNECT_V2 CLUS"}
			}
			wantSteps(t, tail, want)
		})
	}
}

func TestStep17RegistrationFailureTriesNext(t *testing.T) {
	f := newFixture(t, 3, withCandidates("NODEA", "NODEB", "NODEC"))
	f.c.down("NODEA")
	f.c.failOn("NODEB", "ApiAddNotifyV2", errors.ERROR_INVALID_PARAMETER)
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
	wantSteps(t, connects(f.s.steps()), []string{"NODEB", "NODEC"})
	// NODEB reached step 15 item 8 before failing at step 17, as the document orders it.
	want := []reconnect.Event{
		{Kind: reconnect.EventClusterReconnect, Cluster: "CLUS"},
		{Kind: reconnect.EventClusterReconnect, Cluster: "CLUS"},
		{Kind: reconnect.EventClusterReconnectV2, Cluster: "CLUS"},
	}
	assert.Equal(t, want, f.events.get(), "events")
}

// End of 3.2.4.6: after a success every candidate counts as not attempted, so
// the next procedure may use candidates the previous one tried.
func TestSuccessResetsCandidates(t *testing.T) {
	f := newFixture(t, 3, withCandidates("NODEA", "NODEB", "NODEC"))
	f.c.down("NODEA", "NODEB")
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "first Call")
	wantSteps(t, connects(f.s.steps()), []string{"NODEB", "NODEC"})
	f.c.up("NODEB")
	f.c.down("NODEC")
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "second Call")
	wantSteps(t, connects(f.s.steps()), []string{"NODEA", "NODEB"})
}

// A failed procedure does not leave the candidates attempted for the next one.
func TestFailureResetsCandidates(t *testing.T) {
	f := newFixture(t, 3, withCandidates("NODEA", "NODEB"))
	f.c.down("NODEA", "NODEB")
	require.Error(t, f.call(t.Context(), "ApiGetNodeState"), "first Call succeeded on a dead cluster")
	f.c.up("NODEB")
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "second Call")
}

// The method is reissued once on the new connection, and a second failure is
// returned as is.
func TestReissuesMethodOnce(t *testing.T) {
	f := newFixture(t, 3)
	f.c.down("NODEA")
	require.NoError(t, f.call(t.Context(), "ApiGetNodeState"), "Call")
	if n := f.c.count("ApiGetNodeState"); n != 1 {
		t.Errorf("executed %d times on the new server, want 1", n)
	}
	f.s.steps()
	// The reissue fails again with a reconnect code: no second procedure.
	f.c.failOn("NODEA", "ApiOnlineGroup", errors.RPC_S_CALL_FAILED)
	f.c.failOn("NODEB", "ApiOnlineGroup", errors.RPC_S_CALL_FAILED)
	f.c.up("NODEA")
	calls := 0
	err := f.d.Call(t.Context(), "ApiOnlineGroup", func(ctx context.Context) error {
		calls++
		return f.s.invoke(ctx, "ApiOnlineGroup")
	})
	if err != errors.RPC_S_CALL_FAILED || calls != 2 {
		t.Errorf("Call = %v after %d calls, want RPC_S_CALL_FAILED after 2", err, calls)
	}
	if n := len(connects(f.s.steps())); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
}

// A method whose section does not name 3.2.4.6 (ApiOpenCluster, [MS-CMRP]
// 3.1.4.1.1) is not reconnected.
func TestNotEligibleMethodNotReconnected(t *testing.T) {
	f := newFixture(t, 3)
	f.c.down("NODEA")
	err := f.call(t.Context(), "ApiOpenCluster")
	if err != errors.RPC_S_SERVER_UNAVAILABLE {
		t.Errorf("Call = %v, want the bare RPC_S_SERVER_UNAVAILABLE", err)
	}
	if log := f.s.steps(); len(log) != 0 {
		t.Errorf("steps run: %q", log)
	}
}

// The same number in another namespace is not a reconnect code.
func TestOtherNamespaceCodeNotReconnected(t *testing.T) {
	for _, code := range []error{errors.HRESULT(1722), errors.EC(1722), errors.NTSTATUS(1722), errors.LDAPResult(1722)} {
		t.Run(fmt.Sprintf("%T", code), func(t *testing.T) {
			f := newFixture(t, 3)
			f.c.failOn("NODEA", "ApiGetNodeState", code)
			if err := f.call(t.Context(), "ApiGetNodeState"); err != code {
				t.Errorf("Call = %v, want %v unchanged", err, code)
			}
			if log := f.s.steps(); len(log) != 0 {
				t.Errorf("steps run: %q", log)
			}
		})
	}
}

// versionCodes runs one failing call per code and reports which reconnected.
func versionCodes(t *testing.T, version int) {
	for _, row := range errors.CMRPReconnectCodes() {
		want := row.Version2
		if version == 3 {
			want = row.Version3
		}
		t.Run(row.Code.String(), func(t *testing.T) {
			f := newFixture(t, version)
			f.c.failOnce("NODEA", "ApiGetGroupState", fmt.Errorf("wrapped: %w", row.Code))
			err := f.call(t.Context(), "ApiGetGroupState")
			reconnected := len(connects(f.s.steps())) > 0
			if reconnected != want {
				t.Errorf("reconnected = %v, want %v (err %v)", reconnected, want, err)
			}
			if want && err != nil {
				t.Errorf("Call = %v after reconnecting", err)
			}
		})
	}
}

// Version 2's table: ERROR_INVALID_HANDLE reconnects, ERROR_CLUSTER_NODE_DOWN does not.
func TestVersion2Codes(t *testing.T) {
	versionCodes(t, 2)
	f := newFixture(t, 2)
	if !f.d.ShouldReconnect("ApiGetNodeState", errors.ERROR_INVALID_HANDLE) || f.d.ShouldReconnect("ApiGetNodeState", errors.ERROR_CLUSTER_NODE_DOWN) {
		t.Error("version 2 table not applied")
	}
}

// Version 3's table: ERROR_CLUSTER_NODE_DOWN reconnects, ERROR_INVALID_HANDLE does not.
func TestVersion3Codes(t *testing.T) {
	versionCodes(t, 3)
	f := newFixture(t, 3)
	if f.d.ShouldReconnect("ApiGetNodeState", errors.ERROR_INVALID_HANDLE) || !f.d.ShouldReconnect("ApiGetNodeState", errors.ERROR_CLUSTER_NODE_DOWN) {
		t.Error("version 3 table not applied")
	}
	// Methods only version 3 lists.
	if !f.d.ShouldReconnect("ApiGetNotifyV2", errors.RPC_S_CALL_FAILED) || newFixture(t, 2).d.ShouldReconnect("ApiGetNotifyV2", errors.RPC_S_CALL_FAILED) {
		t.Error("ApiGetNotifyV2 eligibility")
	}
}

func TestUnknownVersionNeverReconnects(t *testing.T) {
	f := newFixture(t, 1)
	f.c.down("NODEA")
	if err := f.call(t.Context(), "ApiGetNodeState"); err != errors.RPC_S_SERVER_UNAVAILABLE {
		t.Errorf("Call = %v", err)
	}
}

// Context cancellation wins over the last error, and the error keeps the
// other causes.
func TestContextCancellationWins(t *testing.T) {
	f := newFixture(t, 3, withCandidates("NODEA", "NODEB", "NODEC"))
	f.c.down("NODEA")
	f.c.failOn("NODEB", "ApiGetClusterName", errors.ERROR_CLUSTER_NODE_NOT_READY)
	hanging := f.c.hang("NODEC")
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-hanging
		cancel()
	}()
	err := f.call(ctx, "ApiGetNodeState")
	require.ErrorIs(t, err, context.Canceled)
	var rerr *reconnect.Error
	if !errors.As(err, &rerr) || rerr.Canceled != context.Canceled || rerr.Unwrap()[0] != context.Canceled {
		t.Fatalf("Call = %#v, want context.Canceled first", err)
	}
	if !strings.HasPrefix(err.Error(), "cmrp reconnect: context canceled") {
		t.Errorf("message %q does not lead with the cancellation", err)
	}
	for _, cause := range []error{errors.RPC_S_SERVER_UNAVAILABLE, errors.ERROR_CLUSTER_NODE_NOT_READY} {
		assert.ErrorIs(t, err, cause)
	}
	// The procedure was cut short: no step 1 events.
	for _, e := range f.events.get() {
		if e.Kind == reconnect.EventClusterState {
			t.Errorf("posted %v", e)
		}
	}
	// A context already done when the call fails stops before any step.
	f.s.steps()
	err = f.d.Call(ctx, "ApiGetNodeState", func(context.Context) error { return errors.RPC_S_SERVER_UNAVAILABLE })
	if !errors.Is(err, context.Canceled) || !errors.Is(err, errors.RPC_S_SERVER_UNAVAILABLE) || len(f.s.steps()) != 0 {
		t.Errorf("Call with a done context = %v", err)
	}
}

// Cancellation during the pause between candidates.
func TestPauseBetweenCandidates(t *testing.T) {
	c := newSimCluster("CLUS", "NODEA", "NODEB", "NODEC")
	s := dial(c, 3, "NODEA", reconnect.AccessAll)
	var pauses []time.Duration
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	d := reconnect.New(reconnect.Config{
		Version: 3, Candidates: []string{"NODEA", "NODEB", "NODEC"}, Server: "NODEA", Session: s,
		Pause: time.Second,
		Sleep: func(ctx context.Context, d time.Duration) error {
			pauses = append(pauses, d)
			return ctx.Err()
		},
	})
	c.down("NODEA", "NODEB")
	if err := d.Call(ctx, "ApiGetNodeState", func(ctx context.Context) error { return s.invoke(ctx, "ApiGetNodeState") }); err != nil {
		t.Fatalf("Call: %v", err)
	}
	if !slices.Equal(pauses, []time.Duration{time.Second}) {
		t.Errorf("pauses = %v, want one between NODEB and NODEC", pauses)
	}
	// A sleep that ends with the context.
	c.up("NODEA")
	c.down("NODEC")
	c.failOn("NODEA", "Connect", errors.RPC_S_SERVER_UNAVAILABLE)
	d2 := reconnect.New(reconnect.Config{
		Version: 3, Candidates: []string{"NODEA", "NODEB", "NODEC"}, Server: "NODEC", Session: s,
		Pause: time.Hour,
		Sleep: func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() },
	})
	err := d2.Call(ctx, "ApiGetNodeState", func(ctx context.Context) error { return s.invoke(ctx, "ApiGetNodeState") })
	if !errors.Is(err, context.Canceled) || !errors.Is(err, errors.RPC_S_SERVER_UNAVAILABLE) {
		t.Errorf("Call = %v", err)
	}
}

// The default sleep waits on a timer and returns early when the context ends.
func TestDefaultSleepHonoursContext(t *testing.T) {
	c := newSimCluster("CLUS", "NODEA", "NODEB", "NODEC")
	s := dial(c, 3, "NODEA", reconnect.AccessAll)
	d := reconnect.New(reconnect.Config{Version: 3, Candidates: []string{"NODEA", "NODEB", "NODEC"}, Server: "NODEA", Session: s, Pause: time.Millisecond})
	c.down("NODEA", "NODEB")
	if err := d.Call(t.Context(), "ApiGetNodeState", func(ctx context.Context) error { return s.invoke(ctx, "ApiGetNodeState") }); err != nil {
		t.Fatalf("Call: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	d = reconnect.New(reconnect.Config{Version: 3, Candidates: []string{"NODEA", "NODEB"}, Session: s, Pause: time.Hour})
	c.down("NODEC")
	start := time.Now()
	err := d.Call(ctx, "ApiGetNodeState", func(ctx context.Context) error { return s.invoke(ctx, "ApiGetNodeState") })
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Minute {
		t.Errorf("Call = %v after %v", err, time.Since(start))
	}
}

// The final error keeps the original code and every attempt's cause.
func TestFinalErrorKeepsEveryCause(t *testing.T) {
	f := newFixture(t, 3, withAccess(reconnect.AccessRead))
	f.c.down("NODEA")
	// The cluster name is on NODEB.
	f.c.failOn("NODEB", "ApiGetClusterName", errors.ERROR_CLUSTER_NODE_NOT_READY) // CLUS, then NODEB
	f.c.failOn("NODEC", "ApiOpenNodeEx", errors.ERROR_ACCESS_DENIED)
	err := f.call(t.Context(), "ApiGetNodeState")
	for _, cause := range []error{errors.RPC_S_SERVER_UNAVAILABLE, errors.ERROR_CLUSTER_NODE_NOT_READY, errors.ERROR_ACCESS_DENIED} {
		assert.ErrorIs(t, err, cause)
	}
	var rerr *reconnect.Error
	if !errors.As(err, &rerr) {
		t.Fatalf("Call = %v", err)
	}
	type attempt struct {
		name   string
		step   int
		method string
	}
	var got []attempt
	for _, a := range rerr.Attempts {
		got = append(got, attempt{a.Candidate, a.Step, a.Method})
	}
	want := []attempt{{"CLUS", 5, "ApiGetClusterName"}, {"NODEB", 5, "ApiGetClusterName"}, {"NODEC", 8, "HNODE_RPC"}, {"NODEA", 4, "Connect"}}
	assert.Equal(t, want, got, "attempts")
	if !errors.ShouldReconnectCMRP(3, err) {
		t.Error("the original code no longer classifies")
	}
	var ae *reconnect.AttemptError
	if !errors.As(err, &ae) || ae.Candidate != "CLUS" {
		t.Errorf("errors.As AttemptError = %v", ae)
	}
	msg := err.Error()
	for _, s := range []string{"RPC_S_SERVER_UNAVAILABLE", `"NODEC": step 8 (HNODE_RPC)`, "ERROR_ACCESS_DENIED"} {
		if !strings.Contains(msg, s) {
			t.Errorf("message %q lacks %q", msg, s)
		}
	}
}

// 64 goroutines drive one driver through failovers: one procedure per
// failover, every call succeeds, then all share the failure of a dead cluster.
func TestConcurrent64Goroutines(t *testing.T) {
	f := newFixture(t, 3, withCandidates("NODEA", "NODEB", "NODEC"))
	run := func() []error {
		var wg sync.WaitGroup
		errs := make([]error, 64)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 8 {
					if err := f.call(t.Context(), "ApiGetNodeState"); err != nil {
						errs[i] = err
						return
					}
				}
			}()
		}
		wg.Wait()
		return errs
	}
	for range 3 {
		f.c.up("NODEA", "NODEB", "NODEC")
		from := f.d.Server()
		f.c.down(from)
		for i, err := range run() {
			assert.NoError(t, err, "goroutine %d", i)
		}
		if n := len(connects(f.s.steps())); n != 1 || f.d.Server() == from {
			t.Errorf("failover from %s to %s: %d connections, want 1", from, f.d.Server(), n)
		}
	}
	f.c.down("NODEA", "NODEB", "NODEC")
	for i, err := range run() {
		assert.ErrorIs(t, err, errors.RPC_S_SERVER_UNAVAILABLE, "goroutine %d on a dead cluster", i)
	}
	if n := len(f.events.get()); n > 64*2+4*2 {
		t.Errorf("%d events", n)
	}
}

// Concurrent callers whose context ends while another caller's procedure runs
// give up waiting.
func TestWaitingCallerCanceled(t *testing.T) {
	f := newFixture(t, 3, withCandidates("NODEA", "NODEB"))
	f.c.down("NODEA")
	hanging := f.c.hang("NODEB")
	ctx1, cancel1 := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- f.call(ctx1, "ApiGetNodeState") }()
	<-hanging
	ctx2, cancel2 := context.WithCancel(t.Context())
	time.AfterFunc(10*time.Millisecond, cancel2)
	err := f.d.Call(ctx2, "ApiGetNodeState", func(context.Context) error { return errors.RPC_S_SERVER_UNAVAILABLE })
	if !errors.Is(err, context.Canceled) || !errors.Is(err, errors.RPC_S_SERVER_UNAVAILABLE) {
		t.Errorf("waiting Call = %v", err)
	}
	cancel1()
	assert.ErrorIs(t, <-done, context.Canceled)
}

func TestKinds(t *testing.T) {
	steps := map[reconnect.HandleKind]int{
		reconnect.HandleCluster: 7, reconnect.HandleNode: 8, reconnect.HandleGroup: 9, reconnect.HandleResource: 10,
		reconnect.HandleKey: 11, reconnect.HandleNetwork: 12, reconnect.HandleNetInterface: 13,
		reconnect.HandleNotify: 14, reconnect.HandleNotifyV2: 16, reconnect.HandleKind(99): 0,
	}
	for k, step := range steps {
		if k.Step() != step {
			t.Errorf("%v.Step() = %d, want %d", k, k.Step(), step)
		}
	}
	if got := reconnect.HandleNotifyV2.OpenMethod(2, reconnect.AccessAll); got != "" {
		t.Errorf("HNOTIFY v2 port in protocol 2: %q", got)
	}
	if got := reconnect.HandleKey.OpenMethod(3, reconnect.AccessRead); got != "ApiOpenKey" {
		t.Errorf("key: %q", got)
	}
	if reconnect.FilterReAddNotifyNetInterface.Step() != 15 || reconnect.FilterAddNotifyV2.Step() != 17 || reconnect.FilterKind(50).Step() != 0 {
		t.Error("FilterKind.Step")
	}
	if reconnect.FilterKind(50).String() != "FilterKind(50)" || reconnect.HandleKind(99).String() != "HandleKind(99)" || reconnect.EventKind(0).String() != "EventKind(0)" || reconnect.Access(3).String() != "Access(0x3)" {
		t.Error("String of unknown values")
	}
	if reconnect.EventKind(0).Value() != 0 || reconnect.EventKind(0).PortVersion() != 0 {
		t.Error("unknown EventKind")
	}
}

// NewDriver refuses a Config without a Session or with a negative Pause;
// New, the earlier constructor, does not panic on it: its Driver returns
// the error from every Call without running the call.
func TestNewDriverRefusesBadConfig(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  reconnect.Config
		want string
	}{
		{"no Session", reconnect.Config{Version: 3}, "Config.Session is nil"},
		{"negative Pause", reconnect.Config{Version: 3, Session: &simSession{}, Pause: -time.Second}, "Pause -1s is negative"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := reconnect.NewDriver(tt.cfg)
			assert.Nil(t, d)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)

			old := reconnect.New(tt.cfg)
			require.NotNil(t, old)
			ran := false
			err = old.Call(t.Context(), "ApiGetNodeState", func(context.Context) error { ran = true; return nil })
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.False(t, ran, "the call ran on a Driver without a usable Config")
		})
	}
}

// The Pause between candidates is waited on Config.Clock.
func TestPauseOnClock(t *testing.T) {
	c := newSimCluster("CLUS", "NODEA", "NODEB", "NODEC")
	s := dial(c, 3, "NODEA", reconnect.AccessAll)
	clk := &stepClock{}
	d, err := reconnect.NewDriver(reconnect.Config{
		Version: 3, Candidates: []string{"NODEA", "NODEB", "NODEC"}, Server: "NODEA", Session: s,
		Pause: time.Hour, Clock: clk,
	})
	require.NoError(t, err)
	c.down("NODEA", "NODEB")
	require.NoError(t, d.Call(t.Context(), "ApiGetNodeState", func(ctx context.Context) error { return s.invoke(ctx, "ApiGetNodeState") }))
	assert.Equal(t, []time.Duration{time.Hour}, clk.waits, "one pause, between NODEB and NODEC")
}

// stepClock is a Clock whose waits end at once, each moving its time on.
type stepClock struct {
	now   time.Time
	waits []time.Duration
}

func (c *stepClock) Now() time.Time { return c.now }

func (c *stepClock) After(d time.Duration) <-chan time.Time {
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}
