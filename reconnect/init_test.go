package reconnect_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/reconnect"
)

// initSession answers the three calls of [MS-CMRP] 3.2.3.3 from a script.
type initSession struct {
	nameErrs []error // errors of the first ApiGetClusterName calls
	calls    []string
	openErr  error
	enumErr  error
}

func (s *initSession) GetClusterName(ctx context.Context) (string, string, error) {
	s.calls = append(s.calls, "ApiGetClusterName")
	if len(s.nameErrs) > 0 {
		err := s.nameErrs[0]
		s.nameErrs = s.nameErrs[1:]
		return "", "", err
	}
	return "CLUSTER1", "NODE2", nil
}

func (s *initSession) OpenCluster(ctx context.Context, method string, access reconnect.Access) error {
	s.calls = append(s.calls, method)
	return s.openErr
}

func (s *initSession) EnumNodes(ctx context.Context) ([]string, error) {
	s.calls = append(s.calls, "ApiCreateEnum")
	return []string{"NODE1", "NODE2", "NODE3"}, s.enumErr
}

func TestInitializeBuildsCandidates(t *testing.T) {
	s := &initSession{}
	cfg, err := reconnect.Initialize(context.Background(), 3, reconnect.AccessRead, s)
	require.NoError(t, err)
	if cfg.Cluster != "CLUSTER1" || cfg.Server != "NODE2" || cfg.Version != 3 || cfg.ClusterAccess != reconnect.AccessRead ||
		!slices.Equal(cfg.Candidates, []string{"CLUSTER1", "NODE1", "NODE2", "NODE3"}) {
		t.Errorf("config %+v", cfg)
	}
	// version 3 with "Read" access opens the cluster with ApiOpenClusterEx
	if !slices.Equal(s.calls, []string{"ApiGetClusterName", "ApiOpenClusterEx", "ApiCreateEnum"}) {
		t.Errorf("calls %v", s.calls)
	}
}

func TestInitializeRetriesCallFailedDNEFourTimes(t *testing.T) {
	dne := errors.RPC_S_CALL_FAILED_DNE
	s := &initSession{nameErrs: []error{dne, dne, dne}}
	if _, err := reconnect.Initialize(context.Background(), 2, reconnect.AccessAll, s); err != nil {
		t.Fatalf("three RPC_S_CALL_FAILED_DNE then success: %v", err)
	}
	s = &initSession{nameErrs: []error{dne, dne, dne, dne}}
	_, err := reconnect.Initialize(context.Background(), 2, reconnect.AccessAll, s)
	if !errors.Is(err, reconnect.ErrNotActiveNode) || !errors.Is(err, dne) || len(s.calls) != 4 {
		t.Errorf("four failures: %v after %d calls", err, len(s.calls))
	}
}

func TestInitializeOtherErrorsNotRetried(t *testing.T) {
	s := &initSession{nameErrs: []error{errors.RPC_S_SERVER_UNAVAILABLE}}
	_, err := reconnect.Initialize(context.Background(), 2, reconnect.AccessAll, s)
	if !errors.Is(err, reconnect.ErrNotActiveNode) || len(s.calls) != 1 {
		t.Errorf("%v after %v", err, s.calls)
	}
	// the same number in another namespace is not RPC_S_CALL_FAILED_DNE
	s = &initSession{nameErrs: []error{errors.HRESULT(errors.RPC_S_CALL_FAILED_DNE)}}
	if _, err := reconnect.Initialize(context.Background(), 2, reconnect.AccessAll, s); err == nil || len(s.calls) != 1 {
		t.Errorf("HRESULT with the DNE number was retried: %v", s.calls)
	}
}

func TestInitializeOpenAndEnumFailuresMeanNotActiveNode(t *testing.T) {
	for _, s := range []*initSession{{openErr: errors.ERROR_ACCESS_DENIED}, {enumErr: errors.RPC_S_CALL_FAILED}} {
		_, err := reconnect.Initialize(context.Background(), 2, reconnect.AccessAll, s)
		assert.ErrorIs(t, err, reconnect.ErrNotActiveNode)
	}
	s := &initSession{}
	if _, err := reconnect.Initialize(context.Background(), 2, reconnect.AccessRead, s); err != nil || s.calls[1] != "ApiOpenCluster" {
		t.Errorf("version 2 opens with ApiOpenCluster: %v %v", s.calls, err)
	}
}
