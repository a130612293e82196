package reconnect_test

import (
	"context"
	"strings"
	"sync"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/reconnect"
)

// simCluster is an in-process failover cluster: nodes that are up or down,
// that fail methods on command, and that keep the context handles they
// issued. The cluster name is hosted by one up node and moves when that node
// goes down, as a cluster's network name fails over.
type simCluster struct {
	mu     sync.Mutex
	name   string
	order  []*simNode
	owner  *simNode // node hosting the cluster name, nil if none is up
	nextID uint64
	calls  map[string]int // server-side executions per method
}

type simNode struct {
	name    string
	up      bool
	hang    chan struct{} // if not nil, Connect signals on it and blocks until ctx ends
	fail    map[string]error
	once    map[string]error
	handles map[uint64]bool
}

func newSimCluster(name string, nodes ...string) *simCluster {
	c := &simCluster{name: name, calls: map[string]int{}}
	for _, n := range nodes {
		c.order = append(c.order, &simNode{name: n, up: true, fail: map[string]error{}, once: map[string]error{}, handles: map[uint64]bool{}})
	}
	c.owner = c.order[0]
	return c
}

func (c *simCluster) node(name string) *simNode {
	for _, n := range c.order {
		if strings.EqualFold(n.name, name) {
			return n
		}
	}
	return nil
}

// down stops nodes: they lose their handles, and the cluster name moves to
// the first node still up.
func (c *simCluster) down(names ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, name := range names {
		n := c.node(name)
		n.up = false
		n.handles = map[uint64]bool{}
		if c.owner == n {
			c.owner = nil
			for _, o := range c.order {
				if o.up {
					c.owner = o
					break
				}
			}
		}
	}
}

func (c *simCluster) up(names ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, name := range names {
		n := c.node(name)
		n.up = true
		if c.owner == nil {
			c.owner = n
		}
	}
}

// failOn makes node answer method (or "Connect") with err until healed.
func (c *simCluster) failOn(node, method string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.node(node).fail[method] = err
}

// failOnce makes node answer method with err the next time only.
func (c *simCluster) failOnce(node, method string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.node(node).once[method] = err
}

func (c *simCluster) heal(node, method string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.node(node).fail, method)
}

// hang makes Connect to node block until its context ends; the returned
// channel receives once when a Connect starts hanging.
func (c *simCluster) hang(node string) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan struct{}, 1)
	c.node(node).hang = ch
	return ch
}

func (c *simCluster) count(method string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[method]
}

// resolve finds the node answering name: a node's computer name, or the
// cluster name (its current owner).
func (c *simCluster) resolve(name string) *simNode {
	if strings.EqualFold(name, c.name) {
		return c.owner
	}
	return c.node(name)
}

// exec runs method on n as the server would. c.mu is held.
func (c *simCluster) exec(ctx context.Context, n *simNode, method string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if n == nil {
		return errors.RPC_S_INVALID_BINDING
	}
	if !n.up {
		return errors.RPC_S_SERVER_UNAVAILABLE
	}
	c.calls[method]++
	if err := n.once[method]; err != nil {
		delete(n.once, method)
		return err
	}
	if err := n.fail[method]; err != nil {
		return err
	}
	return nil
}

// simHandle is a context handle the client holds: the node that issued it,
// its id there, and the access granted.
type simHandle struct {
	node   *simNode
	id     uint64
	access reconnect.Access
}

// simSession is a client of simCluster implementing reconnect.Session. It
// records every step it is asked to perform, in order.
type simSession struct {
	c       *simCluster
	version int

	mu      sync.Mutex
	log     []string
	binding *simNode
	cluster simHandle
	handles map[reconnect.HandleKind][]simHandle
	filters map[reconnect.FilterKind]int
}

