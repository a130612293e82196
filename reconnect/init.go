package reconnect

import (
	"context"
	"fmt"

	"github.com/ropcodec/ropcodec/errors"
)

// ErrNotActiveNode reports that reconnect initialization failed: the client
// deduces that the server is not an active node of a cluster ([MS-CMRP]
// 3.2.3.3) and should end the RPC connection.
var ErrNotActiveNode = errors.New("reconnect: the server is not an active cluster node")

// InitSession is what reconnect initialization calls on a newly established
// RPC connection ([MS-CMRP] 3.2.3.3).
type InitSession interface {
	// GetClusterName calls ApiGetClusterName: the cluster name and the
	// computer name of the server.
	GetClusterName(ctx context.Context) (cluster, node string, err error)
	// OpenCluster calls the method named (ApiOpenCluster, or ApiOpenClusterEx
	// for protocol version 3 with an access level other than "All").
	OpenCluster(ctx context.Context, method string, access Access) error
	// EnumNodes calls ApiCreateEnum for the cluster's nodes and returns
	// their computer names.
	EnumNodes(ctx context.Context) ([]string, error)
}

// Initialize gathers the state the reconnect procedure needs ([MS-CMRP]
// 3.2.3.3), on a connection already established: it calls ApiGetClusterName,
// again while it fails with RPC_S_CALL_FAILED_DNE but at most
// InitGetClusterNameAttempts times; opens the cluster with the access level
// wanted; and enumerates the nodes. It returns a Config whose Version,
// Cluster, Server, ClusterAccess and Candidates (the cluster name, then every
// node) are filled in; the caller adds its Session and the rest. Any failure
// is ErrNotActiveNode wrapping the method's error.
func Initialize(ctx context.Context, version int, access Access, s InitSession) (Config, error) {
	var cluster, node string
	var err error
	for attempt := 1; ; attempt++ {
		if cluster, node, err = s.GetClusterName(ctx); err == nil {
			break
		}
		var w errors.Win32
		dne := errors.As(err, &w) && w == errors.RPC_S_CALL_FAILED_DNE
		if !dne || attempt >= int(InitGetClusterNameAttempts) || ctx.Err() != nil {
			return Config{}, fmt.Errorf("%w: ApiGetClusterName: %w", ErrNotActiveNode, err)
		}
	}
	method := HandleCluster.OpenMethod(version, access)
	if err := s.OpenCluster(ctx, method, access); err != nil {
		return Config{}, fmt.Errorf("%w: %s: %w", ErrNotActiveNode, method, err)
	}
	nodes, err := s.EnumNodes(ctx)
	if err != nil {
		return Config{}, fmt.Errorf("%w: ApiCreateEnum: %w", ErrNotActiveNode, err)
	}
	return Config{
		Version:       version,
		Cluster:       cluster,
		Server:        node,
		ClusterAccess: access,
		Candidates:    append([]string{cluster}, nodes...),
	}, nil
}
