package codec

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/txtar"

	"github.com/ropcodec/ropcodec/internal/memtest"
	"github.com/ropcodec/ropcodec/internal/testvec"
	"github.com/ropcodec/ropcodec/lz77"
)

// outlookFrame is an rgbIn that Outlook 2007 compressed and the payload it
// decompresses to (../lz77/testdata/outlook.txtar says where they come from).
type outlookFrame struct {
	name         string
	rgbIn, plain []byte
}

func outlookFrames(tb testing.TB) []outlookFrame {
	tb.Helper()
	ar, err := txtar.ParseFile("../lz77/testdata/outlook.txtar")
	require.NoError(tb, err)
	var out []outlookFrame
	for i := 0; i+1 < len(ar.Files); i += 2 {
		rgbIn, err := testvec.ParseHex(ar.Files[i].Data)
		require.NoError(tb, err)
		plain, err := testvec.ParseHex(ar.Files[i+1].Data)
		require.NoError(tb, err)
		out = append(out, outlookFrame{ar.Files[i].Name, rgbIn, plain})
	}
	require.Len(tb, out, 2)
	return out
}

// TestRPCPayloadsOutlook decodes two rgbIn buffers that Outlook 2007 sent,
// each one payload with Compressed | Last, into their SizeActual bytes: ROP
// input buffers whose RopSize and handle table fill them exactly.
func TestRPCPayloadsOutlook(t *testing.T) {
	handles := []int{1, 6}
	for i, f := range outlookFrames(t) {
		t.Run(f.name, func(t *testing.T) {
			ps, err := DecodeRPCPayloads(f.rgbIn)
			require.NoError(t, err)
			require.Len(t, ps, 1)
			h := ps[0].Header
			assert.Equal(t, HeaderCompressed|HeaderLast, h.Flags)
			assert.Equal(t, len(f.rgbIn)-8, int(h.Size))
			assert.Equal(t, len(f.plain), int(h.SizeActual))
			assert.Equal(t, f.plain, ps[0].Data)
			rb, n, err := DecodeROPBuffer(ps[0].Data)
			require.NoError(t, err)
			assert.Equal(t, len(f.plain), n)
			assert.Len(t, rb.ServerObjectHandleTable, handles[i])

			// Framed again with compression, it is no larger than Outlook's.
			again, err := AppendRPCPayload(nil, ps[0].Data, HeaderCompressed|HeaderLast)
			require.NoError(t, err)
			assert.LessOrEqual(t, len(again), len(f.rgbIn))
			back, err := DecodeRPCPayloads(again)
			require.NoError(t, err)
			assert.Equal(t, f.plain, back[0].Data)
		})
	}
}

// TestRPCPayloadCompressThenObfuscate checks the order of [MS-OXCRPC]
// 3.1.4.1.1.1.1 with both flags: the sender compresses and then obfuscates,
// the receiver reverts and then decompresses. The [MS-XCA] 3.1 stream for
// "abc" 100 times, XORed with 0xA5, decodes; the stream made the other way
// round (the XORed text compressed) does not decode to the text.
func TestRPCPayloadCompressThenObfuscate(t *testing.T) {
	text := bytes.Repeat([]byte("abc"), 100)
	stream := []byte{0xFF, 0xFF, 0xFF, 0x1F, 0x61, 0x62, 0x63, 0x17, 0x00, 0x0F, 0xFF, 0x26, 0x01}
	frame := func(payload []byte) []byte {
		b := binary.LittleEndian.AppendUint16(nil, 0)
		b = binary.LittleEndian.AppendUint16(b, uint16(HeaderCompressed|HeaderXorMagic|HeaderLast))
		b = binary.LittleEndian.AppendUint16(b, uint16(len(payload)))
		b = binary.LittleEndian.AppendUint16(b, uint16(len(text)))
		return append(b, payload...)
	}
	xored := func(p []byte) []byte {
		out := bytes.Clone(p)
		for i := range out {
			out[i] ^= 0xA5
		}
		return out
	}

	ps, err := DecodeRPCPayloads(frame(xored(stream)))
	require.NoError(t, err)
	assert.Equal(t, text, ps[0].Data)

	wrong := lz77.Compress(nil, xored(text))
	ps, err = DecodeRPCPayloads(frame(wrong))
	if err == nil {
		assert.NotEqual(t, text, ps[0].Data)
	}

	enc, err := AppendRPCPayload(nil, text, HeaderCompressed|HeaderXorMagic|HeaderLast)
	require.NoError(t, err)
	assert.Equal(t, frame(xored(stream)), enc)
}

