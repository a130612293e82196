package ldapreconnect

import (
	"fmt"

	"github.com/ropcodec/ropcodec/errors"
)

// The few BER tags this package reads and writes (X.690; LDAPMessage and the
// protocolOp tags of RFC 4511 4.1.1 and 4.2-4.12).
const (
	tagInteger     = 0x02
	tagOctetString = 0x04
	tagEnumerated  = 0x0A
	tagSequence    = 0x30
	tagControls    = 0xA0 // [0] Controls, RFC 4511 4.1.11

	opBindRequest     = 0x60 // [APPLICATION 0]
	opBindResponse    = 0x61 // [APPLICATION 1]
	opUnbindRequest   = 0x42 // [APPLICATION 2] NULL
	opSearchRequest   = 0x63 // [APPLICATION 3]
	opSearchResEntry  = 0x64 // [APPLICATION 4]
	opSearchResDone   = 0x65 // [APPLICATION 5]
	opModifyRequest   = 0x66 // [APPLICATION 6]
	opModifyResponse  = 0x67 // [APPLICATION 7]
	opAddRequest      = 0x68 // [APPLICATION 8]
	opAddResponse     = 0x69 // [APPLICATION 9]
	opDelRequest      = 0x4A // [APPLICATION 10] LDAPDN, primitive
	opDelResponse     = 0x6B // [APPLICATION 11]
	opModDNRequest    = 0x6C // [APPLICATION 12]
	opModDNResponse   = 0x6D // [APPLICATION 13]
	opCompareRequest  = 0x6E // [APPLICATION 14]
	opCompareResponse = 0x6F // [APPLICATION 15]
	opExtendedRequest = 0x77 // [APPLICATION 23]
	opExtendedResp    = 0x78 // [APPLICATION 24]
)

// NotificationOID is LDAP_SERVER_NOTIFICATION_OID ([MS-ADTS] 3.1.1.3.4.1.9).
// [MS-ADTS] 7.6.2.7 step 5 never resends a SearchRequest carrying this
// control; it completes with LDAP_SERVER_DOWN instead.
const NotificationOID = "1.2.840.113556.1.4.528"

// maxMessageID is MaxMessageID, the largest MessageID (maxInt in RFC 4511
// 4.1.1), as the type message IDs have here.
const maxMessageID = int64(MaxMessageID)

// ErrMalformed is returned (wrapped) for a request or response that is not
// the BER this package expects.
var ErrMalformed = errors.New("ldapreconnect: malformed BER")

func malformed(what string) error { return fmt.Errorf("%w: %s", ErrMalformed, what) }

// element reads one BER element at the start of b: its single-byte tag, the
// offset of its contents and the contents' length. Only definite lengths of
// up to four length octets are accepted (RFC 4511 5.1 forbids the
// indefinite form).
func element(b []byte) (tag byte, hdr, n int, err error) {
	if len(b) < 2 {
		return 0, 0, 0, malformed("truncated element header")
	}
	tag = b[0]
	if tag&0x1f == 0x1f {
		return 0, 0, 0, malformed("multi-byte tag")
	}
	l := b[1]
	if l < 0x80 {
		hdr, n = 2, int(l)
	} else {
		k := int(l & 0x7f)
		if k == 0 || k > 4 {
			return 0, 0, 0, malformed("unsupported length form")
		}
		if len(b) < 2+k {
			return 0, 0, 0, malformed("truncated length")
		}
		for _, c := range b[2 : 2+k] {
			n = n<<8 | int(c)
		}
		hdr = 2 + k
	}
	if n < 0 || n > len(b)-hdr {
		return 0, 0, 0, malformed("element longer than its buffer")
	}
	return tag, hdr, n, nil
}

// integer decodes the contents of a BER INTEGER or ENUMERATED of up to 8 bytes.
func integer(c []byte) (int64, error) {
	if len(c) == 0 || len(c) > 8 {
		return 0, malformed("integer length")
	}
	v := int64(int8(c[0]))
	for _, x := range c[1:] {
		v = v<<8 | int64(x)
	}
	return v, nil
}

// message is the part of an LDAPMessage the Conn reads: its message ID, its
// protocolOp tag and the protocolOp contents.
type message struct {
	id   int64
	op   byte
	body []byte
}

// parseMessage reads b, which must hold exactly one LDAPMessage.
func parseMessage(b []byte) (message, error) {
	tag, hdr, n, err := element(b)
	if err != nil {
		return message{}, err
	}
	if tag != tagSequence || hdr+n != len(b) {
		return message{}, malformed("LDAPMessage is not one SEQUENCE")
	}
	b = b[hdr:]
	tag, hdr, n, err = element(b)
	if err != nil {
		return message{}, err
	}
	if tag != tagInteger {
		return message{}, malformed("messageID is not an INTEGER")
	}
	id, err := integer(b[hdr : hdr+n])
	if err != nil {
		return message{}, err
	}
	b = b[hdr+n:]
	tag, hdr, n, err = element(b)
	if err != nil {
		return message{}, err
	}
	return message{id: id, op: tag, body: b[hdr : hdr+n]}, nil
}

// parseResult reads the leading LDAPResult components of a response's
// protocolOp contents (RFC 4511 4.1.9): resultCode, matchedDN and
// diagnosticMessage.
func parseResult(body []byte) (code int64, matchedDN, diag string, err error) {
	var parts [3][]byte
	tags := [3]byte{tagEnumerated, tagOctetString, tagOctetString}
	for i := range parts {
		tag, hdr, n, err := element(body)
		if err != nil {
			return 0, "", "", err
		}
		if tag != tags[i] {
			return 0, "", "", malformed("LDAPResult component tag")
		}
		parts[i] = body[hdr : hdr+n]
		body = body[hdr+n:]
	}
	code, err = integer(parts[0])
	return code, string(parts[1]), string(parts[2]), err
}

