package codec

import (
	"errors"
	"fmt"
)

// GUID is a 16-byte GUID exactly as it appears in a ROP buffer: Data1
// (uint32) and Data2 and Data3 (uint16) little-endian, then Data4's 8 bytes in
// order ([MS-DTYP] 2.3.4.2).
type GUID [16]byte

// ErrInvalidGUID reports a string that ParseGUID cannot read as a GUID.
var ErrInvalidGUID = errors.New("codec: invalid GUID syntax")

const hexDigits = "0123456789ABCDEF"

// guidGroups lists, for each of the 16 wire bytes, its position in the
// 36-character form XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX: the first three
// groups are written most significant byte first, so their bytes appear
// reversed.
var guidGroups = [16]int{
	6, 4, 2, 0, // Data1, little-endian
	11, 9, // Data2
	16, 14, // Data3
	19, 21, // Data4[0:2]
	24, 26, 28, 30, 32, 34, // Data4[2:8]
}

// String returns g in registry form, upper case with braces:
// {10BBA138-E505-1A10-A1BB-08002B2A56C2}.
func (g GUID) String() string {
	var s [38]byte
	s[0], s[37] = '{', '}'
	t := s[1:37]
	t[8], t[13], t[18], t[23] = '-', '-', '-', '-'
	for i, pos := range guidGroups {
		t[pos] = hexDigits[g[i]>>4]
		t[pos+1] = hexDigits[g[i]&0x0F]
	}
	return string(s[:])
}

// ParseGUID reads a GUID in registry form, with or without the braces
// ("{10BBA138-E505-1A10-A1BB-08002B2A56C2}" or
// "10bba138-e505-1a10-a1bb-08002b2a56c2"), in any letter case. Any other
// syntax fails with an error wrapping ErrInvalidGUID.
func ParseGUID(s string) (GUID, error) {
	var g GUID
	t := s
	if len(t) == 38 && t[0] == '{' && t[37] == '}' {
		t = t[1:37]
	}
	if len(t) != 36 || t[8] != '-' || t[13] != '-' || t[18] != '-' || t[23] != '-' {
		return GUID{}, invalidGUID(s)
	}
	for i, pos := range guidGroups {
		hi, ok1 := unhex(t[pos])
		lo, ok2 := unhex(t[pos+1])
		if !ok1 || !ok2 {
			return GUID{}, invalidGUID(s)
		}
		g[i] = hi<<4 | lo
	}
	return g, nil
}

// unhex returns the value of one hexadecimal digit.
func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// invalidGUID returns the ParseGUID error for s, quoting at most 64 bytes.
func invalidGUID(s string) error {
	if len(s) > 64 {
		return fmt.Errorf("%w: %q...", ErrInvalidGUID, s[:64])
	}
	return fmt.Errorf("%w: %q", ErrInvalidGUID, s)
}
