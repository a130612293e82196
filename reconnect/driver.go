// Package reconnect runs the failover-cluster reconnect procedure of [MS-CMRP]
// 3.2.4.6 around the caller's ClusAPI method calls.
//
// A Driver wraps each call. When the call fails with a Win32 code that
// errors.ShouldReconnectCMRP accepts for the protocol version, and the method is
// one that [MS-CMRP] 3.1.4 marks as starting the procedure
// (errors.IsReconnectEligibleCMRP), the driver walks the reconnect candidates
// (the cluster name and the computer names of the configured nodes, [MS-CMRP]
// 3.2.1 and 3.2.3.3), skipping the server it was connected to until that is the
// only one left (step 2). For each candidate it runs steps 3 to 17 through the
// caller's Session: free the binding, connect, ApiGetClusterName, reopen the
// cluster handle and every object handle, re-create the notification ports,
// register their filters again and post the reconnect events. The first
// candidate that gets through every step wins and the method is reissued once;
// if every candidate fails, the driver posts the step 1 events and returns the
// original error with every attempt's cause.
//
// The caller's transport plugs in through Session; events come out through
// Config.OnEvent.
//
// # Construction and time
//
// The procedure packages (logon, reconnect, ldapreconnect and its goldap
// adapter) are built one way: a Config struct whose zero fields mean the
// documented defaults, and a constructor New<Type>(cfg Config) (*Type, error)
// that refuses a bad Config (a required field missing, a negative limit)
// with an error instead of a panic, and does no I/O. Time is read through
// Config.Clock (Now and After, like time.Now and time.After), nil meaning
// the system clock, so that tests run the waits without sleeping; every
// wait also ends with its context. Earlier entry points stay as thin
// wrappers.
//
// Here: NewDriver(Config), which requires a Session; the only wait is
// Config.Pause between candidates. New, the earlier constructor, is a thin
// wrapper that returns the Driver without the error (a Driver whose Config
// NewDriver refuses fails every Call with that error), and Config.Sleep,
// the earlier way to wait, is still used when set.
package reconnect

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/internal/clock"
)

// Config configures a Driver. The state it describes is what [MS-CMRP] 3.2.1
// says a client keeps for reconnecting, gathered as in [MS-CMRP] 3.2.3.3.
type Config struct {
	// Version is the ClusAPI protocol version in use, 2 or 3. With any other
	// value no error triggers a reconnect.
	Version int

	// Candidates is the list of reconnect candidates ([MS-CMRP] 3.2.1): the
	// cluster name returned by ApiGetClusterName and the computer names of all
	// configured nodes from ApiCreateEnum ([MS-CMRP] 3.2.3.3), tried in this
	// order. Empty names and names repeated (ignoring case) are dropped.
	Candidates []string

	// Cluster is the cluster name and Server the computer name of the node
	// currently serving the connection, both from ApiGetClusterName
	// ([MS-CMRP] 3.2.3.3). Step 5 of each reconnect replaces them.
	Cluster, Server string

	// ClusterAccess is the access level granted for the HCLUSTER_RPC handle
	// (protocol version 3, [MS-CMRP] 3.2.1); it selects ApiOpenClusterEx over
	// ApiOpenCluster in step 7. The zero value means the level was not kept.
	ClusterAccess Access

	// Session is the caller's transport and handles. Required.
	Session Session

	// OnEvent, if not nil, receives the events of [MS-CMRP] 3.2.4.6 steps 1,
	// 15 and 17. It is called synchronously during the procedure, which runs
	// one at a time per driver: it must not wait for a Call on the same driver
	// that could itself need to reconnect.
	OnEvent func(Event)

	// Pause is waited between two candidate attempts; zero (the default)
	// means no pause, and it must not be negative. The document sets no
	// timer ([MS-CMRP] 3.2.2).
	Pause time.Duration

	// Clock is the source of time for the Pause; nil means the system
	// clock.
	Clock Clock

	// Sleep, if not nil, waits for d or until ctx ends, returning ctx.Err()
	// in that case, instead of Clock: the way to inject time before Clock
	// existed.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Clock is the source of time of a Driver. It has the methods of the
// Clocks of packages logon and ldapreconnect, so one fake serves all three.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// After returns a channel that receives once at least d has passed
	// (like time.After).
	After(d time.Duration) <-chan time.Time
}

// check returns why cfg cannot make a Driver: no Session, or a negative
// Pause.
func (cfg *Config) check() error {
	switch {
	case cfg.Session == nil:
		return errors.New("reconnect: Config.Session is nil")
	case cfg.Pause < 0:
		return fmt.Errorf("reconnect: Config.Pause %v is negative", cfg.Pause)
	}
	return nil
}