// dial connects a session to node as [MS-CMRP] 3.2.3.2 and 3.2.3.3 would,
// opening the cluster with access, one handle of each kind (the kinds of
// version 2 ports only for protocol version 3) and one filter of each kind.
func dial(c *simCluster, version int, node string, access reconnect.Access) *simSession {
	s := &simSession{c: c, version: version, handles: map[reconnect.HandleKind][]simHandle{}, filters: map[reconnect.FilterKind]int{}}
	c.mu.Lock()
	defer c.mu.Unlock()
	s.binding = c.node(node)
	s.cluster = c.issue(s.binding, access)
	for k := reconnect.HandleNode; k <= reconnect.HandleNotifyV2; k++ {
		if k == reconnect.HandleNotifyV2 && version != 3 {
			continue
		}
		s.handles[k] = []simHandle{c.issue(s.binding, access)}
	}
	for f := reconnect.FilterAddNotifyCluster; f <= reconnect.FilterAddNotifyV2; f++ {
		if f == reconnect.FilterAddNotifyV2 && version != 3 {
			continue
		}
		s.filters[f] = 1
	}
	return s
}

func (c *simCluster) issue(n *simNode, access reconnect.Access) simHandle {
	c.nextID++
	n.handles[c.nextID] = true
	return simHandle{node: n, id: c.nextID, access: access}
}

func (s *simSession) record(entry string) {
	s.log = append(s.log, entry)
}

// steps returns the recorded steps and clears the record.
func (s *simSession) steps() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.log
	s.log = nil
	return l
}

// invoke is a ClusAPI method call on the cluster handle over the current
// binding, failing as the simulated server does.
func (s *simSession) invoke(ctx context.Context, method string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	if err := s.c.exec(ctx, s.binding, method); err != nil {
		return err
	}
	if s.cluster.node != s.binding || !s.binding.handles[s.cluster.id] {
		return errors.RPC_X_SS_IN_NULL_CONTEXT
	}
	return nil
}

func (s *simSession) FreeBinding() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.record("FreeBinding")
	s.binding = nil
}

func (s *simSession) Connect(ctx context.Context, name string) error {
	s.mu.Lock()
	s.record("Connect " + name)
	s.c.mu.Lock()
	n := s.c.resolve(name)
	var hang chan struct{}
	var err error
	switch {
	case n == nil || !n.up:
		err = errors.RPC_S_SERVER_UNAVAILABLE
	case n.hang != nil:
		hang = n.hang
	default:
		err = n.fail["Connect"]
	}
	s.c.mu.Unlock()
	if err == nil && hang == nil {
		s.binding = n
	}
	s.mu.Unlock()
	if hang != nil {
		hang <- struct{}{}
		<-ctx.Done()
		return ctx.Err()
	}
	return err
}

func (s *simSession) GetClusterName(ctx context.Context) (string, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.record("ApiGetClusterName")
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	if err := s.c.exec(ctx, s.binding, "ApiGetClusterName"); err != nil {
		return "", "", err
	}
	return s.c.name, s.binding.name, nil
}

func (s *simSession) FreeClusterHandle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.record("FreeClusterHandle")
	s.cluster = simHandle{access: s.cluster.access}
}

func (s *simSession) OpenCluster(ctx context.Context, method string, access reconnect.Access) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.record(method + " " + access.String())
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	if err := s.c.exec(ctx, s.binding, method); err != nil {
		return err
	}
	s.cluster = s.c.issue(s.binding, access)
	return nil
}

func (s *simSession) ReopenHandles(ctx context.Context, kind reconnect.HandleKind) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	hs := s.handles[kind]
	for i, h := range hs {
		// Free the old handle, then open one on the new binding (step 8).
		if h.node != nil {
			delete(h.node.handles, h.id)
		}
		hs[i].node = nil
		method := kind.OpenMethod(s.version, h.access)
		s.record(method)
		if err := s.c.exec(ctx, s.binding, method); err != nil {
			return err
		}
		hs[i] = s.c.issue(s.binding, h.access)
	}
	return nil
}

func (s *simSession) Reregister(ctx context.Context, f reconnect.FilterKind) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	for range s.filters[f] {
		s.record(f.String())
		if err := s.c.exec(ctx, s.binding, f.String()); err != nil {
			return err
		}
	}
	return nil
}

// eventLog collects the events a driver posts.
type eventLog struct {
	mu     sync.Mutex
	events []reconnect.Event
}

func (l *eventLog) post(e reconnect.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

func (l *eventLog) get() []reconnect.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]reconnect.Event(nil), l.events...)
}
