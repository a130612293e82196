package codec

import (
	"bytes"
	"io"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The values a Decoder with ReuseValues hands out by pointer are its own
// (without, new ones), and DecodeInto
// decodes into the caller's value reusing its slices' memory. These tests
// hold both to their documented points: a value must not change before them
// (the input reused, other values decoded), and what they promise to leave
// alone (strings, and for a Decoder slices) must never change.

// backoffBytes is the wire form of a RopBackoff response delaying the ROPs
// ropIDs, each for ms milliseconds.
func backoffBytes(t *testing.T, ms uint32, ropIDs ...uint8) []byte {
	t.Helper()
	r := &RopBackoffResponse{Duration: ms, AdditionalData: []byte("why")}
	for _, id := range ropIDs {
		r.BackoffRopData = append(r.BackoffRopData, BackoffRop{RopIDBackoff: id, Duration: ms})
	}
	b, err := r.MarshalBinary()
	require.NoError(t, err)
	return b
}

// TestDecoderWalks walks with a Decoder and checks each ROP against the
// package's walk, at the step it is handed out: a Decoder's value is valid
// until the next step, not after the walk.
func TestDecoderWalks(t *testing.T) {
	list := outputBuffer(30)
	list = append(list, redirectBytes(t, "GAMMA")...)
	var want []Response
	for r, err := range Responses(list) {
		require.NoError(t, err)
		want = append(want, r)
	}
	d := Decoder{ReuseValues: true}
	for round := range 2 {
		i := 0
		for r, err := range d.Responses(list) {
			require.NoError(t, err)
			require.Less(t, i, len(want))
			assert.Equal(t, want[i], r, "round %d, response %d", round, i)
			i++
		}
		assert.Equal(t, len(want), i, "round %d", round)
	}
	req, err := NewPrivateLogon(0, 0, "/o=Org/cn=Delta").MarshalBinary()
	require.NoError(t, err)
	for r, err := range d.Requests(req) {
		require.NoError(t, err)
		l, ok := r.(*RopLogonRequest)
		if assert.True(t, ok, "Decoder.Requests = %#v", r) {
			assert.Equal(t, "/o=Org/cn=Delta", l.Essdn)
		}
	}
}

// TestDecoderValueHoldsUntilNextStep overwrites the bytes of each ROP as
// soon as a Decoder's walk has handed it out, as a caller that reuses its
// buffer may: the value must not change, since it holds copies, not the
// input.
func TestDecoderValueHoldsUntilNextStep(t *testing.T) {
	list := append(outputBuffer(9), redirectBytes(t, "EPSILON")...)
	list = append(list, backoffBytes(t, 250, 0xFE, 0x12)...)
	var want []Response
	for r, err := range Responses(list) {
		require.NoError(t, err)
		want = append(want, r)
	}
	d := Decoder{ReuseValues: true}
	buf := bytes.Clone(list)
	w := d.WalkResponses(buf)
	i := 0
	for w.Next() {
		require.Less(t, i, len(want))
		got := w.ROP()
		for j := w.Offset(); j < w.InputOffset(); j++ {
			buf[j] = 0xA5
		}
		assert.Equal(t, want[i], got, "response %d after its bytes were overwritten", i)
		assert.Same(t, got, w.ROP(), "response %d: ROP() again", i)
		i++
	}
	require.NoError(t, w.Err())
	assert.Equal(t, len(want), i)

	// The dispatching decoder's value holds while the caller reuses its
	// input for the next request.
	in := redirectBytes(t, "ZETA")
	resp, _, err := d.DecodeRopLogonResponse(in)
	require.NoError(t, err)
	copy(in[8:], "ETA!")
	assert.Equal(t, &RopLogonRedirectResponse{LogonFlags: LogonPrivate, ServerName: "ZETA"}, resp)
}

// TestDecoderReusesValuesNotSlices decodes two RopBackoff responses with one
// Decoder: the second is handed out in the first's value, whose copy kept
// by the caller must keep its BackoffRopData and AdditionalData.
func TestDecoderReusesValuesNotSlices(t *testing.T) {
	d := Decoder{ReuseValues: true}
	first, _, err := d.DecodeResponse(backoffBytes(t, 100, 0x01, 0x02, 0x03))
	require.NoError(t, err)
	kept := *first.(*RopBackoffResponse)
	want, _, err := DecodeRopBackoffResponse(backoffBytes(t, 100, 0x01, 0x02, 0x03))
	require.NoError(t, err)

	second, _, err := d.DecodeResponse(backoffBytes(t, 7, 0xFE, 0xFE))
	require.NoError(t, err)
	assert.Same(t, first, second, "a Decoder hands out one value of each type")
	assert.Equal(t, want, kept, "the copy of the first response after the second was decoded")
	assert.Equal(t, []BackoffRop{{0xFE, 7}, {0xFE, 7}}, second.(*RopBackoffResponse).BackoffRopData)

	// A failure leaves the fields before the bad one, and nothing of the
	// value before.
	bad := backoffBytes(t, 9, 0x05)
	partial, _, err := d.DecodeResponse(bad[:len(bad)-1]) // AdditionalData cut short
	require.Error(t, err)
	assert.Equal(t, &RopBackoffResponse{Duration: 9, BackoffRopData: []BackoffRop{{0x05, 9}}}, partial)
}

// TestDecodeIntoReusesSlices decodes into one value again and again: the
// value equals what the typed decoder gives, the memory of its slices is
// reused when it has room (so that a slice taken from it changes), and its
// strings never change.
func TestDecodeIntoReusesSlices(t *testing.T) {
	var m RopBackoffResponse
	n, err := DecodeInto(&m, backoffBytes(t, 100, 0x01, 0x02, 0x03))
	require.NoError(t, err)
	assert.Equal(t, 27, n)
	taken := m.BackoffRopData

	in := backoffBytes(t, 7, 0xFE, 0xFE)
	want, wantN, err := DecodeRopBackoffResponse(in)
	require.NoError(t, err)
	n, err = DecodeInto(&m, in)
	require.NoError(t, err)
	assert.Equal(t, want, m)
	assert.Equal(t, wantN, n)
	assert.Same(t, &taken[0], &m.BackoffRopData[0], "the list's memory is reused")
	assert.Equal(t, BackoffRop{0xFE, 7}, taken[0], "what a slice taken before shows")

	// An empty list is nil, as the typed decoder gives it.
	_, err = DecodeInto(&m, backoffBytes(t, 3))
	require.NoError(t, err)
	assert.Nil(t, m.BackoffRopData)

	// Strings are never reused: one taken before keeps its bytes.
	var r RopLogonRedirectResponse
	buf := redirectBytes(t, "ALPHA")
	_, err = DecodeInto(&r, buf)
	require.NoError(t, err)
	name := r.ServerName
	copy(buf[8:], "OMEGA")
	_, err = DecodeInto(&r, buf)
	require.NoError(t, err)
	assert.Equal(t, "ALPHA", name)
	assert.Equal(t, "OMEGA", r.ServerName)
}

// TestDecodeIntoAfterFailure decodes a truncated buffer into a value that
// held a whole message: the fields after the bad one must be zero (and its
// slices empty), not what the value held before.
func TestDecodeIntoAfterFailure(t *testing.T) {
	var m ROPBuffer
	full, err := (&ROPBuffer{RopsList: []byte{1, 2, 3}, ServerObjectHandleTable: []uint32{7, 8}}).MarshalBinary()
	require.NoError(t, err)
	_, err = DecodeInto(&m, full)
	require.NoError(t, err)
	n, err := DecodeInto(&m, full[:3])
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Zero(t, n)
	assert.Empty(t, m.RopsList)
	assert.Empty(t, m.ServerObjectHandleTable)
}

// notGenerated is a Message of another package's making.
type notGenerated struct{ Message }

func TestDecodeIntoNotGenerated(t *testing.T) {
	_, err := DecodeInto(notGenerated{}, []byte{0x01})
	assert.ErrorIs(t, err, ErrNotGenerated)
}

// emptySlicesNil returns a copy of the message v (a pointer) in which every
// empty slice is nil, so that a value a decode into reused memory left empty
// compares equal to one a new decode left nil.
func emptySlicesNil(v any) any {
	out := reflect.New(reflect.TypeOf(v).Elem())
	out.Elem().Set(reflect.ValueOf(v).Elem())
	nilEmpty(out.Elem())
	return out.Interface()
}

func nilEmpty(v reflect.Value) {
	switch v.Kind() {
	case reflect.Slice:
		if v.Len() == 0 {
			v.SetZero()
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len()) // the copy's own
		reflect.Copy(c, v)
		v.Set(c)
		for i := range v.Len() {
			nilEmpty(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				nilEmpty(v.Field(i))
			}
		}
	}
}

// TestReuseAllocations holds the allocation floor of the ways to decode
// without allocating: a Decoder's dispatcher and walk hand out its values,
// DecodeInto reuses the caller's, and MarshalBinary allocates its buffer
// once.
func TestReuseAllocations(t *testing.T) {
	priv, err := privateResponse().MarshalBinary()
	require.NoError(t, err)
	var list []byte
	for i := range 30 {
		list, err = (&RopSetColumnsSuccessResponse{InputHandleIndex: uint8(i)}).AppendBinary(list)
		require.NoError(t, err)
		list, err = (&RopSetColumnsFailureResponse{InputHandleIndex: uint8(i), ReturnValue: 0x80040115}).AppendBinary(list)
		require.NoError(t, err)
	}
	list = append(list, redirectBytes(t, "KAPPA")...)
	buffer, err := (&ROPBuffer{RopsList: list, ServerObjectHandleTable: []uint32{1, 2, 3}}).MarshalBinary()
	require.NoError(t, err)
	d := Decoder{ReuseValues: true}
	var into ROPBuffer
	tests := []struct {
		name string
		want float64
		f    func()
	}{
		{"Decoder.DecodeRopLogonResponse, private", 0, func() { _, _, _ = d.DecodeRopLogonResponse(priv) }},
		{"Decoder.Responses over 61 responses, a string seen before", 0, func() {
			w := d.WalkResponses(list)
			for w.Next() {
			}
		}},
		{"DecodeInto a ROPBuffer decoded into before", 0, func() { _, _ = DecodeInto(&into, buffer) }},
		{"RopLogonRequest.MarshalBinary", 1, func() { _, _ = NewPrivateLogon(0, 0, essdn74).MarshalBinary() }},
		{"DecodeRopLogonResponse, private", 1, func() { _, _, _ = DecodeRopLogonResponse(priv) }},
	}
	for _, tt := range tests {
		tt.f() // the Decoder's values and the ROPBuffer's memory, once
		assert.Equal(t, tt.want, testing.AllocsPerRun(100, tt.f), tt.name)
	}
}

// TestDecoderNewValuesByDefault holds a Decoder without ReuseValues to new
// values, as code that keeps them across calls (a session's requests, paired
// later with their responses) needs.
func TestDecoderNewValuesByDefault(t *testing.T) {
	var d Decoder
	first, _, err := d.DecodeResponse(backoffBytes(t, 100, 0x01))
	require.NoError(t, err)
	second, _, err := d.DecodeResponse(backoffBytes(t, 7, 0x02))
	require.NoError(t, err)
	assert.NotSame(t, first, second)
	assert.Equal(t, uint32(100), first.(*RopBackoffResponse).Duration, "the first value after the second decode")
}
