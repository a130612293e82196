package reconnect

import "strconv"

// Access is the level of access the server granted for a context handle: the
// lpdwGrantedAccess value of ApiOpenClusterEx and the other Ex open methods
// ([MS-CMRP] 3.1.4.2.116), which a protocol version 3 client keeps with each
// HCLUSTER_RPC, HNODE_RPC, HGROUP_RPC, HRES_RPC, HNETWORK_RPC and
// HNETINTERFACE_RPC handle ([MS-CMRP] 3.2.1).
type Access uint32

const (
	// AccessNotKept is the zero Access: the client did not keep the granted
	// level. The reconnect procedure then reopens the handle as a protocol
	// version 2 client does, with the plain open method, as note <228> of
	// [MS-CMRP] 3.2.4.6 says Windows Vista SP1 and Windows Server 2008 clients do.
	AccessNotKept Access = 0
	// AccessRead is GENERIC_READ, the granted level for "Read" access
	// ([MS-CMRP] 3.1.4.2.116, lpdwGrantedAccess).
	AccessRead = Access(GENERIC_READ)
	// AccessAll is GENERIC_ALL, the granted level for "All" access
	// ([MS-CMRP] 3.1.4.2.116, lpdwGrantedAccess).
	AccessAll = Access(GENERIC_ALL)
)

// IsAll reports whether a counts as "All" for the reconnect procedure
// ([MS-CMRP] 3.2.4.6 steps 7 to 10, 12 and 13): AccessAll, or AccessNotKept
// (note <228>).
func (a Access) IsAll() bool { return a == AccessAll || a == AccessNotKept }

// String gives GENERIC_READ, GENERIC_ALL, "not kept" or the value in hex.
func (a Access) String() string {
	switch a {
	case AccessNotKept:
		return "not kept"
	case AccessRead:
		return "GENERIC_READ"
	case AccessAll:
		return "GENERIC_ALL"
	}
	return "Access(0x" + strconv.FormatUint(uint64(a), 16) + ")"
}

// HandleKind is a type of RPC context handle the client keeps for a cluster
// object ([MS-CMRP] 3.2.1, 2.2.1.1 to 2.2.1.9) and that the reconnect procedure
// re-creates on the new RPC binding ([MS-CMRP] 3.2.4.6 steps 6 to 14 and 16).
//
// The constants run in the order of the procedure's steps, which is the order
// in which the driver passes them to Session.ReopenHandles (HandleCluster
// excepted: it goes to Session.OpenCluster).
type HandleKind uint8

const (
	// HandleCluster is HCLUSTER_RPC ([MS-CMRP] 2.2.1.1): freed in step 6 and
	// reopened in step 7 by Session.OpenCluster.
	HandleCluster HandleKind = iota
	// HandleNode is HNODE_RPC ([MS-CMRP] 2.2.1.2), reopened in step 8.
	HandleNode
	// HandleGroup is HGROUP_RPC ([MS-CMRP] 2.2.1.3), reopened in step 9.
	HandleGroup
	// HandleResource is HRES_RPC ([MS-CMRP] 2.2.1.4), reopened in step 10.
	HandleResource
	// HandleKey is HKEY_RPC ([MS-CMRP] 2.2.1.5), reopened in step 11 without
	// regard to the access level previously granted.
	HandleKey
	// HandleNetwork is HNETWORK_RPC ([MS-CMRP] 2.2.1.7), reopened in step 12.
	HandleNetwork
	// HandleNetInterface is HNETINTERFACE_RPC ([MS-CMRP] 2.2.1.8), reopened in
	// step 13.
	HandleNetInterface
	// HandleNotify is HNOTIFY_RPC ([MS-CMRP] 2.2.1.6) of a version 1
	// notification port, re-created with ApiCreateNotify in step 14.
	HandleNotify
	// HandleNotifyV2 is HNOTIFY_RPC of a version 2 notification port,
	// re-created with ApiCreateNotifyV2 in step 16 (protocol version 3 only).
	HandleNotifyV2
)

// reopenOrder is the order in which the driver calls Session.ReopenHandles:
// [MS-CMRP] 3.2.4.6 steps 8 to 14, then step 16 for protocol version 3 (after
// the step 15 filter registrations).
var reopenOrder = [...]HandleKind{HandleNode, HandleGroup, HandleResource, HandleKey, HandleNetwork, HandleNetInterface, HandleNotify, HandleNotifyV2}

