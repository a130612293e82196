package codec

import (
	"encoding/binary"
	"math/bits"
)

// A Decoder decodes ROPs as the package's generated Decode functions do, with
// two differences that make decoding many ROPs cheap:
//
//   - It remembers the strings it returned (ServerName, Essdn, MessageClass,
//     ...) and returns the same string again, without allocating and without
//     checking its bytes again, when the same bytes come back. The strings of
//     a session repeat: one mailbox DN, a few server names, a few message
//     classes. A string it has not seen, or has forgotten, is allocated as by
//     the package functions.
//   - With ReuseValues set, its methods that return a pointer
//     (DecodeRequest, DecodeResponse, the dispatching DecodeXResponse, and
//     the walkers Requests, Responses, WalkRequests and WalkResponses) hand
//     back a value that belongs to the Decoder, one for each message type,
//     instead of allocating a new one: such a value is valid until the next
//     call of one of the Decoder's methods (for a walk, until its next
//     step), as the bytes of bufio.Scanner are. To keep it longer, copy it
//     (v := *p): the Decoder reuses the value itself, never its strings or
//     slices, which are new for each decode. Without ReuseValues each value
//     is new, as from the package functions. The methods that return a
//     value (DecodeRopLogonRequest and the like) and DecodeInto hand over
//     the value itself either way.
//
// The strings are copies: the input can be reused or overwritten as soon as
// a call returns. A Decoder remembers at most 512 strings of at most 1 KiB
// each (longer ones are never remembered): a new string takes the place of an
// older one, so the memory a Decoder holds stays bounded whatever it decodes.
//
// The zero Decoder is ready to use, and a nil *Decoder decodes exactly as the
// package functions do. A Decoder must not be used by several goroutines at
// once, nor copied after first use.
type Decoder struct {
	// ReuseValues makes the methods that return a pointer hand out the
	// Decoder's own values, valid until its next call (see Decoder).
	ReuseValues bool

	// tags and strs hold strings returned before, in sets picked by the
	// hash of their bytes (stringHash): the way w of set i holds the
	// string strs[i][w] under the tag tags[i][w] (0 for none), and a
	// look-up compares the bytes of a string only when its tag matches.
	// Every string held is NUL-free ASCII, and no two of a set have the
	// same tag.
	tags [1 << decoderSetBits][decoderWays]uint32
	strs [1 << decoderSetBits][decoderWays]string
	// debt counts the look-ups that missed, less decoderHitCredit for each
	// that hit (from 0 to decoderMaxDebt): when fewer than half of the
	// strings come back, looking them up and keeping them costs more than
	// the allocations the hits save, so past decoderSampleDebt the Decoder
	// samples: it looks up and keeps only the strings of one message in
	// decoderSample, until the hits among those bring the debt down again.
	// Its other messages cost what the package functions cost.
	debt int32
	// skip is the number of messages whose strings the Decoder is still to
	// pass by, while it samples; kept counts the strings it remembered,
	// and picks the way of a full set a string takes.
	skip, kept uint32
	// vals holds the values handed out by pointer with ReuseValues,
	// created on first use.
	vals *decoderValues
	// columns lay out the rows of the responses that need them (SetColumns).
	columns columnContext
	// logons says which logons are to public folders (SetLogon).
	logons logonContext
}

const (
	// decoderSetBits is log2 of the number of sets of a Decoder's strings:
	// 128 sets of 4 hold 512 strings (with 64 sets, a cycle through 256
	// strings missed often enough to measure 1.04x the package function;
	// with 128, 0.60x).
	decoderSetBits = 7
	// decoderWays is the number of strings a set holds: a set holds the
	// strings whose hashes pick it, so that a few strings of a session that
	// happen to pick the same set do not push each other out (with one
	// string a set, half of 64 strings missed). recall names the four ways
	// of a set, without a loop (see the guard below the constants).
	decoderWays = 4
	// decoderMaxString is the length of the longest string a Decoder
	// remembers.
	decoderMaxString = 1 << 10
	// decoderSampleDebt is the debt past which a Decoder samples, and
	// decoderMaxDebt the most it owes, so that it comes back within a few
	// hundred messages once a few dozen strings repeat: after a hit it
	// looks up the strings of every message until one misses again.
	decoderSampleDebt = 64
	decoderMaxDebt    = 2 * decoderSampleDebt
	// decoderSample is how often a sampling Decoder looks up the strings of
	// a message.
	decoderSample = 256
	// decoderHitCredit is what a hit takes off the debt: a hit saves about
	// what a miss costs, whose new string the Decoder keeps alive (with 2,
	// a Decoder cycling through 1,024 strings kept looking them up, and
	// measured 1.03x the package function against 1.018x with 1).
	decoderHitCredit = 1
)