// TestRPCPayloadsPacked frames payloads with every combination of Compressed
// and XorMagic one after another, as a packed rgbOut (several RPC_HEADER_EXT
// until Last), and checks that each comes back.
func TestRPCPayloadsPacked(t *testing.T) {
	rops, err := testvec.GoldenVectors("../testdata")
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 300)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	datas := [][]byte{testvec.Concat(rops, 32<<10), rops[0], random, nil, testvec.Concat(rops, 5000)}
	flagSets := []RPCHeaderExtFlags{HeaderCompressed | HeaderXorMagic, HeaderCompressed, HeaderXorMagic, 0, HeaderCompressed | HeaderXorMagic | HeaderLast}
	var buf []byte
	for i, d := range datas {
		buf, err = AppendRPCPayload(buf, d, flagSets[i])
		require.NoError(t, err)
	}
	ps, err := DecodeRPCPayloads(buf)
	require.NoError(t, err)
	require.Len(t, ps, len(datas))
	for i, p := range ps {
		want := flagSets[i]
		if i == 2 || i == 3 || len(datas[i]) == 0 {
			want &^= HeaderCompressed
		}
		if i == 2 {
			// Random bytes do not compress: sent as they are, Compressed cleared.
			assert.Equal(t, HeaderXorMagic, p.Header.Flags)
		}
		assert.Equal(t, want&^HeaderCompressed, p.Header.Flags&^HeaderCompressed, "payload %d", i)
		assert.Equal(t, len(datas[i]), int(p.Header.SizeActual), "payload %d", i)
		assert.Equal(t, datas[i], p.Data, "payload %d", i)
		if p.Header.Flags&HeaderCompressed != 0 {
			assert.Less(t, p.Header.Size, p.Header.SizeActual, "payload %d", i)
		}
	}
	assert.Equal(t, HeaderCompressed, ps[0].Header.Flags&HeaderCompressed, "the 32 KB buffer is sent compressed")
}

// TestAppendRPCPayloadIncompressible checks that data compression cannot
// shrink is sent uncompressed, with Compressed cleared, as [MS-OXCRPC]
// 2.2.2.1 requires Size < SizeActual of a compressed payload.
func TestAppendRPCPayloadIncompressible(t *testing.T) {
	data := []byte{1, 2, 3, 4, 5, 6, 7, 8}
	b, err := AppendRPCPayload([]byte{0xEE}, data, HeaderCompressed|HeaderXorMagic|HeaderLast)
	require.NoError(t, err)
	want := []byte{0xEE, 0, 0, 0x06, 0, 8, 0, 8, 0, 0xA4, 0xA7, 0xA6, 0xA1, 0xA0, 0xA3, 0xA2, 0xAD}
	assert.Equal(t, want, b)
}

