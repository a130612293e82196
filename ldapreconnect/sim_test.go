package ldapreconnect_test

import (
	"bufio"
	"net"
	"sync"
	"time"

	ber "github.com/go-asn1-ber/asn1-ber"

	"github.com/ropcodec/ropcodec/ldapreconnect"
)

// The simulated directory server: a loopback TCP listener that reads
// LDAPMessages with github.com/go-asn1-ber/asn1-ber (an implementation
// independent of the package's own BER code), answers binds and searches,
// and holds requests or drops connections when a test's rule says so.

type verdict int

const (
	reply     verdict = iota // answer the request
	hold                     // never answer
	drop                     // close the connection without answering
	halfClose                // shut the write side (the client reads EOF); keep reading
	entryOnly                // send one SearchResultEntry, never the SearchResultDone
	garbage                  // answer with bytes that are not an LDAPMessage
)

// simReq is one request the server received.
type simReq struct {
	conn     int     // connection index, 0 for the first accepted
	id       int64   // messageID
	op       ber.Tag // protocolOp [APPLICATION n]
	dn       string  // bind name, search base or entry DN
	password string  // simple bind password
	opBytes  []byte  // the protocolOp as received
}

type simServer struct {
	ln net.Listener

	mu         sync.Mutex
	conns      []net.Conn
	peerClosed []bool // the client closed its side of the connection
	reqs       []simReq
	rule       func(r simReq, seq int) verdict // nil: reply to everything
	bindCode   func(r simReq) int64            // nil: success unless password is "bad"
}

func newSim() *simServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	s := &simServer{ln: ln}
	go s.accept()
	return s
}

func (s *simServer) setRule(f func(r simReq, seq int) verdict) {
	s.mu.Lock()
	s.rule = f
	s.mu.Unlock()
}

func (s *simServer) dialer() *ldapreconnect.NetDialer {
	return &ldapreconnect.NetDialer{Address: s.ln.Addr().String()}
}

func (s *simServer) accept() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		idx := len(s.conns)
		s.conns = append(s.conns, c)
		s.peerClosed = append(s.peerClosed, false)
		s.mu.Unlock()
		go s.serve(idx, c)
	}
}

// Close stops the listener and closes every connection.
func (s *simServer) Close() {
	s.ln.Close()
	s.dropAll()
}

// closeListener makes every later dial fail.
func (s *simServer) closeListener() { s.ln.Close() }

// dropAll closes every connection from the server side.
func (s *simServer) dropAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		c.Close()
	}
}

func (s *simServer) numConns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

func (s *simServer) closedByPeer(idx int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return idx < len(s.peerClosed) && s.peerClosed[idx]
}

// count returns how many received requests match f.
func (s *simServer) count(f func(simReq) bool) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.reqs {
		if f(r) {
			n++
		}
	}
	return n
}

func (s *simServer) requests() []simReq {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]simReq(nil), s.reqs...)
}

// waitFor polls cond (the server runs on loopback; this takes milliseconds)
// and reports whether it became true within ten seconds.
func waitFor(cond func() bool) bool {
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(200 * time.Microsecond)
	}
	return true
}

func (s *simServer) serve(idx int, c net.Conn) {
	r := bufio.NewReader(c)
	for seq := 0; ; seq++ {
		p, err := ber.ReadPacket(r)
		if err != nil {
			s.mu.Lock()
			s.peerClosed[idx] = true
			s.mu.Unlock()
			c.Close()
			return
		}
		if len(p.Children) < 2 {
			c.Close()
			return
		}
		op := p.Children[1]
		req := simReq{conn: idx, id: asInt(p.Children[0]), op: op.Tag, opBytes: op.Bytes()}
		switch {
		case op.Tag == 0 && len(op.Children) >= 3: // BindRequest
			req.dn = string(op.Children[1].Data.Bytes())
			req.password = string(op.Children[2].Data.Bytes())
		case op.Tag == 3 && len(op.Children) > 0: // SearchRequest
			req.dn = string(op.Children[0].Data.Bytes())
		case op.TagType == ber.TypePrimitive: // DelRequest, UnbindRequest
			req.dn = string(op.Data.Bytes())
		case len(op.Children) > 0:
			req.dn = string(op.Children[0].Data.Bytes())
		}
		s.mu.Lock()
		s.reqs = append(s.reqs, req)
		v := reply
		if s.rule != nil {
			v = s.rule(req, len(s.reqs))
		}
		bindCode := s.bindCode
		s.mu.Unlock()
		if req.op == 2 || req.op == 16 { // unbind, abandon: no response
			continue
		}
		switch v {
		case hold:
		case drop:
			c.Close()
		case halfClose:
			c.(*net.TCPConn).CloseWrite()
		case garbage:
			c.Write([]byte{0x30, 0x03, 0x04, 0x01, 'x'})
		case entryOnly:
			c.Write(entry(req.id, req.dn))
		case reply:
			var out []byte
			switch req.op {
			case 0:
				code := int64(0)
				if bindCode != nil {
					code = bindCode(req)
				} else if req.password == "bad" {
					code = 49 // invalidCredentials
				}
				out = result(req.id, 1, code)
			case 3:
				out = append(entry(req.id, req.dn), result(req.id, 5, 0)...)
			default:
				out = result(req.id, req.op+1, 0)
			}
			c.Write(out)
		}
	}
}