// recall's masks of matching and empty ways name ways 0 to 3: this compiles
// only when decoderWays is 4.
var _ = [1]int{}[decoderWays-4]

// strings returns d, to look up and keep the strings of a message, or nil
// when d is nil or passes the message by while it samples.
func (d *Decoder) strings() *Decoder {
	if d != nil && d.skip > 0 {
		d.skip--
		return nil
	}
	return d
}

// A stringSlot is where keep is to remember a string: a set, a way and the
// string's tag.
type stringSlot struct {
	set, way int
	tag      uint32
}

// recall returns the string d remembers with the bytes p, if any; otherwise
// the slot where keep is to remember p. Only strings that passed the checks
// of an ASCII field are remembered (see keep), so a caller decoding an ASCII
// field may skip its checks when recall finds the bytes. d must not be nil,
// and p no longer than decoderMaxString.
func (d *Decoder) recall(p []byte) (s string, ok bool, slot stringSlot) {
	h := stringHash(p)
	set, tag := int(h>>(64-decoderSetBits)), stringTag(h)
	tags := &d.tags[set]
	// The ways whose tag matches, found without a branch for each: at most
	// one, since a set holds a tag once.
	match := b2u(tags[0] == tag) | b2u(tags[1] == tag)<<1 | b2u(tags[2] == tag)<<2 | b2u(tags[3] == tag)<<3
	if match != 0 {
		w := bits.TrailingZeros8(match)
		if s := d.strs[set][w]; s == string(p) { // the conversion does not allocate
			if d.debt > 0 {
				d.debt = max(d.debt-decoderHitCredit, 0)
			}
			return s, true, stringSlot{}
		}
		// Another string with the same tag: p takes its place.
		d.miss()
		return "", false, stringSlot{set, w, tag}
	}
	d.miss()
	// An empty way, or else the way of the count of strings kept so far: a
	// different way at each in turn, which over the misses of a set is as
	// good as a random one, and keeps some strings of a cycle through more
	// than a set holds where a first-in first-out order would keep none.
	d.kept++
	w := int(d.kept % decoderWays)
	if empty := b2u(tags[0] == 0) | b2u(tags[1] == 0)<<1 | b2u(tags[2] == 0)<<2 | b2u(tags[3] == 0)<<3; empty != 0 {
		w = bits.TrailingZeros8(empty)
	}
	return "", false, stringSlot{set, w, tag}
}

// miss counts a look-up that missed, and has d sample when it misses too
// often (see debt).
func (d *Decoder) miss() {
	d.debt = min(d.debt+1, decoderMaxDebt)
	if d.debt > decoderSampleDebt {
		d.skip = decoderSample - 1
	}
}

// keep returns p as a new string and remembers it in slot (from recall), in
// place of the string there. p must have passed the checks of an ASCII field
// (0x01-0x7F only), since recall lets other fields skip them for the same
// bytes. d must not be nil.
func (d *Decoder) keep(p []byte, slot stringSlot) string {
	s := string(p)
	d.tags[slot.set][slot.way], d.strs[slot.set][slot.way] = slot.tag, s
	return s
}

// b2u is 1 for true and 0 for false.
func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// stringHash hashes the bytes of a string for a Decoder, from its length and
// its first and last eight bytes (the DNs and host names of a session often
// share a long prefix or suffix, rarely both; strings that share both still
// work, but take a set and a tag between them); its top bits pick the set.
func stringHash(p []byte) uint64 {
	n := len(p)
	if n < 8 {
		h := uint64(n)
		for _, c := range p {
			h = h<<8 | uint64(c)
		}
		return h * 0x9E3779B97F4A7C15
	}
	le := binary.LittleEndian
	h := uint64(n) ^ le.Uint64(p) ^ bits.RotateLeft64(le.Uint64(p[n-8:]), 29)
	return h * 0x9E3779B97F4A7C15
}

// stringTag is the tag of a string whose hash is h: bits of h below those
// that pick the set, never 0, which marks an empty way.
func stringTag(h uint64) uint32 { return uint32(h>>(32-decoderSetBits)) | 1 }

// values returns the values d hands out, creating them on first use. d must
// not be nil.
func (d *Decoder) values() *decoderValues {
	if d.vals == nil {
		d.vals = new(decoderValues)
	}
	return d.vals
}

// reuse returns the value *slot, reset to its zero value, after creating it
// when *slot is nil: how a Decoder hands out a value of each type without
// allocating one each time.
func reuse[T any](slot **T) *T {
	if *slot == nil {
		*slot = new(T)
	} else {
		var zero T
		**slot = zero
	}
	return *slot
}