// Driver runs method calls and, when one fails with a reconnect code, the
// [MS-CMRP] 3.2.4.6 reconnect procedure. A Driver is safe for concurrent use:
// one procedure runs at a time; callers whose calls failed meanwhile wait for
// it and then reissue their method on the new connection, or share its
// failure.
type Driver struct {
	version int
	session Session
	onEvent func(Event)
	pause   time.Duration
	sleep   func(context.Context, time.Duration) error
	access  Access
	err     error // why New's Config could not make a Driver; every Call returns it

	// sem is held while a procedure runs; it also guards candidates and
	// lastErr.
	sem        chan struct{}
	candidates []candidate
	lastErr    *Error
	// epoch counts the procedures that ended in success or failure (not the
	// canceled ones); a caller compares it with its value from before its
	// call to learn whether another caller's procedure ran in between.
	epoch atomic.Uint64

	mu              sync.Mutex // guards cluster and server
	cluster, server string
}

type candidate struct {
	name  string
	tried bool
}

// NewDriver returns a Driver for cfg, or an error naming what is wrong with
// cfg (no Session, a negative Pause). It does no I/O.
func NewDriver(cfg Config) (*Driver, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	return newDriver(cfg), nil
}

// New is NewDriver without the error, the constructor of earlier versions,
// kept for their callers. It does not panic: a Driver whose Config
// NewDriver refuses returns that error from every Call, without running the
// call.
func New(cfg Config) *Driver {
	d := newDriver(cfg)
	d.err = cfg.check()
	return d
}

// newDriver builds the Driver of cfg, which need not pass check.
func newDriver(cfg Config) *Driver {
	d := &Driver{
		version: cfg.Version,
		session: cfg.Session,
		onEvent: cfg.OnEvent,
		pause:   cfg.Pause,
		sleep:   cfg.Sleep,
		access:  cfg.ClusterAccess,
		sem:     make(chan struct{}, 1),
		cluster: cfg.Cluster,
		server:  cfg.Server,
	}
	if d.sleep == nil {
		c := clock.Or(cfg.Clock)
		d.sleep = func(ctx context.Context, d time.Duration) error { return clock.Sleep(ctx, c, d) }
	}
	for _, name := range cfg.Candidates {
		if name == "" || d.index(name) >= 0 {
			continue
		}
		d.candidates = append(d.candidates, candidate{name: name})
	}
	return d
}

func (d *Driver) index(name string) int {
	for i, c := range d.candidates {
		if sameComputer(c.name, name) {
			return i
		}
	}
	return -1
}

// sameComputer compares computer names, which are not case-sensitive.
func sameComputer(a, b string) bool { return strings.EqualFold(a, b) }

// Version returns the protocol version the driver was configured with.
func (d *Driver) Version() int { return d.version }

// Cluster returns the current cluster name: the configured one, or the one
// ApiGetClusterName returned in the latest step 5 ([MS-CMRP] 3.2.4.6).
func (d *Driver) Cluster() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cluster
}

// Server returns the computer name of the server the client is connected to:
// the configured one, or the one ApiGetClusterName returned in the latest
// step 5 ([MS-CMRP] 3.2.4.6).
func (d *Driver) Server() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.server
}

// ShouldReconnect reports whether a failure of method with err starts the
// reconnect procedure ([MS-CMRP] 3.2.4.6): method is reconnect-eligible in the
// driver's protocol version (errors.IsReconnectEligibleCMRP) and err's chain
// holds a Win32 code of that version's table (errors.ShouldReconnectCMRP). It
// does not allocate.
func (d *Driver) ShouldReconnect(method string, err error) bool {
	return err != nil && errors.IsReconnectEligibleCMRP(d.version, method) && errors.ShouldReconnectCMRP(d.version, err)
}

// Call runs call, the caller's invocation of the [MS-CMRP] method named
// method (as the document spells it, for example ApiGetNodeState). If it
// fails and ShouldReconnect(method, err) holds, Call runs the reconnect
// procedure of [MS-CMRP] 3.2.4.6 and, once reconnected, reissues call once and
// returns its result. If another caller's procedure completed since call
// started, Call reissues (or shares that procedure's failure) without running
// its own.
//
// When the procedure fails, Call returns an *Error holding the original
// error and each attempt's cause. When ctx ends first, the *Error's primary
// cause is ctx.Err(), so errors.Is(err, context.Canceled) holds. Other errors
// of call are returned unchanged ([MS-CMRP] 3.2.4). A Driver that New made
// from a Config NewDriver refuses returns that error without running call.
func (d *Driver) Call(ctx context.Context, method string, call func(ctx context.Context) error) error {
	if d.err != nil {
		return d.err
	}
	before := d.epoch.Load()
	err := call(ctx)
	if err == nil || !d.ShouldReconnect(method, err) {
		return err
	}
	if rerr := d.reconnect(ctx, before, err); rerr != nil {
		return rerr
	}
	// "The client SHOULD use the new RPC connection and context handles to
	// reattempt the method whose failure initiated the reconnect procedure."
	return call(ctx)
}

