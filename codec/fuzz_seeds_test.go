package codec

import (
	"bytes"
	"testing"
)

// Seed values: valid messages of every type, built in Go.

var (
	fzGUID1 = GUID{0x38, 0xA1, 0xBB, 0x10, 0x05, 0xE5, 0x10, 0x1A, 0xA1, 0xBB, 0x08, 0x00, 0x2B, 0x2A, 0x56, 0xC2}
	fzGUID2 = GUID{0xDC, 0xA7, 0x40, 0xC8, 0xC0, 0x42, 0x10, 0x1A, 0xB4, 0xB9, 0x08, 0x00, 0x2B, 0x2F, 0xE1, 0x82}

	fzEssdn  = "/o=First Organization/ou=Exchange Administrative Group/cn=Recipients/cn=Ed"
	fzServer = "/o=First Organization/ou=Exchange Administrative Group/cn=Configuration/cn=Servers/cn=Beta"

	fzLogonTime  = &LogonTime{Seconds: 30, Minutes: 45, Hour: 13, DayOfWeek: 2, Day: 19, Month: 11, Year: 2024}
	fzBackoffRop = &BackoffRop{RopIDBackoff: 0xFE, Duration: 1500}

	fzLogonReqPrivate = NewPrivateLogon(0, 0, fzEssdn)
	fzLogonReqPublic  = NewPublicLogon(1, 1, "")
	fzLogonReqAlt     = NewAlternateServerLogon(2, 3)
	fzLogonPrivate    = func() *RopLogonPrivateResponse {
		r := &RopLogonPrivateResponse{LogonFlags: LogonPrivate, ResponseFlags: ResponseReserved | ResponseOwnerRight | ResponseSendAsRight,
			MailboxGUID: fzGUID1, ReplID: 1, ReplGUID: fzGUID2, LogonTime: *fzLogonTime, GwartTime: 0x01D93A5B00000000}
		for i := range r.FolderIDs {
			r.FolderIDs[i] = uint64(i+1)<<48 | 1
		}
		return r
	}()
	fzLogonPublic   = &RopLogonPublicResponse{OutputHandleIndex: 1, FolderIDs: [13]uint64{1: 0x0001000000000001, 12: 0xFFFF}, ReplID: 5, ReplGUID: fzGUID2}
	fzLogonRedirect = &RopLogonRedirectResponse{LogonFlags: LogonPrivate, ServerName: fzServer}
	fzLogonFailure  = &RopLogonFailureResponse{OutputHandleIndex: 2, ReturnValue: 0x80040111} // ecLoginFailure

	fzRelease          = &RopReleaseRequest{LogonID: 0, InputHandleIndex: 1}
	fzGRFRequest       = &RopGetReceiveFolderRequest{InputHandleIndex: 0, MessageClass: "IPM.Note"}
	fzGRFRequestEmpty  = &RopGetReceiveFolderRequest{LogonID: 1}
	fzGRFSuccess       = &RopGetReceiveFolderSuccessResponse{FolderID: 0x0001000000000A01, ExplicitMessageClass: "IPM"}
	fzGRFFailure       = &RopGetReceiveFolderFailureResponse{InputHandleIndex: 3, ReturnValue: 0x8004010F} // ecNotFound
	fzGOSRequest       = &RopGetOwningServersRequest{LogonID: 0, InputHandleIndex: 1, FolderID: 0x0001000000000B01}
	fzGOSSuccess       = &RopGetOwningServersSuccessResponse{InputHandleIndex: 1, CheapServersCount: 1, OwningServers: []string{fzServer, "/o=First Organization/cn=Servers/cn=Gamma"}}
	fzGOSSuccessNone   = &RopGetOwningServersSuccessResponse{}
	fzGOSFailure       = &RopGetOwningServersFailureResponse{InputHandleIndex: 1, ReturnValue: 0x80004005}
	fzSetColsSuccess   = &RopSetColumnsSuccessResponse{InputHandleIndex: 1, TableStatus: 0x09}
	fzSetColsFailure   = &RopSetColumnsFailureResponse{InputHandleIndex: 1, ReturnValue: 0x80040102}
	fzBackoff          = &RopBackoffResponse{LogonID: 0, Duration: 500, BackoffRopData: []BackoffRop{{0xFE, 100}, {0x27, 200}}, AdditionalData: []byte{1, 2, 3}}
	fzBackoffEmpty     = &RopBackoffResponse{LogonID: 1, Duration: 10}
	fzBufferTooSmall   = &RopBufferTooSmallResponse{SizeNeeded: 0x1000, RequestBuffers: []byte{0x01, 0x00, 0x01}}
	fzBufferTooSmallNo = &RopBufferTooSmallResponse{SizeNeeded: 0x8000}
	fzRPCHeader        = &RPCHeaderExt{Flags: HeaderXorMagic | HeaderLast, Size: 0x20, SizeActual: 0x20}
)

