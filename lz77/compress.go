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
	maxHashBits = 14 // nor more than 1<<maxHashBits
	maxChain    = 8  // candidates tried at each position
	niceLength  = 32 // a match this long ends the search
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

// A Compressor holds the match finder's tables (80 KB), so that compressing
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
//
// The search is written out in the loop, which searches each position once
// (a match waiting for the lazy search is held in plen and poff): as a
// function of its own it cost a tenth of the time. The tables may hold
// entries of an earlier input or positions that wrapped; any entry points at
// bytes of src within the window, whose match is checked byte by byte, and
// each step of a chain must go further back, so an entry may make a match
// shorter but never wrong.
func (c *Compressor) Compress(dst, src []byte) []byte {
	start := len(dst)
	bound := CompressBound(len(src))
	dst = slices.Grow(dst, bound)
	e := encoder{out: dst[start : start+bound], op: 4}
	hb := min(max(bits.Len(uint(len(src))), minHashBits), maxHashBits)
	clear(c.head[:1<<hb])
	clear(c.head3[:1<<hb])
	shift := uint(32 - hb)
	// A match shorter than lazyLength waits a position (plen and poff,
	// found at ip-1) for the search at ip.
	plen, poff := 0, 0
	for ip := 0; ip < len(src); {
		// The longest match at ip, recording ip.
		length, off := 0, 0
		if len(src)-ip >= int(MinMatchLength) {
			var cand, cand3 uint16
			if len(src)-ip >= 4 {
				cand, cand3 = c.link(binary.LittleEndian.Uint32(src[ip:]), ip, shift)
			} else {
				cand, cand3 = c.insertLast(src, ip, shift)
			}
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
		}
		mp := ip // where the match to write starts
		if plen != 0 {
			if length <= plen {
				length, off, mp = plen, poff, ip-1
			} else {
				e.literal(src[ip-1])
			}
			plen = 0
		}
		if mp == ip && length < lazyLength {
			if length < int(MinMatchLength) {
				e.literal(src[ip])
			} else {
				plen, poff = length, off
			}
			ip++
			continue
		}
		e.match(length, off)
		// ip, the one position after mp searched, is recorded.
		q := ip + 1
		end := mp + length
		last := min(end, len(src)-int(MinMatchLength)+1)
		if length > maxInsert {
			first := min(mp+1+maxInsert/2, last)
			c.insertRange(src, q, first, shift)
			q = max(q, first, last-maxInsert/2)
		}
		c.insertRange(src, q, last, shift)
		ip = end
	}
	return dst[:start+e.finish()]
}

// insertRange records the strings at src[q:] to src[last-1:], each of at
// least MinMatchLength bytes.
func (c *Compressor) insertRange(src []byte, q, last int, shift uint) {
	for ; q < last && len(src)-q >= 4; q++ {
		c.link(binary.LittleEndian.Uint32(src[q:]), q, shift)
	}
	if q < last {
		c.insertLast(src, q, shift)
	}
}

// link records the string at src[p:], of at least four bytes of which v
// holds the first four, and returns the previous heads of its chain and of
// its 3-byte table. One load serves both hashes, which take the top 32-shift
// bits of a product.
func (c *Compressor) link(v uint32, p int, shift uint) (cand, cand3 uint16) {
	pos := uint16(p + 1)
	h3, h := hash(v&0xFFFFFF, shift), hash(v, shift)
	cand3, c.head3[h3] = c.head3[h3], pos
	cand, c.head[h] = c.head[h], pos
	c.prev[p&(window-1)] = cand
	return cand, cand3
}

// insertLast is link for the last string, of three bytes, which has no
// hash of four and so no chain.
func (c *Compressor) insertLast(src []byte, p int, shift uint) (cand, cand3 uint16) {
	h3 := hash(uint32(src[p])|uint32(src[p+1])<<8|uint32(src[p+2])<<16, shift)
	cand3, c.head3[h3] = c.head3[h3], uint16(p+1)
	return 0, cand3
}

// hash hashes v into 32-shift bits, at most maxHashBits; the mask of the
// shift spares the compiler's check for shifts of 32 or more.
func hash(v uint32, shift uint) uint32 {
	return (v * 0x9E3779B1) >> (shift & 31) & (1<<maxHashBits - 1)
}

// matchLength returns how many bytes from src[ip:] equal those from src[p:],
// p < ip, up to limit; it compares eight bytes a step.
func matchLength(src []byte, p, ip, limit int) int {
	b := src[ip : ip+limit]
	a := src[p:][:len(b)]
	n := 0
	for ; len(b)-n >= 8; n += 8 {
		if x := binary.LittleEndian.Uint64(a[n:]) ^ binary.LittleEndian.Uint64(b[n:]); x != 0 {
			return n + bits.TrailingZeros64(x)/8
		}
	}
	for ; n < len(b) && a[n] == b[n]; n++ {
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
