package session

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/internal/mapiexec"
)

// A Decoder decodes the calls of one session in order and keeps what each
// tells about the next (see the package comment). The zero Decoder is not
// ready to use; NewDecoder returns one.
type Decoder struct {
	lim Limits
	// dec decodes the ROPs, remembering the strings of the session, with
	// the columns each response needs set before it.
	dec     codec.Decoder
	objects map[uint32]*Object // by handle
	logons  map[uint8]Logon    // by LogonId
	// logonsStale is set when dec's logons may differ from logons: a
	// RopLogon request set its own kind in dec (which a logon that opens
	// always has, in its call), or a logon was released (setLogons).
	logonsStale bool
	calls       int // calls taken: the index of the next
	lastID      int // the ID of the last object met
	live        int // objects tracked
	columns     int // columns kept over all objects
	// reqs and slots are the scratch of run, kept for the next call.
	reqs  []pending
	slots []slot
}

// NewDecoder returns a Decoder that keeps at most what lim allows.
func NewDecoder(lim Limits) *Decoder {
	return &Decoder{lim: lim.withDefaults(), objects: make(map[uint32]*Object), logons: make(map[uint8]Logon)}
}

// Logon returns the logon with LogonId id, when the session saw its RopLogon
// succeed and no RopRelease of its Logon object since.
func (d *Decoder) Logon(id uint8) (Logon, bool) {
	l, ok := d.logons[id]
	return l, ok
}

// Object returns the object that handle h names, when the session knows it.
func (d *Decoder) Object(h uint32) (*Object, bool) {
	o, ok := d.objects[h]
	return o, ok
}

// Objects returns how many objects the session tracks.
func (d *Decoder) Objects() int { return d.live }

// Call decodes one call of the session: in, a ROP input buffer ([MS-OXCROPS]
// 2.2.1: RopSize, RopsList, Server object handle table), and out, the ROP
// output buffer that answers it. Either may be nil: a call whose answer the
// capture lacks, or an answer without its request; their pairs say so.
//
// It returns what decoded, with the first error met: a buffer that does not
// decode as a ROP buffer, or a RopsList whose walk stopped at a ROP that
// does not decode (Buffer.Err). The session goes on with what decoded. A
// response decoded without its context is no error: its Pair says why
// (Pair.Err).
func (d *Decoder) Call(in, out []byte) (*Call, error) {
	var ins, outs []*codec.ROPBuffer
	var first error
	if in != nil {
		rb, err := ropBuffer(in, "input")
		first = err
		if rb != nil {
			ins = append(ins, rb)
		}
	}
	if out != nil {
		rb, err := ropBuffer(out, "output")
		if first == nil {
			first = err
		}
		if rb != nil {
			outs = append(outs, rb)
		}
	}
	c := d.run(ins, outs)
	if first == nil {
		first = c.firstErr()
	}
	return c, first
}

// CallRPC decodes one EcDoRpcExt2 call ([MS-OXCRPC] 3.1.4.2): rgbIn and
// rgbOut, each one or more RPC_HEADER_EXT-framed payloads, de-obfuscated
// and decompressed (codec.DecodeRPCPayloads). The first payload of rgbIn is
// the ROP input buffer and that of rgbOut its output buffer; further
// payloads of rgbIn are packed requests ([MS-OXCRPC] 3.1.4.2.1.2.1), read
// here as a ROP input buffer each (the document prints none), of the ROP the
// first one ends with, whose one response answers them all; further payloads of rgbOut are chained responses
// ([MS-OXCRPC] 3.1.4.2.1.2.2), each a ROP output buffer that answers the
// last request again. Either may be nil, as for Call.
func (d *Decoder) CallRPC(rgbIn, rgbOut []byte) (*Call, error) {
	ins, err := rpcBuffers(rgbIn, "input")
	outs, err2 := rpcBuffers(rgbOut, "output")
	if err == nil {
		err = err2
	}
	c := d.run(ins, outs)
	if err == nil {
		err = c.firstErr()
	}
	return c, err
}

// CallExecute decodes one MAPI over HTTP Execute call: the request body
// ([MS-OXCMAPIHTTP] 2.2.4.2.1) and the response body (2.2.4.2.2), whose
// RopBuffers are read as CallRPC reads rgbIn and rgbOut. A failure response
// body (2.2.4.2.3) is a *mapihttp.StatusError, and the call has no output
// buffer. Either body may be nil.
func (d *Decoder) CallExecute(request, response []byte) (*Call, error) {
	var rgbIn, rgbOut []byte
	var first error
	if request != nil {
		var err error
		if rgbIn, err = mapiexec.RopBuffer(request, false); err != nil {
			first = fmt.Errorf("Execute request body: %w", err)
		}
	}
	if response != nil {
		var err error
		if rgbOut, err = mapiexec.RopBuffer(response, true); err != nil && first == nil {
			first = fmt.Errorf("Execute response body: %w", err)
		}
	}
	c, err := d.CallRPC(rgbIn, rgbOut)
	if first == nil {
		first = err
	}
	return c, first
}

// ropBuffer decodes b as a ROP buffer, the input or output one.
func ropBuffer(b []byte, which string) (*codec.ROPBuffer, error) {
	var rb codec.ROPBuffer
	if err := rb.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("ROP %s buffer: %w", which, err)
	}
	return &rb, nil
}

// rpcBuffers decodes b, RPC_HEADER_EXT-framed payloads, as ROP buffers, up
// to the first that does not decode; nil b is no buffers.
func rpcBuffers(b []byte, which string) ([]*codec.ROPBuffer, error) {
	if b == nil {
		return nil, nil
	}
	ps, err := codec.DecodeRPCPayloads(b)
	if err != nil {
		return nil, fmt.Errorf("rgb%s: %w", map[string]string{"input": "In", "output": "Out"}[which], err)
	}
	var out []*codec.ROPBuffer
	for i, p := range ps {
		rb, err := ropBuffer(p.Data, which)
		if err != nil {
			return out, fmt.Errorf("payload %d: %w", i, err)
		}
		out = append(out, rb)
	}
	return out, nil
}

// firstErr returns the first walk error of c's buffers, naming the buffer.
func (c *Call) firstErr() error {
	for i, b := range c.In {
		if b.Err != nil {
			return fmt.Errorf("ROP input buffer %d: %w", i, b.Err)
		}
	}
	for i, b := range c.Out {
		if b.Err != nil {
			return fmt.Errorf("ROP output buffer %d: %w", i, b.Err)
		}
	}
	return nil
}
