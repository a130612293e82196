package goldap_test

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/go-ldap/ldap/v3"

	"github.com/ropcodec/ropcodec/ldapreconnect"
	"github.com/ropcodec/ropcodec/ldapreconnect/goldap"
)

const (
	baseDN = "dc=example,dc=com"
	rootDN = "cn=admin,dc=example,dc=com"
	rootPW = "secret"
)

// slapd is an OpenLDAP server the test runs on loopback with its own
// configuration and database directory.
type slapd struct {
	t    *testing.T
	bin  string
	dir  string
	addr string
	cmd  *exec.Cmd
	done chan struct{}

	mu sync.Mutex
	up chan struct{} // closed while slapd is accepting; replaced by kill
}

func findSlapd(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("slapd"); err == nil {
		return p
	}
	for _, p := range []string{"/usr/sbin/slapd", "/usr/local/libexec/slapd", "/usr/libexec/slapd"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("slapd not installed: apt-get install slapd ldap-utils; .ci/run installs it")
	return ""
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().String()
}

func startSlapd(t *testing.T) *slapd {
	t.Helper()
	bin := findSlapd(t)
	schema := "/etc/ldap/schema/core.schema"
	if _, err := os.Stat(schema); err != nil {
		t.Skipf("slapd found at %s but %s is missing (Debian's slapd package provides it)", bin, schema)
	}
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "db"), 0o700))
	conf := fmt.Sprintf(`include %s
pidfile %s/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "%s"
rootdn "%s"
rootpw %s
directory %s/db
`, schema, dir, baseDN, rootDN, rootPW, dir)
	if _, err := os.Stat("/usr/lib/ldap/back_mdb.la"); err != nil {
		if _, err2 := os.Stat("/usr/lib/ldap/back_mdb.so"); err2 != nil {
			// back_mdb built in: no module to load.
			conf = strings.Replace(conf, "modulepath /usr/lib/ldap\nmoduleload back_mdb\n", "", 1)
		}
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "slapd.conf"), []byte(conf), 0o600))
	s := &slapd{t: t, bin: bin, dir: dir, addr: freePort(t), up: make(chan struct{})}
	s.start()
	t.Cleanup(s.kill)
	return s
}

