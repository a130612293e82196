package main

import (
	"fmt"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// readingKind says how bytes are framed into ROPs.
type readingKind uint8

const (
	kindBuffer readingKind = iota // a ROP input or output buffer: RopSize, RopsList, handle table
	kindList                      // a RopsList: ROPs one after another
	kindROP                       // exactly one ROP (--as rop)
	// kindAux is no ROP reading: it stands for AUX blocks among the
	// readings a payload also decodes as (see decodeROPs).
	kindAux
)

// name is the kind as --as and the JSON output name it.
func (k readingKind) name() string { return [...]string{"buffer", "list", "rop", "aux"}[k] }

// reading is one way to read bytes as ROPs: as a ROP buffer, a RopsList or
// one ROP, and as requests or as responses.
type reading struct {
	kind      readingKind
	responses bool
	size      int // bytes read: the whole buffer, or the list
	base      int // offset of those bytes in the input
	list      []byte
	listOff   int      // offset of list in the input
	handles   []uint32 // the handle table of a buffer
	// strict is set when other readings compete with this one: then a
	// doubt (see check) stops it, and the LogonId rule applies.
	strict bool
	// undirected is set when nothing tells requests from responses: the
	// reading stopped at its first ROP, whose RopId no ROP has, and was
	// also read the other way.
	undirected bool

	// Set by scan.
	scanned bool
	// progress is how far the reading got: the bytes of list in ROPs that
	// decoded and passed the checks.
	progress int
	stop     *stop // where and why the reading stopped, or nil
}

// stopKind says why a reading stopped before the end of its bytes. A
// reading that did not decode to the end ranks before another that got as
// far by its kind, in this order: a missing layout says nothing against the
// bytes; a malformed field may be input cut short, as pasted captures often
// are; a doubt is what a ROP read the wrong way looks like.
type stopKind uint8

const (
	// stopUnsupported is a RopId the command has no decoder for, or a ROP
	// it decodes in the other direction only.
	stopUnsupported stopKind = iota
	// stopMalformed is a field that does not decode.
	stopMalformed
	// stopTrailing is bytes after the one ROP of --as rop.
	stopTrailing
	// stopDoubt is a ROP that decodes but cannot be right in this reading:
	// a handle index outside the handle table, a LogonId that names no
	// logon of the buffer, a ReturnValue no table names.
	stopDoubt
)

// stop is where a reading stopped and why.
type stop struct {
	kind  stopKind
	off   int       // offset in the list of the ROP at which it stopped
	err   error     // unsupported, malformed, trailing: offsets count in the input
	rop   codec.ROP // doubt: the ROP; malformed: the fields decoded before the bad one
	n     int       // doubt: the ROP's size
	doubt string
}

// title names the reading as a heading does.
func (r *reading) title() string {
	switch {
	case r.kind == kindAux:
		return "AUX blocks"
	case r.kind == kindBuffer && r.undirected:
		return "ROP buffer"
	case r.kind == kindBuffer && r.responses:
		return "ROP output buffer"
	case r.kind == kindBuffer:
		return "ROP input buffer"
	case r.undirected:
		return "RopsList"
	case r.kind == kindROP:
		return "one ROP " + r.direction()
	}
	return "RopsList of " + r.direction() + "s"
}

// direction is "response" or "request".
func (r *reading) direction() string {
	if r.responses {
		return "response"
	}
	return "request"
}

// flags are the flags of decode that choose this reading alone.
func (r *reading) flags() string {
	if r.kind == kindAux {
		return "--as aux"
	}
	return "--as " + r.kind.name() + " --" + r.direction()
}

// cursor walks a reading ROP by ROP with the codec's Walker and checks each
// ROP. The same walk serves scan, which chooses a reading, and the display
// of the chosen one, so that both stop at the same ROP.
type cursor struct {
	r    *reading
	next func() bool
	rop  func() codec.ROP
	w    interface {
		Offset() int
		Size() int
		Err() error
	}
	count int
	// logons are the LogonIds that RopLogon requests open; used holds,
	// for every LogonId a ROP names, the offset of the first such ROP
	// plus 1.
	logons [256]bool
	used   [256]int
}

func newCursor(r *reading, d *codec.Decoder) *cursor {
	c := &cursor{r: r}
	if r.responses {
		w := d.WalkResponses(r.list)
		c.next, c.w, c.rop = w.Next, w, func() codec.ROP { return w.ROP() }
	} else {
		w := d.WalkRequests(r.list)
		c.next, c.w, c.rop = w.Next, w, func() codec.ROP { return w.ROP() }
	}
	return c
}

// step decodes the next ROP: its offset in the list, its size, and a doubt
// about it (shown, when the reading is not strict; a strict reading stops
// at a doubt instead). It returns false at the end of the list or at a
// stop, which it then returns.
func (c *cursor) step() (rop codec.ROP, off, n int, doubt string, st *stop) {
	r := c.r
	if r.kind == kindROP && c.count == 1 {
		if end := c.w.Offset() + c.w.Size(); end < len(r.list) {
			err := &codec.DecodeError{Offset: r.listOff + end, Err: fmt.Errorf("%w (%d bytes)", codec.ErrTrailingBytes, len(r.list)-end)}
			return nil, 0, 0, "", &stop{kind: stopTrailing, off: end, err: err}
		}
	}
	if !c.next() {
		err := c.w.Err()
		if err == nil {
			return nil, len(r.list), 0, "", nil
		}
		st := &stop{kind: stopMalformed, off: c.w.Offset(), err: shift(err, r.listOff), rop: c.rop()}
		if errors.Is(err, codec.ErrUnsupportedROP) {
			st.kind, st.rop = stopUnsupported, nil
		}
		return nil, st.off, 0, "", st
	}
	c.count++
	rop, off, n = c.rop(), c.w.Offset(), c.w.Size()
	doubt = c.check(rop, off)
	if doubt != "" && r.strict {
		return nil, off, 0, "", &stop{kind: stopDoubt, off: off, rop: rop, n: n, doubt: doubt}
	}
	return rop, off, n, doubt, nil
}

// check returns the first thing about rop, at offset off of the list,
// that this reading cannot explain: a handle index outside the handle table
// the ROP travels with, or a ReturnValue that no table names. It notes the
// LogonIds rop opens and names, for logonDoubt.
func (c *cursor) check(rop codec.ROP, off int) string {
	r := c.r
	if lr, ok := rop.(*codec.RopLogonRequest); ok {
		c.logons[lr.LogonID] = true
	}
	for f := range rop.Fields() {
		switch {
		case r.kind == kindBuffer && strings.HasSuffix(f.Name, "HandleIndex") && f.Uint >= uint64(len(r.handles)):
			return fmt.Sprintf("%s %d is outside the handle table of %s", f.Name, f.Uint, plural(len(r.handles), "handle", "handles"))
		case f.Name == "LogonId" && c.used[f.Uint&0xFF] == 0:
			c.used[f.Uint&0xFF] = off + 1
		default:
			if ec, ok := f.Value.(errors.EC); ok && ec.Code().Name() == "" {
				return fmt.Sprintf("%s 0x%08X is a code that no table names", f.Name, uint32(ec))
			}
		}
	}
	return ""
}

// logonDoubt returns the first ROP, among those walked, whose LogonId names
// no logon that a RopLogon request of the list opens, when the list opens
// any: its offset in the list and the doubt; -1 when there is none.
func (c *cursor) logonDoubt() (int, string) {
	any := false
	for _, l := range c.logons {
		any = any || l
	}
	first, id := -1, 0
	for i, u := range c.used {
		if u > 0 && !c.logons[i] && (first < 0 || u-1 < first) {
			first, id = u-1, i
		}
	}
	if !any || first < 0 {
		return -1, ""
	}
	return first, fmt.Sprintf("LogonId %d names no logon that a RopLogon request of this list opens", id)
}

// scan walks r to its end or its stop and records them; with the LogonId
// rule (strict requests), a LogonId that names no logon of the list is a
// doubt at the first ROP that names it.
func (r *reading) scan(c *cursor) (done bool) {
	rop, off, _, _, st := c.step()
	if rop != nil {
		r.progress = off + c.w.Size()
		return false
	}
	r.scanned, r.stop = true, st
	if st != nil {
		r.progress = st.off
	} else {
		r.progress = len(r.list)
	}
	if r.strict && !r.responses {
		if at, doubt := c.logonDoubt(); at >= 0 && at <= r.progress {
			r.stop, r.progress = &stop{kind: stopDoubt, off: at, doubt: doubt}, at
		}
	}
	return true
}

// plausible reports whether r, scanned, decoded to the end without a doubt.
func (r *reading) plausible() bool { return r.scanned && r.stop == nil }

// choose scans the readings side by side and returns the one to show:
//
//   - the first plausible one in the order given, with the others that are
//     plausible too;
//   - when none is, the one that got furthest (see progress); on a tie,
//     by the kind of stop (see stopKind), then by framing (a buffer with a handle table, a bare RopsList, a
//     buffer without one), then the order given.
//
// It stops scanning early when one reading is left going, has got further
// than every other and cannot fail a rule that looks at the whole list (a
// reading of responses, or a reading with no rival): that reading is
// returned unscanned, to be shown as it is walked, which lets a long input
// stream out as it decodes.
func choose(rs []*reading, d *codec.Decoder) (best *reading, also []*reading) {
	curs := make([]*cursor, len(rs))
	for i, r := range rs {
		curs[i] = newCursor(r, d)
	}
	for {
		var going []int
		furthest := -1
		for i, r := range rs {
			switch {
			case !r.scanned:
				going = append(going, i)
			case r.plausible():
				furthest = len(r.list) + 1 // a plausible one wins anyway
			default:
				furthest = max(furthest, r.progress)
			}
		}
		if len(going) == 0 {
			break
		}
		if len(going) == 1 {
			r := rs[going[0]]
			if (r.responses || !r.strict) && r.progress > furthest {
				return r, nil
			}
		}
		next := going[0]
		for _, i := range going[1:] {
			if rs[i].progress < rs[next].progress {
				next = i
			}
		}
		rs[next].scan(curs[next])
	}
	for _, r := range rs {
		if r.plausible() {
			if best == nil {
				best = r
			} else {
				also = append(also, r)
			}
		}
	}
	if best != nil {
		return best, also
	}
	best = rs[0]
	for _, r := range rs[1:] {
		if r.before(best) {
			best = r
		}
	}
	if best.progress == 0 && best.stop.kind == stopUnsupported && codec.LookupROP(best.list[best.stop.off]) == nil {
		for _, r := range rs {
			best.undirected = best.undirected || r.kind == best.kind && r.responses != best.responses
		}
	}
	return best, nil
}

// before reports whether r, which did not decode to the end, is to be shown
// rather than o: see choose.
func (r *reading) before(o *reading) bool {
	if r.progress != o.progress {
		return r.progress > o.progress
	}
	if r.stop.kind != o.stop.kind {
		return r.stop.kind < o.stop.kind
	}
	return r.framing() > o.framing()
}

// framing ranks how much a reading's framing says for it when no ROP does:
// a buffer whose RopSize leaves room for a handle table, then a bare
// RopsList, then a buffer whose RopSize is merely the length of the input
// (as it is for any bytes that start with their own length).
func (r *reading) framing() int {
	switch {
	case r.kind != kindBuffer:
		return 1
	case len(r.handles) > 0:
		return 2
	}
	return 0
}
