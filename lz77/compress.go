package lz77

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"sync"
)

// Match finder parameters. They trade speed for size and are ours, not the
// format's: any match the format can express decodes the same.
const (
	minHashBits = 8  // the hash table never has fewer than 1<<minHashBits heads
	maxHashBits = 12 // nor more than 1<<maxHashBits
	maxChain    = 8  // candidates tried at each position
	niceLength  = 64 // a match this long ends the search
	goodLength  = 16 // after a match this long, a quarter of the candidates are tried
	lazyLength  = 8  // a match shorter than this is compared with the one a position further
	maxInsert   = 4  // of a longer match, only the first and last positions are recorded
	window      = int(MaxMatchOffset)
	// maxMatch keeps the length less MinMatchLength within the 4-byte field.
	maxMatch = min(math.MaxUint32, math.MaxInt)
)

// CompressBound returns the most bytes that Compress appends for n bytes of
// input: the input as literals, with a flag word for every FlagWordBits of
// them and the closing one. Appending into a dst with this much spare capacity
// does not allocate.
func CompressBound(n int) int {
	return n + 4*(n/int(FlagWordBits)+1)
}

// A Compressor holds the match finder's tables (32 KB), so that compressing
// does not allocate them; Compress keeps a pool of them. Its zero value is
// ready to use; it must not be used by two goroutines at once.
//
// The tables hold positions+1 modulo 2^16, 0 for none: head the latest string
// of each hash of four bytes, prev (by position modulo the window) the string
// before it with the same hash, and head3 the latest string of each hash of
// three bytes, for the matches of MinMatchLength that the chains miss.
type Compressor struct {
	head  [1 << maxHashBits]uint16
	prev  [MaxMatchOffset]uint16
	head3 [1 << maxHashBits]uint16
}

var compressors = sync.Pool{New: func() any { return new(Compressor) }}

// Compress appends to dst the Plain LZ77 encoding ([MS-XCA] 2.3) of src and
// returns the extended slice. It uses a pooled Compressor; with
// CompressBound(len(src)) bytes of spare capacity in dst it does not
// allocate. The output of the same input is always the same.
func Compress(dst, src []byte) []byte {
	c := compressors.Get().(*Compressor)
	dst = c.Compress(dst, src)
	compressors.Put(c)
	return dst
}

// Compress is the package function Compress with c's tables.
//
// At each position it looks for the longest match among the last maxChain
// strings within the window that share its first four bytes, or else the last
// that shares its first three, and writes a literal when there is none of
// MinMatchLength bytes. Before it writes a match shorter than lazyLength it
// looks one position further (lazy evaluation): when the match found there is
// longer, it writes a literal and takes that one instead. Of a match longer
// than maxInsert it records only the first and last positions: on ROP
// buffers, recording every one cost more time than it saved bytes.
func (c *Compressor) Compress(dst, src []byte) []byte {
	start := len(dst)
	bound := CompressBound(len(src))
	dst = slices.Grow(dst, bound)
	e := encoder{out: dst[start : start+bound], op: 4}
	hb := min(max(bits.Len(uint(len(src))), minHashBits), maxHashBits)
	clear(c.head[:1<<hb])
	clear(c.head3[:1<<hb])
	for ip := 0; ip < len(src); {
		length, off := c.longestMatch(src, ip, hb)
		if length < int(MinMatchLength) {
			e.literal(src[ip])
			ip++
			continue
		}
		q := ip + 1
		for length < lazyLength {
			next, noff := c.longestMatch(src, ip+1, hb)
			q = ip + 2
			if next <= length {
				break
			}
			e.literal(src[ip])
			ip++
			length, off = next, noff
		}
		e.match(length, off)
		end := ip + length
		last := min(end, len(src)-int(MinMatchLength)+1)
		if length > maxInsert {
			for ; q < min(ip+1+maxInsert/2, last); q++ {
				c.insert(src, q, hb)
			}
			q = max(q, last-maxInsert/2)
		}
		for ; q < last; q++ {
			c.insert(src, q, hb)
		}
		ip = end
	}
	return dst[:start+e.finish()]
}

// insert records the string at src[p:], which has at least MinMatchLength
// bytes, and returns the previous heads of its chain and of its 3-byte table.
func (c *Compressor) insert(src []byte, p, hb int) (cand, cand3 uint16) {
	pos := uint16(p + 1)
	if s := src[p:]; len(s) >= 4 {
		// One load for both hashes: the first four bytes, and three of them.
		v := binary.LittleEndian.Uint32(s)
		h3, h := hash(v&0xFFFFFF, hb), hash(v, hb)
		cand3, c.head3[h3&(1<<maxHashBits-1)] = c.head3[h3&(1<<maxHashBits-1)], pos
		cand, c.head[h&(1<<maxHashBits-1)] = c.head[h&(1<<maxHashBits-1)], pos
		c.prev[p&(window-1)] = cand
		return cand, cand3
	}
	h3 := hash(uint32(src[p])|uint32(src[p+1])<<8|uint32(src[p+2])<<16, hb)
	cand3, c.head3[h3] = c.head3[h3], pos
	return 0, cand3
}

// hash hashes v into hb bits.
func hash(v uint32, hb int) uint32 { return (v * 0x9E3779B1) >> (32 - hb) }

