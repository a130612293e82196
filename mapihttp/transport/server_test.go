package transport_test

import (
	"cmp"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/mapihttp"
)

// server is an EMSMDB endpoint of MAPI over HTTP that runs in the test over
// TLS (httptest): it keeps Session Contexts by cookie, checks the request
// sequence cookie, answers in the chunked common response format with
// PROCESSING, PENDING and DONE ([MS-OXCMAPIHTTP] 2.2.2.2, 3.2.5.2), and
// answers RopLogon with the codec's responses: a private logon for the
// mailboxes it owns, a redirect to the MailboxId home says for the others.
type server struct {
	t    testing.TB
	name string
	srv  *httptest.Server
	// home says where a mailbox lives: "" for here, else the mailbox
	// identifier (GUID@domain) a redirect names.
	home func(mailbox string) string
	// basic, if set, is the user:password the server wants (Basic auth).
	basic string

	mu       sync.Mutex
	contexts map[string]*sessionState // by MapiContext cookie
	next     int

	// Knobs, set by a test under mu.
	forget          int  // answer the next N requests of a Session Context with X-ResponseCode 10
	busy            int  // answer the next N Execute requests with X-ResponseCode 15
	pendings        int  // PENDING keep-alives before DONE
	stall           bool // keep Execute in PENDING until the client goes
	abort           bool // drop the connection in the middle of an Execute response body
	garbage         bool // lines that are no meta-tag before DONE
	stallDisconnect bool
	expiration      string // X-ExpirationInfo; "" for 900000
	connectStatus   uint32 // a Connect failure body with this StatusCode
	httpStatus      int    // answer the next request with this HTTP status
	location        string // and this Location

	// Records.
	connects, executes, disconnects, pings, waits int
	connectCookies                                []string // the Cookie header of each Connect
	mailboxIDs                                    []string // the MailboxId of each request
	requestIDs                                    []string
	clientInfos                                   []string
	remotes                                       map[string]bool
	outputFlags                                   []codec.RPCHeaderExtFlags // of each Execute response
}

type sessionState struct {
	seq        int
	clientInfo string
}