// responseOp is the protocolOp tag of the LDAPResult-bearing response to a
// request protocolOp (RFC 4511 4.2-4.12); ok is false for requests that have
// no response (unbind, abandon) and for unknown tags.
func responseOp(request byte) (tag byte, ok bool) {
	switch request {
	case opBindRequest:
		return opBindResponse, true
	case opSearchRequest:
		return opSearchResDone, true
	case opModifyRequest:
		return opModifyResponse, true
	case opAddRequest:
		return opAddResponse, true
	case opDelRequest:
		return opDelResponse, true
	case opModDNRequest:
		return opModDNResponse, true
	case opCompareRequest:
		return opCompareResponse, true
	case opExtendedRequest:
		return opExtendedResp, true
	}
	return 0, false
}

// isResult reports whether a protocolOp tag is an LDAPResult, the last
// response to a request ([MS-ADTS] 7.6.3.2: the request leaves the
// pendingRequestList). SearchResultEntry, SearchResultReference and
// IntermediateResponse are not.
func isResult(op byte) bool {
	switch op {
	case opBindResponse, opSearchResDone, opModifyResponse, opAddResponse,
		opDelResponse, opModDNResponse, opCompareResponse, opExtendedResp:
		return true
	}
	return false
}

func appendLength(b []byte, n int) []byte {
	switch {
	case n < 0x80:
		return append(b, byte(n))
	case n <= 0xff:
		return append(b, 0x81, byte(n))
	case n <= 0xffff:
		return append(b, 0x82, byte(n>>8), byte(n))
	case n <= 0xffffff:
		return append(b, 0x83, byte(n>>16), byte(n>>8), byte(n))
	}
	return append(b, 0x84, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
}

// intLen is the number of contents octets of the minimal two's complement
// encoding of a non-negative v.
func intLen(v int64) int {
	n := 1
	for v > 0x7f {
		v >>= 8
		n++
	}
	return n
}

func appendInt(b []byte, tag byte, v int64) []byte {
	n := intLen(v)
	b = append(b, tag, byte(n))
	for i := n - 1; i >= 0; i-- {
		b = append(b, byte(v>>(8*i)))
	}
	return b
}

// appendMessage frames an LDAPMessage (RFC 4511 4.1.1) around an encoded
// protocolOp and optional encoded [0] Controls.
func appendMessage(b []byte, id int64, op, controls []byte) []byte {
	n := 2 + intLen(id) + len(op) + len(controls)
	b = append(b, tagSequence)
	b = appendLength(b, n)
	b = appendInt(b, tagInteger, id)
	b = append(b, op...)
	return append(b, controls...)
}

// AppendServerDown appends to b the LDAPMessage that [MS-ADTS] 7.6.3.1 step 3
// and 7.6.2.7 step 5 construct for a request the directory server did not
// answer: messageID, and a protocolOp of the response type matching
// requestOp (the request's protocolOp tag, e.g. 0x63 SearchRequest gives
// searchResDone [APPLICATION 5]) holding an LDAPResult with resultCode
// LDAP_SERVER_DOWN (0x51), the value the Microsoft client uses ([MS-ERREF]
// 2.4), and zero-length matchedDN and diagnosticMessage (errorMessage in
// RFC 2251). It fails for a requestOp that has no response and for a message
// ID outside 0..2^31-1 (RFC 4511 4.1.1).
func AppendServerDown(b []byte, messageID int64, requestOp byte) ([]byte, error) {
	resp, ok := responseOp(requestOp)
	if !ok {
		return b, fmt.Errorf("ldapreconnect: protocolOp tag 0x%02X has no LDAPResult response", requestOp)
	}
	if messageID < 0 || messageID > maxMessageID {
		return b, fmt.Errorf("ldapreconnect: message ID %d out of range", messageID)
	}
	return appendServerDown(b, messageID, resp), nil
}

func appendServerDown(b []byte, id int64, resp byte) []byte {
	b = append(b, tagSequence, byte(2+intLen(id)+9))
	b = appendInt(b, tagInteger, id)
	return append(b, resp, 7,
		tagEnumerated, 1, byte(errors.LDAP_SERVER_DOWN),
		tagOctetString, 0,
		tagOctetString, 0)
}

// checkElement verifies that b is exactly one BER element and returns its tag.
func checkElement(b []byte) (byte, error) {
	tag, hdr, n, err := element(b)
	if err != nil {
		return 0, err
	}
	if hdr+n != len(b) {
		return 0, malformed("trailing bytes after element")
	}
	return tag, nil
}

// hasNotificationControl reports whether an encoded [0] Controls element
// (RFC 4511 4.1.11) holds a Control whose controlType is
// LDAP_SERVER_NOTIFICATION_OID.
func hasNotificationControl(controls []byte) (bool, error) {
	if len(controls) == 0 {
		return false, nil
	}
	_, hdr, n, err := element(controls)
	if err != nil {
		return false, err
	}
	rest := controls[hdr : hdr+n]
	for len(rest) > 0 {
		tag, hdr, n, err := element(rest)
		if err != nil {
			return false, err
		}
		if tag != tagSequence {
			return false, malformed("Control is not a SEQUENCE")
		}
		ctl := rest[hdr : hdr+n]
		rest = rest[hdr+n:]
		tag, hdr, n, err = element(ctl)
		if err != nil {
			return false, err
		}
		if tag != tagOctetString {
			return false, malformed("controlType is not an OCTET STRING")
		}
		if string(ctl[hdr:hdr+n]) == NotificationOID {
			return true, nil
		}
	}
	return false, nil
}