// TestRPCPayloadSizeLimit checks that DecodeRPCPayloads and
// AppendRPCPayload agree on [MS-OXCRPC] 3.1.4.2.1: a payload of 32 KB is
// written and read, one byte more is refused both ways, compressed or not.
func TestRPCPayloadSizeLimit(t *testing.T) {
	for _, flags := range []RPCHeaderExtFlags{HeaderLast, HeaderCompressed | HeaderLast} {
		limit := make([]byte, MaxPayloadSize)
		b, err := AppendRPCPayload(nil, limit, flags)
		require.NoError(t, err)
		ps, err := DecodeRPCPayloads(b)
		require.NoError(t, err)
		assert.Equal(t, limit, ps[0].Data)

		over := make([]byte, MaxPayloadSize+1)
		_, err = AppendRPCPayload(nil, over, flags)
		assert.ErrorIs(t, err, ErrTooLong)

		// The same payload framed by hand, as a peer that breaks the rule sends it.
		stream := lz77.Compress(nil, over)
		wire := over
		if flags&HeaderCompressed != 0 {
			wire = stream
		}
		hdr := binary.LittleEndian.AppendUint16([]byte{0, 0}, uint16(flags))
		hdr = binary.LittleEndian.AppendUint16(hdr, uint16(len(wire)))
		hdr = binary.LittleEndian.AppendUint16(hdr, uint16(len(over)))
		_, err = DecodeRPCPayloads(append(hdr, wire...))
		assert.ErrorIs(t, err, ErrTooLong)
	}
}

// TestDecodeRPCPayloadsAllocation checks that decoding allocates within a
// small constant of its input: a Payload (32 bytes) per 8-byte header and
// the payload bytes, in three allocations at most, however many frames there
// are. Many empty frames used to cost about 20 bytes per input byte.
func TestDecodeRPCPayloadsAllocation(t *testing.T) {
	var empty []byte
	for range 4095 {
		empty = append(empty, 0, 0, 0, 0, 0, 0, 0, 0)
	}
	empty = append(empty, 0, 0, byte(HeaderLast), 0, 0, 0, 0, 0)
	var packed []byte
	rops, err := testvec.GoldenVectors("../testdata")
	require.NoError(t, err)
	for i, r := range rops {
		flags := []RPCHeaderExtFlags{0, HeaderCompressed, HeaderXorMagic, HeaderCompressed | HeaderXorMagic}[i%4]
		if i == len(rops)-1 {
			flags |= HeaderLast
		}
		packed, err = AppendRPCPayload(packed, bytes.Repeat(r, 3), flags)
		require.NoError(t, err)
	}
	for _, tc := range []struct {
		name string
		in   []byte
	}{{"4096 empty frames", empty}, {"packed ROP vectors", packed}} {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := DecodeRPCPayloads(tc.in)
			require.NoError(t, err)
			payload := 0
			for _, p := range ps {
				payload += len(p.Data)
			}
			allocs := testing.AllocsPerRun(20, func() { _, _ = DecodeRPCPayloads(tc.in) })
			assert.LessOrEqual(t, allocs, 3.0)
			const runs = 20
			got := float64(memtest.Allocated(func() {
				for range runs {
					_, _ = DecodeRPCPayloads(tc.in)
				}
			})) / runs
			bound := 4.5*float64(len(tc.in)) + 2*float64(payload) + 1024
			assert.LessOrEqual(t, got, bound, "bytes allocated for %d input bytes and %d payload bytes", len(tc.in), payload)
			t.Logf("%d input bytes, %d payload bytes: %.0f bytes allocated", len(tc.in), payload, got)
		})
	}
}

// TestAppendRPCPayloadNoAlloc checks that framing into a buffer with room
// allocates nothing, compressed or not.
func TestAppendRPCPayloadNoAlloc(t *testing.T) {
	rops, err := testvec.GoldenVectors("../testdata")
	require.NoError(t, err)
	data := testvec.Concat(rops, 32<<10)
	buf := make([]byte, 0, 8+lz77.CompressBound(len(data)))
	for _, flags := range []RPCHeaderExtFlags{HeaderLast, HeaderXorMagic | HeaderLast, HeaderCompressed | HeaderXorMagic | HeaderLast} {
		allocs := testing.AllocsPerRun(20, func() {
			if _, err := AppendRPCPayload(buf, data, flags); err != nil {
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, "flags %v", flags)
	}
}
