package reconnect

import "context"

// Session is the caller's side of a ClusAPI connection: its RPC runtime, its
// binding and the context handles and notification filters it keeps
// ([MS-CMRP] 3.2.1). The driver calls these methods during a reconnect, one
// attempt per candidate, in the order of the numbered steps of [MS-CMRP]
// 3.2.4.6; a method that returns an error ends the attempt, and the driver goes
// back to step 1 with the next candidate. Errors returned here are never
// interpreted as reconnect codes (steps 5, 8, 15 and 17 say so).
//
// The driver runs one reconnect at a time, but the caller's own method calls
// may run on the session while a reconnect is in progress, so a Session must
// be safe for that concurrent use (an RPC runtime usually is).
type Session interface {
	// FreeBinding frees any existing RPC binding to a node (step 3).
	FreeBinding()

	// Connect establishes an RPC connection to the candidate name, a cluster
	// name or a node's computer name (step 4, as in [MS-CMRP] 3.2.3.2).
	Connect(ctx context.Context, name string) error

	// GetClusterName calls ApiGetClusterName on the new connection and returns
	// the cluster name and the computer name of the node serving it (step 5,
	// [MS-CMRP] 3.1.4.1.4 or 3.1.4.2.4). The driver keeps both as the
	// current names.
	GetClusterName(ctx context.Context) (cluster, node string, err error)

	// FreeClusterHandle frees the existing HCLUSTER_RPC context handle
	// (step 6).
	FreeClusterHandle()

	// OpenCluster opens a new HCLUSTER_RPC context handle with method, which
	// HandleCluster.OpenMethod chose: ApiOpenClusterEx requesting access
	// (protocol version 3 when the old handle's access was not "All"), or
	// ApiOpenCluster, for which access is only informative (step 7).
	OpenCluster(ctx context.Context, method string, access Access) error

	// ReopenHandles re-creates every context handle of kind the client keeps
	// on the new binding: for each, free the old handle, then open a new one
	// with kind.OpenMethod(version, grantedAccess) (steps 8 to 14 and 16).
	// The driver calls it once per kind, in the order of the HandleKind
	// constants from HandleNode to HandleNotify (steps 8 to 14), then, after
	// the step 15 registrations, HandleNotifyV2 for protocol version 3 only
	// (step 16). A session that keeps no handle of kind returns nil.
	ReopenHandles(ctx context.Context, kind HandleKind) error

	// Reregister calls the registration method f for every event filter of
	// the re-created notification ports that needs it (step 15 items 1 to 7,
	// step 17 item 1). The driver calls it once per kind, in the document's
	// order, and posts the reconnect event after the last one.
	Reregister(ctx context.Context, f FilterKind) error
}
