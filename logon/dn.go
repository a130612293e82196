package logon

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ropcodec/ropcodec/internal/ascii"
)

// ErrInvalidDN reports a string that ParseDN cannot read as a DN. Errors
// returned by ParseDN wrap it; test with errors.Is.
var ErrInvalidDN = errors.New("logon: invalid DN")

// PrivateMDBSuffix is the last part of the DN of a server's private mailbox
// database, "/cn=Microsoft Private MDB", which some redirects and profiles
// append to the server DN. TrimPrivateMDB removes it.
const PrivateMDBSuffix = "/cn=Microsoft Private MDB"

// RDN is one "/type=value" part of a DN, such as {Type: "cn", Value: "BETA"}.
type RDN struct {
	Type  string
	Value string
}

// DN is an X.500-style distinguished name in the slash form Exchange uses
// for ESSDNs (legacyExchangeDN, the Essdn field of a RopLogon request,
// [MS-OXCSTOR] 2.2.1.1.1) and for server DNs (the ServerName of a redirect,
// [MS-OXCSTOR] 2.2.1.1.2): "/o=First Organization/ou=.../cn=Recipients/cn=Bart".
// The parts are in the order written, the organization first.
type DN []RDN

// ParseDN splits s into its "/type=value" parts. s must start with '/', and
// every part must hold an '=' after a non-empty type; values may be empty
// and may themselves contain '='. Letter case is kept as written (compare with
// EqualDN). Errors wrap ErrInvalidDN.
func ParseDN(s string) (DN, error) {
	if s == "" {
		return nil, fmt.Errorf("%w: empty string", ErrInvalidDN)
	}
	if s[0] != '/' {
		return nil, fmt.Errorf("%w: %q does not start with '/'", ErrInvalidDN, s)
	}
	dn := make(DN, 0, strings.Count(s, "/"))
	off := 1
	for part := range strings.SplitSeq(s[1:], "/") {
		typ, value, ok := strings.Cut(part, "=")
		if !ok || typ == "" {
			return nil, fmt.Errorf("%w: part %q at offset %d is not type=value", ErrInvalidDN, part, off)
		}
		dn = append(dn, RDN{Type: typ, Value: value})
		off += len(part) + 1
	}
	return dn, nil
}

// String returns d in slash form, "/o=.../cn=...", as ParseDN reads it.
func (d DN) String() string {
	var b strings.Builder
	for _, r := range d {
		b.WriteByte('/')
		b.WriteString(r.Type)
		b.WriteByte('=')
		b.WriteString(r.Value)
	}
	return b.String()
}

// Last returns the value of the last part whose type is typ (compared
// without regard to case), and false when there is none.
func (d DN) Last(typ string) (string, bool) {
	for i := len(d) - 1; i >= 0; i-- {
		if EqualDN(d[i].Type, typ) {
			return d[i].Value, true
		}
	}
	return "", false
}

// EqualDN reports whether a and b are the same DN. Exchange DNs are ASCII
// ([MS-OXCROPS] 2.2.3.1.1: the Essdn is an ASCII string) and compare without
// regard to letter case, so only A-Z and a-z are folded; other bytes must
// match exactly. It does not allocate.
func EqualDN(a, b string) bool {
	return ascii.EqualFold(a, b)
}

// TrimPrivateMDB returns dn without a trailing "/cn=Microsoft Private MDB"
// (in any letter case), leaving the DN of the server itself. Other strings
// are returned unchanged. It does not allocate.
func TrimPrivateMDB(dn string) string {
	if n := len(dn) - len(PrivateMDBSuffix); n >= 0 && EqualDN(dn[n:], PrivateMDBSuffix) {
		return dn[:n]
	}
	return dn
}

// ServerShortName returns the short name of a server, the value of the last
// cn= part of its DN once a trailing "/cn=Microsoft Private MDB" is dropped:
// "/o=First Organization/ou=Exchange Administrative Group
// (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=BETA" gives "BETA". The
// short name is what a Store EntryID made by CreateStoreEntryID keeps of the
// server ("Enough With The Redirects Already"). A string without '/' is taken to be a short name
// already and is returned unchanged; a DN without a cn= part gives "".
func ServerShortName(serverDN string) string {
	s := TrimPrivateMDB(serverDN)
	if !strings.Contains(s, "/") {
		return s
	}
	// Scan backwards for the last "/cn=" without building a DN.
	for end := len(s); end > 0; {
		i := strings.LastIndexByte(s[:end], '/')
		if i < 0 {
			break
		}
		if part := s[i+1 : end]; len(part) >= 3 && EqualDN(part[:3], "cn=") {
			return part[3:]
		}
		end = i
	}
	return ""
}

// keyBufSize is the stack buffer used to fold a DN into a map key without
// allocating. ServerName is at most 255 bytes ([MS-OXCROPS] 2.2.3.1.4) and
// real ESSDNs are well under this; longer ones are folded on the heap.
const keyBufSize = 512

// appendFolded appends s with A-Z folded to a-z, eight bytes at a step:
// every key of the RedirectCache and the RateBudget is folded on each use.
// The words are read from s, not from dst after a copy, which would stall
// each load on the stores just made.
func appendFolded(dst []byte, s string) []byte {
	n := len(dst)
	dst = slices.Grow(dst, len(s))[:n+len(s)] // every byte is written below
	b := dst[n:]
	for ; len(s) >= 8; s, b = s[8:], b[8:] {
		binary.LittleEndian.PutUint64(b, foldWord(stringWord(s)))
	}
	for i := 0; i < len(s); i++ {
		b[i] = ascii.LowerByte(s[i])
	}
	return dst
}

// stringWord returns the first eight bytes of s, little-endian (the
// compiler makes it one load).
func stringWord(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// foldWord folds the bytes A-Z of w to a-z and leaves every other byte
// alone. For each byte x below 0x80, x+0x3F reaches 0x80 when x >= 'A' and
// x+0x25 when x > 'Z', without carrying into the next byte; bytes from 0x80
// up are excluded by their own top bit. The top bit of each capital,
// shifted to 0x20, makes it small.
func foldWord(w uint64) uint64 {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	low := w &^ tops
	capital := (low + (0x80-'A')*ones) &^ (low + (0x80-'Z'-1)*ones) &^ w & tops
	return w | capital>>2
}

// hasUpperASCII reports whether s holds a byte in A-Z.
func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// foldKey returns the map key of a DN: s with A-Z folded. It allocates; use
// it only when a key is stored.
func foldKey(s string) string {
	if !hasUpperASCII(s) {
		return s
	}
	return string(appendFolded(make([]byte, 0, len(s)), s))
}