var handleNames = [...]string{"HCLUSTER_RPC", "HNODE_RPC", "HGROUP_RPC", "HRES_RPC", "HKEY_RPC", "HNETWORK_RPC", "HNETINTERFACE_RPC", "HNOTIFY_RPC", "HNOTIFY_RPC (version 2 port)"}

// String gives the document's name of the handle type, for example HNODE_RPC.
func (k HandleKind) String() string {
	if int(k) < len(handleNames) {
		return handleNames[k]
	}
	return "HandleKind(" + strconv.Itoa(int(k)) + ")"
}

// Step gives the [MS-CMRP] 3.2.4.6 step that re-creates handles of kind k, or
// 0 for an unknown kind.
func (k HandleKind) Step() int {
	switch {
	case k <= HandleNotify:
		return int(k) + 7
	case k == HandleNotifyV2:
		return 16
	}
	return 0
}

// OpenMethod names the [MS-CMRP] method that re-creates a handle of kind k in
// the reconnect procedure (3.2.4.6 steps 7 to 14 and 16), given the protocol
// version and the access level granted for the old handle. For protocol
// version 3 and a level that is not "All" it is the Ex method, which the
// session calls requesting the same level; otherwise the plain method. Key and
// notification handles ignore the level (steps 11, 14 and 16). Keys give
// ApiOpenKey; a root key is reopened with ApiGetRootKey (step 11).
// HandleNotifyV2 gives "" for protocol version 2, which has no version 2 ports.
func (k HandleKind) OpenMethod(version int, granted Access) string {
	ex := version == 3 && !granted.IsAll()
	pick := func(plain, exName string) string {
		if ex {
			return exName
		}
		return plain
	}
	switch k {
	case HandleCluster:
		return pick("ApiOpenCluster", "ApiOpenClusterEx")
	case HandleNode:
		return pick("ApiOpenNode", "ApiOpenNodeEx")
	case HandleGroup:
		return pick("ApiOpenGroup", "ApiOpenGroupEx")
	case HandleResource:
		return pick("ApiOpenResource", "ApiOpenResourceEx")
	case HandleKey:
		return "ApiOpenKey"
	case HandleNetwork:
		return pick("ApiOpenNetwork", "ApiOpenNetworkEx")
	case HandleNetInterface:
		return pick("ApiOpenNetInterface", "ApiOpenNetInterfaceEx")
	case HandleNotify:
		return "ApiCreateNotify"
	case HandleNotifyV2:
		if version == 3 {
			return "ApiCreateNotifyV2"
		}
	}
	return ""
}

// FilterKind is a registration method that re-registers the event filters of
// re-created notification ports: [MS-CMRP] 3.2.4.6 step 15 items 1 to 7 for
// version 1 ports, and step 17 item 1 for version 2 ports. The constants run
// in the document's order; String gives the method's name.
type FilterKind uint8

const (
	// FilterAddNotifyCluster is ApiAddNotifyCluster, step 15 item 1.
	FilterAddNotifyCluster FilterKind = iota
	// FilterAddNotifyKey is ApiAddNotifyKey, step 15 item 2.
	FilterAddNotifyKey
	// FilterReAddNotifyNode is ApiReAddNotifyNode, step 15 item 3, for filters
	// registered with ApiAddNotifyNode.
	FilterReAddNotifyNode
	// FilterReAddNotifyGroup is ApiReAddNotifyGroup, step 15 item 4, for
	// filters registered with ApiAddNotifyGroup.
	FilterReAddNotifyGroup
	// FilterReAddNotifyResource is ApiReAddNotifyResource, step 15 item 5, for
	// filters registered with ApiAddNotifyResource.
	FilterReAddNotifyResource
	// FilterReAddNotifyNetwork is ApiReAddNotifyNetwork, step 15 item 6, for
	// filters registered with ApiAddNotifyNetwork.
	FilterReAddNotifyNetwork
	// FilterReAddNotifyNetInterface is ApiReAddNotifyNetInterface, step 15
	// item 7, for filters registered with ApiAddNotifyNetInterface.
	FilterReAddNotifyNetInterface
	// FilterAddNotifyV2 is ApiAddNotifyV2, step 17 item 1 (protocol version 3
	// only).
	FilterAddNotifyV2
)

