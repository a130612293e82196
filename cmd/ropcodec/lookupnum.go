package main

import (
	"fmt"
	"strconv"
	"strings"
)

// numReading is one way to read a numeric operand: its value, and "decimal" or
// "hex" when the operand could be read both ways ("" when it reads one way).
type numReading struct {
	value uint32
	as    string
}

// parseReadings reads q as a number if it looks like one, and returns every
// reading of it; isNum is false for a name. Bare digits are read both ways,
// each reading labelled, as Microsoft's Error Lookup tool (Err.exe) does;
// nothing is read as octal:
//   - 0x followed by hex digits is hex (0x478);
//   - a sign makes a decimal 32-bit integer, negative ones in two's
//     complement (-2147023174 is 0x800706BA);
//   - digits with a-f among them, first character a digit, are hex
//     (800706BA);
//   - bare decimal digits are read both ways when both readings fit in 32
//     bits and differ (1722 is 0x000006BA and 0x00001722; 80040111 is
//     0x04C54A6F and 0x80040111), leading zeros included (010 is 10 and
//     0x10, never 8).
//
// An operand that starts like a number but is none, or fits in 32 bits in no
// reading, is an error; anything else is a name.
func parseReadings(q string) (rs []numReading, isNum bool, err error) {
	if q == "" {
		return nil, false, fmt.Errorf("empty operand")
	}
	digits := strings.TrimLeft(q, "+-")
	signed := len(digits) < len(q)
	if digits == "" || digits[0] < '0' || digits[0] > '9' {
		return nil, false, nil
	}
	if h, ok := cutHexPrefix(digits); ok {
		if signed {
			return nil, true, fmt.Errorf("%s: a hex value takes no sign", q)
		}
		v, err := parseHex32(q, h)
		return []numReading{{v, ""}}, true, err
	}
	if !isHexWord(digits) {
		return nil, true, fmt.Errorf("%s is not a number (hex is written 0x478 or 800706BA)", q)
	}
	if signed {
		v, err := parseSigned32(q)
		return []numReading{{v, ""}}, true, err
	}
	if strings.ContainsFunc(digits, func(c rune) bool { return c > '9' }) {
		v, err := parseHex32(q, digits)
		return []numReading{{v, ""}}, true, err
	}
	// Digits that fit in 32 bits as hex (eight or fewer) fit as decimal too.
	dec, err := strconv.ParseUint(digits, 10, 32)
	if err != nil {
		return nil, true, fmt.Errorf("%s does not fit in 32 bits", q)
	}
	if hex, err := parseHex32(q, digits); err == nil && hex != uint32(dec) {
		return []numReading{{uint32(dec), "decimal"}, {hex, "hex"}}, true, nil
	}
	return []numReading{{uint32(dec), ""}}, true, nil
}

// cutHexPrefix returns s without a leading 0x or 0X.
func cutHexPrefix(s string) (string, bool) {
	if len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		return s[2:], true
	}
	return s, false
}

// parseHex32 reads hex digits h (of operand q) as a 32-bit value.
func parseHex32(q, h string) (uint32, error) {
	if !isHexWord(h) {
		return 0, fmt.Errorf("%s is not a hex number", q)
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("%s does not fit in 32 bits", q)
	}
	return uint32(v), nil
}

// parseSigned32 reads a signed decimal operand as a 32-bit value, negative
// numbers in two's complement.
func parseSigned32(q string) (uint32, error) {
	n, err := strconv.ParseInt(q, 10, 64)
	if err != nil || n < -1<<31 || n > 1<<32-1 {
		if err != nil && !strings.Contains(err.Error(), "range") {
			return 0, fmt.Errorf("%s is not a decimal number", q)
		}
		return 0, fmt.Errorf("%s does not fit in 32 bits", q)
	}
	return uint32(n), nil
}

// isHexWord reports whether s is made of hex digits only, such as 800706BA:
// a value written without its 0x.
func isHexWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return s != ""
}