// longestMatch records the string at ip and returns the longest match for
// it, as a length and an offset back; the length is 0 when ip is too close to
// the end for a match. It walks the chain of strings with the same first four
// bytes, and tries the latest with the same first three when that finds
// nothing. The tables may hold entries of an earlier input or positions that
// wrapped; any entry points at bytes of src within the window, whose match is
// checked byte by byte, and each step of a chain must go further back, so an
// entry may make a match shorter but never wrong.
func (c *Compressor) longestMatch(src []byte, ip, hb int) (length, off int) {
	if len(src)-ip < int(MinMatchLength) {
		return 0, 0
	}
	cand, cand3 := c.insert(src, ip, hb)
	limit := min(len(src)-ip, maxMatch)
	here := uint16(ip + 1)
	reach := min(ip, window)
	last := 0
	for budget := maxChain; budget > 0 && cand != 0; budget-- {
		d := int(here - cand)
		if d <= last || d > reach {
			break
		}
		p := ip - d
		if length < 4 || binary.LittleEndian.Uint32(src[p+length-3:]) == binary.LittleEndian.Uint32(src[ip+length-3:]) {
			if n := matchLength(src, p, ip, limit); n > length {
				length, off = n, d
				if n >= niceLength || n == limit {
					break
				}
				if n >= goodLength {
					budget = min(budget, maxChain/4)
				}
			}
		}
		cand = c.prev[p&(window-1)]
		last = d
	}
	if d := int(here - cand3); length < int(MinMatchLength) && cand3 != 0 && d > 0 && d <= reach {
		if n := matchLength(src, ip-d, ip, limit); n > length {
			length, off = n, d
		}
	}
	return length, off
}

// matchLength returns how many bytes from src[ip:] equal those from src[p:],
// p < ip, up to limit; it compares eight bytes a step.
func matchLength(src []byte, p, ip, limit int) int {
	n := 0
	for n+8 <= limit {
		x := binary.LittleEndian.Uint64(src[p+n:]) ^ binary.LittleEndian.Uint64(src[ip+n:])
		if x != 0 {
			return n + bits.TrailingZeros64(x)/8
		}
		n += 8
	}
	for n < limit && src[p+n] == src[ip+n] {
		n++
	}
	return n
}

// encoder writes literals, matches and flag words into out, which is
// CompressBound bytes long, as [MS-XCA] 2.3.4 lays them out.
type encoder struct {
	out     []byte
	op      int    // next byte to write
	flagPos int    // where the current flag word goes
	flags   uint32 // the flags of the current word so far, the latest lowest
	nflags  int    // how many flags it holds
	half    int    // offset+1 of the length byte whose high half is free; 0 for none
}

// flag adds one literal (0) or match (1) flag, and reserves the next flag
// word when the current one is full.
func (e *encoder) flag(bit uint32) {
	e.flags = e.flags<<1 | bit
	e.nflags++
	if e.nflags == int(FlagWordBits) {
		binary.LittleEndian.PutUint32(e.out[e.flagPos:], e.flags)
		e.flagPos, e.op = e.op, e.op+4
		e.flags, e.nflags = 0, 0
	}
}

func (e *encoder) literal(b byte) {
	e.out[e.op] = b
	e.op++
	e.flag(0)
}

// match writes a match of length bytes starting off bytes back: the 2-byte
// match word, then as many of the half-byte, 1-byte and 2- or 4-byte length
// fields as the length needs.
func (e *encoder) match(length, off int) {
	code := uint64(length - int(MinMatchLength))
	word := uint16(off-1) << MatchLengthBits
	if code < inlineEscape {
		binary.LittleEndian.PutUint16(e.out[e.op:], word|uint16(code))
		e.op += 2
		e.flag(1)
		return
	}
	binary.LittleEndian.PutUint16(e.out[e.op:], word|inlineEscape)
	e.op += 2
	rest := code - inlineEscape
	nibble := byte(min(rest, uint64(NibbleLengthEscape)))
	if e.half == 0 {
		e.out[e.op] = nibble
		e.half = e.op + 1
		e.op++
	} else {
		e.out[e.half-1] |= nibble << 4
		e.half = 0
	}
	if nibble == NibbleLengthEscape {
		rest -= uint64(NibbleLengthEscape)
		if rest < uint64(ByteLengthEscape) {
			e.out[e.op] = byte(rest)
			e.op++
		} else {
			e.out[e.op] = ByteLengthEscape
			e.op++
			if code <= math.MaxUint16 {
				binary.LittleEndian.PutUint16(e.out[e.op:], uint16(code))
				e.op += 2
			} else {
				binary.LittleEndian.PutUint16(e.out[e.op:], 0)
				binary.LittleEndian.PutUint32(e.out[e.op+2:], uint32(code))
				e.op += 6
			}
		}
	}
	e.flag(1)
}

// finish writes the last flag word, its unused flags set to 1 so that the
// decoder stops at the end of the input, and returns the bytes written.
func (e *encoder) finish() int {
	free := int(FlagWordBits) - e.nflags
	flags := e.flags<<free | (1<<free - 1)
	binary.LittleEndian.PutUint32(e.out[e.flagPos:], flags)
	return e.op
}