var filterNames = [...]string{"ApiAddNotifyCluster", "ApiAddNotifyKey", "ApiReAddNotifyNode", "ApiReAddNotifyGroup", "ApiReAddNotifyResource", "ApiReAddNotifyNetwork", "ApiReAddNotifyNetInterface", "ApiAddNotifyV2"}

// String gives the registration method's name, for example ApiReAddNotifyNode.
func (f FilterKind) String() string {
	if int(f) < len(filterNames) {
		return filterNames[f]
	}
	return "FilterKind(" + strconv.Itoa(int(f)) + ")"
}

// Step gives the [MS-CMRP] 3.2.4.6 step that calls f: 15 or 17, or 0 for an
// unknown kind.
func (f FilterKind) Step() int {
	switch {
	case f < FilterAddNotifyV2:
		return 15
	case f == FilterAddNotifyV2:
		return 17
	}
	return 0
}

// EventKind is an event indication the reconnect procedure posts to the
// client-side queues of the cluster's notification ports ([MS-CMRP] 3.2.4.6
// steps 1, 15 and 17).
type EventKind uint8

const (
	// EventClusterState is CLUSTER_CHANGE_CLUSTER_STATE ([MS-CMRP] 2.2.2.7), posted to each version 1 port when every candidate failed
	// (step 1).
	EventClusterState EventKind = iota + 1
	// EventGroupStateV2 is CLUSTER_CHANGE_GROUP_STATE_V2 ([MS-CMRP] 2.2.2.13), posted to each version 2 port when every candidate
	// failed (step 1; protocol version 3 only).
	EventGroupStateV2
	// EventClusterReconnect is CLUSTER_CHANGE_CLUSTER_RECONNECT ([MS-CMRP] 2.2.2.7), posted to the version 1 ports after their filters are
	// registered again (step 15 item 8).
	EventClusterReconnect
	// EventClusterReconnectV2 is CLUSTER_CHANGE_CLUSTER_RECONNECT_V2
	// ([MS-CMRP] 2.2.2.12), posted to the version 2 ports after
	// their filters are registered again (step 17 item 2; protocol version 3
	// only).
	EventClusterReconnectV2
)

// String gives the document's name of the event, for example
// CLUSTER_CHANGE_CLUSTER_RECONNECT.
func (k EventKind) String() string {
	switch k {
	case EventClusterState:
		return "CLUSTER_CHANGE_CLUSTER_STATE"
	case EventGroupStateV2:
		return "CLUSTER_CHANGE_GROUP_STATE_V2"
	case EventClusterReconnect:
		return "CLUSTER_CHANGE_CLUSTER_RECONNECT"
	case EventClusterReconnectV2:
		return "CLUSTER_CHANGE_CLUSTER_RECONNECT_V2"
	}
	return "EventKind(" + strconv.Itoa(int(k)) + ")"
}

// Value gives the event's value in its enumeration: CLUSTER_CHANGE ([MS-CMRP]
// 2.2.2.7) for version 1 ports, CLUSTER_CHANGE_CLUSTER_V2 (2.2.2.12) or
// CLUSTER_CHANGE_GROUP_V2 (2.2.2.13) for version 2 ports. Values of different
// enumerations overlap; PortVersion tells which applies.
func (k EventKind) Value() uint32 {
	switch k {
	case EventClusterState:
		return CLUSTER_CHANGE_CLUSTER_STATE
	case EventGroupStateV2:
		return CLUSTER_CHANGE_GROUP_STATE_V2
	case EventClusterReconnect:
		return CLUSTER_CHANGE_CLUSTER_RECONNECT
	case EventClusterReconnectV2:
		return CLUSTER_CHANGE_CLUSTER_RECONNECT_V2
	}
	return 0
}

// PortVersion gives the version of the notification ports the event is queued
// to: 1 or 2 ([MS-CMRP] 3.2.1.1), or 0 for an unknown kind.
func (k EventKind) PortVersion() int {
	switch k {
	case EventClusterState, EventClusterReconnect:
		return 1
	case EventGroupStateV2, EventClusterReconnectV2:
		return 2
	}
	return 0
}

// Event is an event indication posted by the reconnect procedure ([MS-CMRP]
// 3.2.4.6 steps 1, 15 and 17). The document posts it to every notification
// port of the version PortVersion names; the driver calls Config.OnEvent once
// and the callback queues it to each such port the client holds.
type Event struct {
	Kind EventKind
	// Cluster is the cluster name, the name of the object the event is about.
	Cluster string
}