// reconnect waits for its turn and runs the procedure unless another caller's
// procedure completed since epoch was before. It returns nil once reconnected.
func (d *Driver) reconnect(ctx context.Context, before uint64, orig error) error {
	if err := ctx.Err(); err != nil {
		return &Error{Canceled: err, Original: orig}
	}
	select {
	case d.sem <- struct{}{}:
	case <-ctx.Done():
		return &Error{Canceled: ctx.Err(), Original: orig}
	}
	defer func() { <-d.sem }()
	if d.epoch.Load() != before {
		if d.lastErr == nil {
			return nil
		}
		return &Error{Original: orig, Attempts: d.lastErr.Attempts}
	}
	return d.procedure(ctx, orig)
}

// procedure is [MS-CMRP] 3.2.4.6 steps 1 to 17. d.sem is held.
func (d *Driver) procedure(ctx context.Context, orig error) error {
	// The candidates count as untried again when the procedure ends: after a
	// success as the document says, and after a failure or a cancellation
	// because the next procedure is a new one ("attempted in this reconnect
	// procedure", step 1).
	defer func() {
		for i := range d.candidates {
			d.candidates[i].tried = false
		}
	}()
	e := &Error{Original: orig}
	// Step 2 compares with the server of when the procedure started, though
	// step 5 replaces the current names.
	startServer := d.Server()
	for {
		if err := ctx.Err(); err != nil {
			e.Canceled = err
			return e
		}
		// Steps 1 and 2: the next untried candidate, the starting server last.
		i := d.next(startServer)
		if i < 0 {
			// Step 1: every candidate has been attempted; reconnect failed.
			cluster := d.Cluster()
			d.post(EventClusterState, cluster)
			if d.version == 3 {
				d.post(EventGroupStateV2, cluster)
			}
			d.lastErr = e
			d.epoch.Add(1)
			return e
		}
		d.candidates[i].tried = true
		if len(e.Attempts) > 0 && d.pause > 0 {
			if err := d.sleep(ctx, d.pause); err != nil {
				if e.Canceled = ctx.Err(); e.Canceled == nil {
					e.Canceled = err
				}
				return e
			}
		}
		if a := d.attempt(ctx, d.candidates[i].name); a != nil {
			e.Attempts = append(e.Attempts, a)
			continue
		}
		d.lastErr = nil
		d.epoch.Add(1)
		return nil
	}
}

// next is steps 1 and 2: the first untried candidate that is not the server
// the procedure started on, else that server if untried, else -1.
func (d *Driver) next(server string) int {
	last := -1
	for i, c := range d.candidates {
		if c.tried {
			continue
		}
		if server != "" && sameComputer(c.name, server) {
			if last < 0 {
				last = i
			}
			continue
		}
		return i
	}
	return last
}

// attempt is steps 3 to 17 for one candidate. It returns nil on success.
func (d *Driver) attempt(ctx context.Context, name string) *AttemptError {
	s := d.session
	fail := func(step int, method string, err error) *AttemptError {
		return &AttemptError{Candidate: name, Step: step, Method: method, Err: err}
	}
	// Step 3.
	s.FreeBinding()
	// Step 4.
	if err := s.Connect(ctx, name); err != nil {
		return fail(4, "Connect", err)
	}
	cluster, node, err := s.GetClusterName(ctx) // step 5
	if err != nil {
		return fail(5, "ApiGetClusterName", err)
	}
	d.mu.Lock()
	if cluster != "" {
		d.cluster = cluster
	}
	if node != "" {
		d.server = node
	}
	d.mu.Unlock()
	s.FreeClusterHandle() // step 6
	m := HandleCluster.OpenMethod(d.version, d.access)
	if err := s.OpenCluster(ctx, m, d.access); err != nil { // step 7
		return fail(7, m, err)
	}
	for _, k := range reopenOrder[:7] { // steps 8 to 14
		if err := s.ReopenHandles(ctx, k); err != nil {
			return fail(k.Step(), k.String(), err)
		}
	}
	for f := FilterAddNotifyCluster; f <= FilterReAddNotifyNetInterface; f++ { // step 15 items 1 to 7
		if err := s.Reregister(ctx, f); err != nil {
			return fail(15, f.String(), err)
		}
	}
	cluster = d.Cluster()
	d.post(EventClusterReconnect, cluster) // step 15 item 8
	if d.version != 3 {
		return nil
	}
	if err := s.ReopenHandles(ctx, HandleNotifyV2); err != nil { // step 16
		return fail(16, HandleNotifyV2.String(), err)
	}
	if err := s.Reregister(ctx, FilterAddNotifyV2); err != nil { // step 17 item 1
		return fail(17, FilterAddNotifyV2.String(), err)
	}
	d.post(EventClusterReconnectV2, cluster) // step 17 item 2
	return nil
}

func (d *Driver) post(k EventKind, cluster string) {
	if d.onEvent != nil {
		d.onEvent(Event{Kind: k, Cluster: cluster})
	}
}