// start runs slapd in the foreground (-d 0) and waits until it accepts
// connections.
func (s *slapd) start() {
	s.t.Helper()
	cmd := exec.Command(s.bin, "-f", filepath.Join(s.dir, "slapd.conf"),
		"-h", "ldap://"+s.addr+"/", "-d", "0")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start slapd: %v", err)
	}
	s.cmd = cmd
	s.done = make(chan struct{})
	go func(done chan struct{}) { cmd.Wait(); close(done) }(s.done)
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", s.addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			s.mu.Lock()
			close(s.up)
			s.mu.Unlock()
			return
		}
		select {
		case <-s.done:
			s.t.Fatalf("slapd exited at start: %s", out.String())
		default:
		}
		if time.Now().After(deadline) {
			s.kill()
			s.t.Fatalf("slapd did not listen on %s within 5s: %s", s.addr, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop sends SIGSTOP and waits until every thread of slapd has stopped
// (on Linux, where /proc shows it), so a request sent afterwards stays
// unanswered.
func (s *slapd) stop() {
	s.t.Helper()
	pid := s.cmd.Process.Pid
	if err := s.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		s.t.Fatal(err)
	}
	tasks := fmt.Sprintf("/proc/%d/task", pid)
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		ents, err := os.ReadDir(tasks)
		if err != nil {
			return // no /proc: rely on the signal alone
		}
		stopped := true
		for _, e := range ents {
			b, err := os.ReadFile(filepath.Join(tasks, e.Name(), "stat"))
			if err != nil {
				continue
			}
			// The state follows the parenthesised command name.
			st := string(b)
			if i := strings.LastIndexByte(st, ')'); i >= 0 && i+2 < len(st) {
				if c := st[i+2]; c != 'T' && c != 't' {
					stopped = false
				}
			}
		}
		if stopped {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.t.Fatalf("slapd (pid %d) did not stop within 2s", pid)
}

// kill sends SIGKILL and waits for the process to exit.
func (s *slapd) kill() {
	if s.cmd == nil {
		return
	}
	// Marked down before the signal: a client that sees the connection
	// reset must not dial the dying process, whose listening socket can
	// still complete a handshake for a moment.
	s.mu.Lock()
	select {
	case <-s.up:
		s.up = make(chan struct{})
	default:
	}
	s.mu.Unlock()
	s.cmd.Process.Kill()
	<-s.done
	s.cmd = nil
}

func (s *slapd) restart() {
	s.kill()
	s.start()
}

// dialer waits up to 5 s for the test's slapd to be up before dialing, so
// that an autoreconnect that starts while the test restarts slapd reaches
// the new process.
func (s *slapd) dialer() goldap.DialFunc {
	return func() (net.Conn, error) {
		s.mu.Lock()
		up := s.up
		s.mu.Unlock()
		select {
		case <-up:
		case <-time.After(5 * time.Second):
		}
		return net.DialTimeout("tcp", s.addr, time.Second)
	}
}

func populate(t *testing.T, s *slapd) {
	t.Helper()
	c, err := goldap.Dial(s.addr)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.Bind(rootDN, rootPW))
	base := ldap.NewAddRequest(baseDN, nil)
	base.Attribute("objectClass", []string{"organization", "dcObject"})
	base.Attribute("o", []string{"Example"})
	base.Attribute("dc", []string{"example"})
	require.NoError(t, c.Add(base))
	for _, n := range []string{"alice", "bob", "carol"} {
		r := ldap.NewAddRequest("cn="+n+","+baseDN, nil)
		r.Attribute("objectClass", []string{"person"})
		r.Attribute("cn", []string{n})
		r.Attribute("sn", []string{strings.ToUpper(n)})
		require.NoError(t, c.Add(r))
	}
}

func people() *ldap.SearchRequest {
	return ldap.NewSearchRequest(baseDN, ldap.ScopeSingleLevel, ldap.NeverDerefAliases,
		0, 0, false, "(objectClass=person)", []string{"cn", "sn"}, nil)
}

func whoAmI(t *testing.T, c *goldap.Conn) string {
	t.Helper()
	var id string
	err := c.Do(goldap.Op{Run: func(lc *ldap.Conn) error {
		r, err := lc.WhoAmI(nil)
		if err == nil {
			id = r.AuthzID
		}
		return err
	}})
	require.NoError(t, err, "WhoAmI")
	return id
}

func setup(t *testing.T, auto bool) (*slapd, *goldap.Conn) {
	s := startSlapd(t)
	populate(t, s)
	c, err := goldap.New(s.dialer())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	c.SetSetup(func(lc *ldap.Conn) { lc.SetTimeout(5 * time.Second) })
	c.SetAutoReconnect(auto)
	require.NoError(t, c.Bind(rootDN, rootPW))
	return s, c
}

func TestSlapdBindSearch(t *testing.T) {
	_, c := setup(t, true)
	res, err := c.Search(people())
	require.NoError(t, err)
	if len(res.Entries) != 3 {
		t.Fatalf("got %d entries, want 3", len(res.Entries))
	}
	if ok, err := c.Compare("cn=bob,"+baseDN, "sn", "BOB"); err != nil || !ok {
		t.Fatalf("Compare = %v, %v", ok, err)
	}
	if id := whoAmI(t, c); id != "dn:"+rootDN {
		t.Fatalf("WhoAmI = %q", id)
	}
	// A server's answer is returned as is, not treated as a network error.
	err = c.Del(ldap.NewDelRequest("cn=nobody,"+baseDN, nil))
	if !ldap.IsErrorWithCode(err, ldap.LDAPResultNoSuchObject) {
		t.Fatalf("Del of a missing entry: %v", err)
	}
}

// The server is killed between two operations and restarted on the same
// port: the next operation reconnects, rebinds and succeeds.
func TestSlapdKilledBetweenOpsAutoreconnect(t *testing.T) {
	s, c := setup(t, true)
	if _, err := c.Search(people()); err != nil {
		t.Fatal(err)
	}
	s.restart()
	mod := ldap.NewModifyRequest("cn=alice,"+baseDN, nil)
	mod.Replace("sn", []string{"Liddell"}) // needs the rebind: anonymous may not write
	require.NoError(t, c.Modify(mod), "Modify after restart")
	if c.Reconnects() != 1 || !c.Bound() {
		t.Fatalf("Reconnects = %d, Bound = %v", c.Reconnects(), c.Bound())
	}
	if id := whoAmI(t, c); id != "dn:"+rootDN {
		t.Fatalf("WhoAmI after reconnect = %q, want the rebound %q", id, "dn:"+rootDN)
	}
	if ok, err := c.Compare("cn=alice,"+baseDN, "sn", "Liddell"); err != nil || !ok {
		t.Fatalf("Compare = %v, %v", ok, err)
	}
}

// slapd is stopped (SIGSTOP) so a search stays outstanding, then killed
// and restarted: the search is resent on the new connection and succeeds.
func TestSlapdKilledMidRequestAutoreconnect(t *testing.T) {
	s, c := setup(t, true)
	s.stop()
	type result struct {
		res *ldap.SearchResult
		err error
	}
	ch := make(chan result, 1)
	go func() { r, err := c.Search(people()); ch <- result{r, err} }()
	time.Sleep(200 * time.Millisecond)
	select {
	case r := <-ch:
		t.Fatalf("search finished while slapd was stopped: %v", r.err)
	default:
	}
	s.restart()
	r := <-ch
	if r.err != nil {
		t.Fatalf("search across the restart: %v", r.err)
	}
	if len(r.res.Entries) != 3 {
		t.Fatalf("got %d entries, want 3", len(r.res.Entries))
	}
	if c.Reconnects() != 1 {
		t.Fatalf("Reconnects = %d, want 1", c.Reconnects())
	}
}

// A search carrying LDAP_SERVER_NOTIFICATION_OID is never resent: it gets
// LDAP_SERVER_DOWN, though the connection is reconnected for what follows.
func TestSlapdKilledMidNotificationSearch(t *testing.T) {
	s, c := setup(t, true)
	req := people()
	req.Controls = []ldap.Control{ldap.NewControlString(ldapreconnect.NotificationOID, false, "")}
	s.stop()
	ch := make(chan error, 1)
	go func() { _, err := c.Search(req); ch <- err }()
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-ch:
		t.Fatalf("notification search finished while slapd was stopped: %v", err)
	default:
	}
	s.restart()
	err := <-ch
	t.Logf("notification search: %v", err)
	if !goldap.IsServerDown(err) {
		t.Fatalf("notification search: %v, want LDAP_SERVER_DOWN (81); reconnects %d", err, c.Reconnects())
	}
	if _, err := c.Search(people()); err != nil {
		t.Fatalf("search after reconnect: %v", err)
	}
	if c.Reconnects() != 1 {
		t.Fatalf("Reconnects = %d, want 1", c.Reconnects())
	}
}