// fzEncode returns the wire form of msgs, one after another.
func fzEncode(tb testing.TB, msgs ...Message) []byte {
	tb.Helper()
	var b []byte
	for _, m := range msgs {
		var err error
		if b, err = m.AppendBinary(b); err != nil {
			tb.Fatalf("seed %+v does not encode: %v", m, err)
		}
	}
	return b
}

// fzROPBuffers are ROP input and output buffers holding whole RopsLists.
func fzROPBuffers(tb testing.TB) []*ROPBuffer {
	req := fzEncode(tb, fzLogonReqPrivate, fzRelease, fzGRFRequest, fzGOSRequest)
	resp := fzEncode(tb, fzLogonPrivate, fzSetColsSuccess, fzGRFFailure, fzBackoff)
	return []*ROPBuffer{
		{RopsList: req, ServerObjectHandleTable: []uint32{0xFFFFFFFF}},
		{RopsList: resp, ServerObjectHandleTable: []uint32{0x10, 0x20}},
		{},
	}
}

// fzPayloadSeeds are rgbIn/rgbOut buffers of one and two framed payloads,
// and of two compressed ones.
func fzPayloadSeeds(tb testing.TB) [][]byte {
	var seeds [][]byte
	for _, rb := range fzROPBuffers(tb) {
		data := fzEncode(tb, rb)
		one, err := AppendRPCPayload(nil, data, HeaderLast)
		if err != nil {
			tb.Fatal(err)
		}
		two, err := AppendRPCPayload(nil, data, HeaderXorMagic)
		if err != nil {
			tb.Fatal(err)
		}
		if two, err = AppendRPCPayload(two, data[:len(data)/2], HeaderXorMagic|HeaderLast); err != nil {
			tb.Fatal(err)
		}
		packed, err := AppendRPCPayload(nil, bytes.Repeat(data, 4), HeaderCompressed|HeaderXorMagic)
		if err != nil {
			tb.Fatal(err)
		}
		if packed, err = AppendRPCPayload(packed, bytes.Repeat(data, 3), HeaderCompressed|HeaderLast); err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, one, two, packed)
	}
	return seeds
}

// fzAllMessages is every seed message: the ROPs, the structures and the ROP
// buffers.
func fzAllMessages(tb testing.TB) []Message {
	msgs := append(fzAllROPs(), fzLogonTime, fzBackoffRop, fzRPCHeader,
		&RPCHeaderExt{Flags: HeaderCompressed, Size: 4, SizeActual: 9})
	for _, rb := range fzROPBuffers(tb) {
		msgs = append(msgs, rb)
	}
	return msgs
}

// fzAllROPs is every seed ROP, requests and responses.
func fzAllROPs() []Message {
	return []Message{fzLogonReqPrivate, fzLogonReqPublic, fzLogonReqAlt, fzRelease, fzGRFRequest, fzGRFRequestEmpty, fzGOSRequest,
		fzLogonPrivate, fzLogonPublic, fzLogonRedirect, fzLogonFailure,
		fzGRFSuccess, fzGRFFailure, fzGOSSuccess, fzGOSSuccessNone, fzGOSFailure,
		fzSetColsSuccess, fzSetColsFailure, fzBackoff, fzBackoffEmpty, fzBufferTooSmall, fzBufferTooSmallNo}
}