func newServer(t testing.TB, name string, home func(string) string) *server {
	s := &server{t: t, name: name, home: home, contexts: map[string]*sessionState{}, remotes: map[string]bool{}}
	s.srv = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// url is the endpoint URL, as Autodiscover would give it.
func (s *server) url() string { return s.srv.URL + "/mapi/emsmdb/" }

func (s *server) lock(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	if s.basic != "" {
		u, p, ok := r.BasicAuth()
		if !ok || u+":"+p != s.basic {
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			http.Error(w, "authenticate", http.StatusUnauthorized)
			return
		}
	}
	s.mu.Lock()
	status, location := s.httpStatus, s.location
	s.httpStatus = 0
	stallDisconnect := s.stallDisconnect
	s.mu.Unlock()

	if status != 0 {
		w.Header().Set("Location", location)
		http.Error(w, "exceptional", status)
		return
	}
	rt := r.Header.Get(mapihttp.HeaderRequestType)
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != mapihttp.ContentType || r.Header.Get(mapihttp.HeaderRequestID) == "" {
		s.refuse(w, r, errors.XResponseInvalidHeader)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	if stallDisconnect && rt == mapihttp.RequestTypeDisconnect {
		// Before the sequence check, which a Close that comes before the
		// stalled Execute's cookies would fail; after the body is read,
		// so that the server sees the client go.
		<-r.Context().Done()
		panic(http.ErrAbortHandler) // no response: the connection drops
	}
	s.mu.Lock()
	s.remotes[r.RemoteAddr] = true
	s.mailboxIDs = append(s.mailboxIDs, r.URL.Query().Get(mapihttp.MailboxIDParam))
	s.requestIDs = append(s.requestIDs, r.Header.Get(mapihttp.HeaderRequestID))
	s.clientInfos = append(s.clientInfos, r.Header.Get(mapihttp.HeaderClientInfo))
	s.mu.Unlock()

	if rt == mapihttp.RequestTypeConnect {
		s.connect(w, r, body)
		return
	}
	st, id, code := s.session(r, rt)
	if code != 0 {
		s.refuse(w, r, code)
		return
	}
	switch rt {
	case mapihttp.RequestTypeExecute:
		s.execute(w, r, body, id, st)
	case mapihttp.RequestTypeDisconnect:
		s.lock(func() {
			s.disconnects++
			delete(s.contexts, id)
		})

		s.reply(w, r, id, st, mustMarshal(s.t, &codec.DisconnectSuccessResponseBody{}))
	case mapihttp.RequestTypePing:
		s.lock(func() { s.pings++ })
		s.reply(w, r, id, st, nil)
	case mapihttp.RequestTypeNotificationWait:
		s.lock(func() { s.waits++ })
		s.reply(w, r, id, st, mustMarshal(s.t, &codec.NotificationWaitSuccessResponseBody{EventPending: 1}))
	default:
		s.refuse(w, r, errors.XResponseInvalidRequestType)
	}
}

// session finds the Session Context of a request and checks its sequence
// cookie, or says which X-ResponseCode to refuse it with.
func (s *server) session(r *http.Request, rt string) (*sessionState, string, errors.XResponseCode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := r.Cookie("MapiContext")
	if err != nil {
		return nil, "", errors.XResponseMissingCookie
	}
	st := s.contexts[c.Value]
	if st == nil || s.forget > 0 {
		if s.forget > 0 {
			s.forget--
			delete(s.contexts, c.Value)
		}
		return nil, "", errors.XResponseContextNotFound
	}
	if rt == mapihttp.RequestTypeExecute && s.busy > 0 {
		s.busy--
		return nil, "", errors.XResponseInvalidSequence
	}
	if rt != mapihttp.RequestTypeNotificationWait {
		q, err := r.Cookie("MapiSequence")
		if err != nil || q.Value != strconv.Itoa(st.seq) {
			return nil, "", errors.XResponseInvalidSequence
		}
		st.seq++
	}
	return st, c.Value, 0
}

func (s *server) connect(w http.ResponseWriter, r *http.Request, body []byte) {
	var req codec.ConnectRequestBody
	if err := req.UnmarshalBinary(body); err != nil {
		s.refuse(w, r, errors.XResponseInvalidRequestBody)
		return
	}
	s.mu.Lock()
	s.connects++
	s.connectCookies = append(s.connectCookies, r.Header.Get("Cookie"))
	s.next++
	id := fmt.Sprintf("%s-%d", s.name, s.next)
	st := &sessionState{clientInfo: r.Header.Get(mapihttp.HeaderClientInfo)}
	s.contexts[id] = st
	status := s.connectStatus
	s.mu.Unlock()
	if status != 0 {
		s.reply(w, r, id, st, mustMarshal(s.t, &codec.FailureResponseBody{StatusCode: status}))
		return
	}
	s.reply(w, r, id, st, mustMarshal(s.t, &codec.ConnectSuccessResponseBody{
		PollsMax:    60000,
		RetryCount:  6,
		RetryDelay:  10,
		DnPrefix:    "/o=Test/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)",
		DisplayName: "Zoë Ünger " + req.UserDn[strings.LastIndexByte(req.UserDn, '=')+1:],
	}))
}

func (s *server) execute(w http.ResponseWriter, r *http.Request, body []byte, id string, st *sessionState) {
	s.lock(func() { s.executes++ })
	var req codec.ExecuteRequestBody
	if err := req.UnmarshalBinary(body); err != nil {
		s.refuse(w, r, errors.XResponseInvalidRequestBody)
		return
	}
	payloads, err := codec.DecodeRPCPayloads(req.RopBuffer)
	if err != nil || len(payloads) != 1 {
		s.refuse(w, r, errors.XResponseInvalidRequestBody)
		return
	}
	var in codec.ROPBuffer
	if err := in.UnmarshalBinary(payloads[0].Data); err != nil {
		s.refuse(w, r, errors.XResponseInvalidRequestBody)
		return
	}
	var out []byte
	for rop, err := range codec.Requests(in.RopsList) {
		if err != nil {
			s.refuse(w, r, errors.XResponseInvalidRequestBody)
			return
		}
		logon, ok := rop.(*codec.RopLogonRequest)
		if !ok {
			continue
		}
		var resp interface{ MarshalBinary() ([]byte, error) }
		if where := s.home(logon.Essdn); where != "" {
			resp = &codec.RopLogonRedirectResponse{OutputHandleIndex: logon.OutputHandleIndex, LogonFlags: logon.LogonFlags, ServerName: where}
		} else {
			resp = &codec.RopLogonPrivateResponse{
				OutputHandleIndex: logon.OutputHandleIndex,
				LogonFlags:        logon.LogonFlags,
				ResponseFlags:     codec.ResponseReserved | codec.ResponseOwnerRight | codec.ResponseSendAsRight,
				ReplGUID:          codec.GUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
			}
		}
		out = append(out, mustMarshal(s.t, resp)...)
	}
	buf := mustMarshal(s.t, &codec.ROPBuffer{RopsList: out, ServerObjectHandleTable: []uint32{0x00000101}})
	// Compressed and obfuscated unless the client says otherwise, as
	// Exchange does.
	flags := codec.HeaderLast
	if req.Flags&mapihttp.ExecuteNoCompression == 0 {
		flags |= codec.HeaderCompressed
	}
	if req.Flags&mapihttp.ExecuteNoXorMagic == 0 {
		flags |= codec.HeaderXorMagic
	}
	s.lock(func() { s.outputFlags = append(s.outputFlags, flags) })
	framed, err := codec.AppendRPCPayload(nil, buf, flags)
	if err != nil {
		s.t.Error(err)
		return
	}
	s.reply(w, r, id, st, mustMarshal(s.t, &codec.ExecuteSuccessResponseBody{RopBuffer: framed}))
}

// reply answers in the chunked common response format, with the cookies
// of the Session Context (a new sequence cookie each time).
func (s *server) reply(w http.ResponseWriter, r *http.Request, id string, st *sessionState, body []byte) {
	s.mu.Lock()
	seq, pendings, stall, abort, garbage := st.seq, s.pendings, s.stall, s.abort, s.garbage
	expiration := cmp.Or(s.expiration, "900000")
	s.mu.Unlock()
	rt := r.Header.Get(mapihttp.HeaderRequestType)
	h := w.Header()
	h.Set("Content-Type", mapihttp.ContentType)
	h.Set(mapihttp.HeaderRequestType, rt)
	h.Set(mapihttp.HeaderRequestID, r.Header.Get(mapihttp.HeaderRequestID))
	h.Set(mapihttp.HeaderClientInfo, r.Header.Get(mapihttp.HeaderClientInfo))
	h.Set(mapihttp.HeaderResponseCode, "0")
	h.Set(mapihttp.HeaderServerApplication, "Exchange/15.20.0000.000 (test "+s.name+")")
	h.Set(mapihttp.HeaderPendingPeriod, "15000")
	h.Set(mapihttp.HeaderExpirationInfo, expiration)
	if rt != mapihttp.RequestTypeDisconnect {
		http.SetCookie(w, &http.Cookie{Name: "MapiContext", Value: id, Path: "/mapi/", HttpOnly: true, Secure: true})
		http.SetCookie(w, &http.Cookie{Name: "MapiSequence", Value: strconv.Itoa(seq), Path: "/mapi/", HttpOnly: true, Secure: true})
	}
	w.WriteHeader(http.StatusOK)
	f := w.(http.Flusher)
	io.WriteString(w, mapihttp.MetaTagProcessing+"\r\n")
	f.Flush()
	for range pendings {
		io.WriteString(w, mapihttp.MetaTagPending+"\r\n")
		f.Flush()
	}
	if stall && rt == mapihttp.RequestTypeExecute {
		<-r.Context().Done()
		panic(http.ErrAbortHandler) // no DONE: the connection drops
	}
	if garbage {
		io.WriteString(w, "processing\r\n\r\nX-Unknown-Tag: 1\r\n\x00\x01\xfe\xff\n PENDING \r\nWAITING\r\n")
	}
	io.WriteString(w, mapihttp.MetaTagDone+"\r\nX-ResponseCode: 0\r\nX-ElapsedTime: 3\r\nX-StartTime: Mon, 30 Nov 2026 16:00:00 GMT\r\n\r\n")
	if abort && rt == mapihttp.RequestTypeExecute {
		w.Write(body[:len(body)/2])
		f.Flush()
		panic(http.ErrAbortHandler) // the connection drops in the middle of the body
	}
	w.Write(body)
}

// refuse answers with an X-ResponseCode other than 0 and diagnostic text,
// as a server does for a request it does not accept.
func (s *server) refuse(w http.ResponseWriter, r *http.Request, code errors.XResponseCode) {
	h := w.Header()
	h.Set("Content-Type", "text/html")
	h.Set(mapihttp.HeaderRequestType, r.Header.Get(mapihttp.HeaderRequestType))
	h.Set(mapihttp.HeaderRequestID, r.Header.Get(mapihttp.HeaderRequestID))
	h.Set(mapihttp.HeaderResponseCode, strconv.Itoa(int(code)))
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "<html><body>%v</body></html>", code)
}

func mustMarshal(t testing.TB, m interface{ MarshalBinary() ([]byte, error) }) []byte {
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
