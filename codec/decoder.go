package codec

import "math/bits"

// A Decoder decodes ROPs as the package's generated Decode functions do, but
// remembers the last strings it returned (ServerName, Essdn, MessageClass,
// ...) and returns the same string again, without allocating and without
// checking its bytes again, when the same bytes come back. The strings of a
// session repeat: one mailbox DN, a few server names, a few message classes.
// For a string it has not seen, or has forgotten, a Decoder allocates exactly
// as the package functions do.
//
// The strings are copies: the input can be reused or overwritten as soon as
// a call returns. A Decoder remembers at most 64 strings of at most 1 KiB
// each (longer ones are never remembered): a new string takes the place of an
// older one, so the memory a Decoder holds stays bounded whatever it decodes.
//
// The zero Decoder is ready to use, and a nil *Decoder decodes exactly as the
// package functions do. A Decoder must not be used by several goroutines at
// once.
type Decoder struct {
	// recent holds strings returned before, each in the slot that
	// stringSlot picks for its bytes; all of them are NUL-free ASCII.
	recent [1 << decoderSlotBits]string
	// columns lay out the rows of the responses that need them (SetColumns).
	columns columnContext
	// logons says which logons are to public folders (SetLogon).
	logons logonContext
}

const (
	// decoderSlotBits is log2 of the number of strings a Decoder remembers.
	decoderSlotBits = 6
	// decoderMaxString is the length of the longest string a Decoder
	// remembers.
	decoderMaxString = 1 << 10
)

// recall returns the string d remembers with the bytes p, if any. Only
// strings that passed the checks of an ASCII field are remembered (see
// keep), so a caller decoding an ASCII field may skip its checks when recall
// finds the bytes. A nil d remembers nothing.
func (d *Decoder) recall(p []byte) (string, bool) {
	if d == nil || len(p) > decoderMaxString {
		return "", false
	}
	s := d.recent[stringSlot(p)]
	return s, s == string(p) // the conversion does not allocate
}

// keep returns p as a new string and, unless d is nil or p is long, lets d
// remember it in place of the string that had its slot. p must have passed
// the checks of an ASCII field (0x01-0x7F only), since recall lets other
// fields skip them for the same bytes. Callers recall first.
func (d *Decoder) keep(p []byte) string {
	s := string(p)
	if d != nil && len(p) <= decoderMaxString {
		d.recent[stringSlot(p)] = s
	}
	return s
}

// stringSlot picks the slot of a Decoder for the string whose bytes are p,
// from its length and its first and last eight bytes (the DNs and host names
// of a session often share a long prefix or suffix, rarely both).
func stringSlot(p []byte) int {
	h := uint64(len(p))
	if len(p) >= 8 {
		h ^= word(p) ^ bits.RotateLeft64(word(p[len(p)-8:]), 29)
	} else {
		for _, c := range p {
			h = h<<8 | uint64(c)
		}
	}
	return int((h * 0x9E3779B97F4A7C15) >> (64 - decoderSlotBits))
}