func asInt(p *ber.Packet) int64 {
	v, _ := ber.ParseInt64(p.Data.Bytes())
	return v
}

func envelope(id int64, op *ber.Packet) []byte {
	m := ber.Encode(ber.ClassUniversal, ber.TypeConstructed, ber.TagSequence, nil, "")
	m.AppendChild(ber.NewInteger(ber.ClassUniversal, ber.TypePrimitive, ber.TagInteger, id, ""))
	m.AppendChild(op)
	return m.Bytes()
}

// result encodes an LDAPMessage whose protocolOp [APPLICATION tag] is an
// LDAPResult with empty matchedDN and diagnosticMessage.
func result(id int64, tag ber.Tag, code int64) []byte {
	op := ber.Encode(ber.ClassApplication, ber.TypeConstructed, tag, nil, "")
	op.AppendChild(ber.NewInteger(ber.ClassUniversal, ber.TypePrimitive, ber.TagEnumerated, code, ""))
	op.AppendChild(ber.NewString(ber.ClassUniversal, ber.TypePrimitive, ber.TagOctetString, "", ""))
	op.AppendChild(ber.NewString(ber.ClassUniversal, ber.TypePrimitive, ber.TagOctetString, "", ""))
	return envelope(id, op)
}

// entry encodes a SearchResultEntry for dn with no attributes.
func entry(id int64, dn string) []byte {
	op := ber.Encode(ber.ClassApplication, ber.TypeConstructed, 4, nil, "")
	op.AppendChild(ber.NewString(ber.ClassUniversal, ber.TypePrimitive, ber.TagOctetString, dn, ""))
	op.AppendChild(ber.Encode(ber.ClassUniversal, ber.TypeConstructed, ber.TagSequence, nil, ""))
	return envelope(id, op)
}

// Client-side request builders (RFC 4511 4.2, 4.5.1, 4.8, 4.1.11).

func bindOp(name, password string) []byte {
	op := ber.Encode(ber.ClassApplication, ber.TypeConstructed, 0, nil, "")
	op.AppendChild(ber.NewInteger(ber.ClassUniversal, ber.TypePrimitive, ber.TagInteger, 3, ""))
	op.AppendChild(ber.NewString(ber.ClassUniversal, ber.TypePrimitive, ber.TagOctetString, name, ""))
	op.AppendChild(ber.NewString(ber.ClassContext, ber.TypePrimitive, 0, password, ""))
	return op.Bytes()
}

func searchOp(base string) []byte {
	op := ber.Encode(ber.ClassApplication, ber.TypeConstructed, 3, nil, "")
	op.AppendChild(ber.NewString(ber.ClassUniversal, ber.TypePrimitive, ber.TagOctetString, base, ""))
	op.AppendChild(ber.NewInteger(ber.ClassUniversal, ber.TypePrimitive, ber.TagEnumerated, 0, ""))
	op.AppendChild(ber.NewInteger(ber.ClassUniversal, ber.TypePrimitive, ber.TagEnumerated, 0, ""))
	op.AppendChild(ber.NewInteger(ber.ClassUniversal, ber.TypePrimitive, ber.TagInteger, 0, ""))
	op.AppendChild(ber.NewInteger(ber.ClassUniversal, ber.TypePrimitive, ber.TagInteger, 0, ""))
	op.AppendChild(ber.NewBoolean(ber.ClassUniversal, ber.TypePrimitive, ber.TagBoolean, false, ""))
	op.AppendChild(ber.NewString(ber.ClassContext, ber.TypePrimitive, 7, "objectClass", ""))
	op.AppendChild(ber.Encode(ber.ClassUniversal, ber.TypeConstructed, ber.TagSequence, nil, ""))
	return op.Bytes()
}

func delOp(dn string) []byte {
	return ber.NewString(ber.ClassApplication, ber.TypePrimitive, 10, dn, "").Bytes()
}

// controls encodes [0] Controls holding one critical control per OID.
func controls(oids ...string) []byte {
	cs := ber.Encode(ber.ClassContext, ber.TypeConstructed, 0, nil, "")
	for _, oid := range oids {
		c := ber.Encode(ber.ClassUniversal, ber.TypeConstructed, ber.TagSequence, nil, "")
		c.AppendChild(ber.NewString(ber.ClassUniversal, ber.TypePrimitive, ber.TagOctetString, oid, ""))
		c.AppendChild(ber.NewBoolean(ber.ClassUniversal, ber.TypePrimitive, ber.TagBoolean, true, ""))
		cs.AppendChild(c)
	}
	return cs.Bytes()
}

func search(base string) ldapreconnect.Request { return ldapreconnect.Request{Op: searchOp(base)} }

func notificationSearch(base string) ldapreconnect.Request {
	return ldapreconnect.Request{Op: searchOp(base), Controls: controls("1.2.840.113556.1.4.801", ldapreconnect.NotificationOID)}
}
