package reconnect_test

import (
	"context"
	"fmt"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/reconnect"
)

// nodeSession is a Session over a toy transport: a set of node names that
// are up. A real one wraps an RPC runtime and the client's context handles.
type nodeSession struct {
	up    map[string]bool
	bound string
}

func (s *nodeSession) FreeBinding() { s.bound = "" }

func (s *nodeSession) Connect(ctx context.Context, name string) error {
	fmt.Println("  connect", name)
	if !s.up[name] {
		return errors.RPC_S_SERVER_UNAVAILABLE
	}
	s.bound = name
	return nil
}

func (s *nodeSession) GetClusterName(ctx context.Context) (string, string, error) {
	return "CLUS", s.bound, nil
}

func (s *nodeSession) FreeClusterHandle() {}

func (s *nodeSession) OpenCluster(ctx context.Context, method string, access reconnect.Access) error {
	fmt.Println("  step 7:", method)
	return nil
}

func (s *nodeSession) ReopenHandles(ctx context.Context, kind reconnect.HandleKind) error {
	return nil
}

func (s *nodeSession) Reregister(ctx context.Context, f reconnect.FilterKind) error {
	return nil
}

// getNodeState stands for the caller's RPC stub: it fails unless the
// session is bound to a node that is up.
func (s *nodeSession) getNodeState(ctx context.Context) error {
	if !s.up[s.bound] {
		return errors.RPC_S_SERVER_UNAVAILABLE
	}
	fmt.Println("  ApiGetNodeState answered by", s.bound)
	return nil
}

// A call that fails because its node went down is reissued on another node.
func Example() {
	s := &nodeSession{up: map[string]bool{"NODEB": true}, bound: "NODEA"}
	d, err := reconnect.NewDriver(reconnect.Config{
		Version:       3,
		Candidates:    []string{"NODEA", "NODEB"}, // cluster name and nodes, [MS-CMRP] 3.2.3.3
		Cluster:       "CLUS",
		Server:        "NODEA",
		ClusterAccess: reconnect.AccessRead,
		Session:       s,
		OnEvent: func(e reconnect.Event) {
			fmt.Printf("  event %v (0x%08X, version %d ports) for %s\n", e.Kind, e.Kind.Value(), e.Kind.PortVersion(), e.Cluster)
		},
	})
	if err != nil {
		panic(err) // a Config without a Session, or with a negative Pause
	}
	err = d.Call(context.Background(), "ApiGetNodeState", s.getNodeState)
	fmt.Println("err:", err, "server:", d.Server())
	// Output:
	//   connect NODEB
	//   step 7: ApiOpenClusterEx
	//   event CLUSTER_CHANGE_CLUSTER_RECONNECT (0x00080000, version 1 ports) for CLUS
	//   event CLUSTER_CHANGE_CLUSTER_RECONNECT_V2 (0x00000001, version 2 ports) for CLUS
	//   ApiGetNodeState answered by NODEB
	// err: <nil> server: NODEB
}

// When every candidate fails, the step 1 events are posted and the original
// code comes back with every attempt's cause.
func ExampleDriver_Call_allCandidatesFail() {
	s := &nodeSession{up: map[string]bool{}, bound: "NODEA"}
	d, err := reconnect.NewDriver(reconnect.Config{
		Version:    2,
		Candidates: []string{"CLUS", "NODEA", "NODEB"},
		Cluster:    "CLUS",
		Server:     "NODEA",
		Session:    s,
		OnEvent:    func(e reconnect.Event) { fmt.Println("  event", e.Kind, "for", e.Cluster) },
	})
	if err != nil {
		panic(err)
	}
	err = d.Call(context.Background(), "ApiGetNodeState", s.getNodeState)
	var rerr *reconnect.Error
	errors.As(err, &rerr)
	fmt.Println("original:", rerr.Original)
	for _, a := range rerr.Attempts {
		fmt.Println("attempt:", a)
	}
	fmt.Println("still a reconnect code:", errors.ShouldReconnectCMRP(2, err))
	// Output:
	//   connect CLUS
	//   connect NODEB
	//   connect NODEA
	//   event CLUSTER_CHANGE_CLUSTER_STATE for CLUS
	// original: RPC_S_SERVER_UNAVAILABLE (Win32 0x000006BA)
	// attempt: "CLUS": step 4 (Connect): RPC_S_SERVER_UNAVAILABLE (Win32 0x000006BA)
	// attempt: "NODEB": step 4 (Connect): RPC_S_SERVER_UNAVAILABLE (Win32 0x000006BA)
	// attempt: "NODEA": step 4 (Connect): RPC_S_SERVER_UNAVAILABLE (Win32 0x000006BA)
	// still a reconnect code: true
}

// The decision: the method must be reconnect-eligible and the code must be in
// the version's table, as a Win32 value.
func ExampleDriver_ShouldReconnect() {
	d, err := reconnect.NewDriver(reconnect.Config{Version: 3, Session: &nodeSession{}})
	if err != nil {
		panic(err)
	}
	fmt.Println(d.ShouldReconnect("ApiGetNodeState", errors.ERROR_CLUSTER_NODE_DOWN))
	fmt.Println(d.ShouldReconnect("ApiGetNodeState", errors.ERROR_INVALID_HANDLE)) // version 2 only
	fmt.Println(d.ShouldReconnect("ApiOpenCluster", errors.ERROR_CLUSTER_NODE_DOWN))
	fmt.Println(d.ShouldReconnect("ApiGetNodeState", errors.HRESULT(5050)))
	// Output:
	// true
	// false
	// false
	// false
}

func ExampleHandleKind_OpenMethod() {
	for _, k := range []reconnect.HandleKind{reconnect.HandleCluster, reconnect.HandleNode, reconnect.HandleKey, reconnect.HandleNotifyV2} {
		fmt.Printf("step %d %v: v2 %s, v3 read %s\n", k.Step(), k, k.OpenMethod(2, reconnect.AccessRead), k.OpenMethod(3, reconnect.AccessRead))
	}
	// Output:
	// step 7 HCLUSTER_RPC: v2 ApiOpenCluster, v3 read ApiOpenClusterEx
	// step 8 HNODE_RPC: v2 ApiOpenNode, v3 read ApiOpenNodeEx
	// step 11 HKEY_RPC: v2 ApiOpenKey, v3 read ApiOpenKey
	// step 16 HNOTIFY_RPC (version 2 port): v2 , v3 read ApiCreateNotifyV2
}