// With auto-reconnect off the caller gets LDAP_SERVER_DOWN, for an
// operation outstanding when the server dies and for one after it.
func TestSlapdKilledNoAutoreconnect(t *testing.T) {
	s, c := setup(t, false)
	s.stop()
	ch := make(chan error, 1)
	go func() { _, err := c.Search(people()); ch <- err }()
	time.Sleep(200 * time.Millisecond)
	s.restart()
	err := <-ch
	var le *ldap.Error
	if !errors.As(err, &le) || le.ResultCode != 81 {
		t.Fatalf("search with auto-reconnect off: %v, want LDAP_SERVER_DOWN (81)", err)
	}
	if _, err := c.Search(people()); !goldap.IsServerDown(err) {
		t.Fatalf("search after the failure: %v, want LDAP_SERVER_DOWN", err)
	}
	if c.Reconnects() != 0 || c.Bound() {
		t.Fatalf("Reconnects = %d, Bound = %v", c.Reconnects(), c.Bound())
	}
	// Connect gives a new, unbound connection.
	require.NoError(t, c.Connect())
	if id := whoAmI(t, c); id != "" {
		t.Fatalf("WhoAmI after Connect = %q, want anonymous", id)
	}
}

// Killed between operations with auto-reconnect off: LDAP_SERVER_DOWN.
func TestSlapdKilledBetweenOpsNoAutoreconnect(t *testing.T) {
	s, c := setup(t, false)
	s.restart()
	// The old connection's reader sees EOF asynchronously; wait for it.
	time.Sleep(100 * time.Millisecond)
	if err := c.Del(ldap.NewDelRequest("cn=carol,"+baseDN, nil)); !goldap.IsServerDown(err) {
		t.Fatalf("Del: %v, want LDAP_SERVER_DOWN", err)
	}
}

// Concurrent operations on one broken connection share a single reconnect.
func TestSlapdConcurrentAutoreconnect(t *testing.T) {
	s, c := setup(t, true)
	s.restart()
	errs := make(chan error, 8)
	for range 8 {
		go func() { _, err := c.Search(people()); errs <- err }()
	}
	for range 8 {
		require.NoError(t, <-errs)
	}
	if c.Reconnects() != 1 {
		t.Fatalf("Reconnects = %d, want 1", c.Reconnects())
	}
}
