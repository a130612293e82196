package codec

import (
	"testing"

	"github.com/ropcodec/ropcodec/internal/benchcopy"
)

// queryRows32K is a RopQueryRows response of about 32 KB: rows of a contents
// table's usual columns (a subject, a size, flags, a delivery time, an
// EntryID), and the columns that lay them out.
func queryRows32K(tb testing.TB) ([]byte, []PropertyTag) {
	cols := []PropertyTag{NewPropertyTag(0x0037001F), NewPropertyTag(0x0E080003), NewPropertyTag(0x0E070003),
		NewPropertyTag(0x0E060040), NewPropertyTag(0x0FFF0102)}
	row := PropertyRow{Columns: cols, Values: []RowValue{
		{Type: PtypString, Value: PropertyValue{Type: PtypString, Text: "Quarterly report: figures for the third quarter"}},
		{Type: PtypInteger32, Value: PropertyValue{Type: PtypInteger32, Uint: 20480}},
		{Type: PtypInteger32, Value: PropertyValue{Type: PtypInteger32, Uint: 1}},
		{Type: PtypTime, Value: PropertyValue{Type: PtypTime, Uint: 0x01D93A5B12345678}},
		{Type: PtypBinary, Value: PropertyValue{Type: PtypBinary, Bytes: make([]byte, 70)}},
	}}
	resp := &RopQueryRowsSuccessResponse{Origin: 1}
	for resp.RowData.size() < 32<<10-200 {
		resp.RowData.Rows = append(resp.RowData.Rows, row)
	}
	resp.RowCount = uint16(len(resp.RowData.Rows))
	b, err := resp.MarshalBinary()
	if err != nil {
		tb.Fatal(err)
	}
	return b, cols
}

// BenchmarkQueryRows32K decodes a 32 KB RopQueryRows response, its rows laid
// out by their columns, beside a copy of it; and without the columns, the
// rows kept as bytes.
func BenchmarkQueryRows32K(b *testing.B) {
	in, cols := queryRows32K(b)
	var d Decoder
	d.SetColumns(cols)
	b.Run("columns", func(b *testing.B) {
		benchcopy.VsCopy(b, len(in), func(calls int) {
			for range calls {
				_, sinkInt, _ = d.DecodeResponse(in)
			}
		})
	})
	b.Run("bytes", func(b *testing.B) {
		benchcopy.VsCopy(b, len(in), func(calls int) {
			for range calls {
				_, sinkInt, _ = DecodeResponse(in)
			}
		})
	})
}

// BenchmarkQueryRows32KEncode encodes the rows back into a buffer with room.
func BenchmarkQueryRows32KEncode(b *testing.B) {
	in, cols := queryRows32K(b)
	var d Decoder
	d.SetColumns(cols)
	resp, _, err := d.DecodeResponse(in)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, len(in))
	benchcopy.VsCopy(b, len(in), func(calls int) {
		for range calls {
			sinkBytes, _ = resp.AppendBinary(buf[:0])
		}
	})
}

func TestQueryRows32KRoundTrip(t *testing.T) {
	in, cols := queryRows32K(t)
	if len(in) < 31<<10 || len(in) > 32<<10 {
		t.Fatalf("the response is %d bytes, want about 32 KB", len(in))
	}
	var d Decoder
	d.SetColumns(cols)
	resp, n, err := d.DecodeResponse(in)
	if err != nil || n != len(in) {
		t.Fatalf("DecodeResponse: %d of %d bytes, %v", n, len(in), err)
	}
	buf := make([]byte, 0, len(in))
	if allocs := testing.AllocsPerRun(10, func() { sinkBytes, _ = resp.AppendBinary(buf[:0]) }); allocs != 0 {
		t.Errorf("encoding into a buffer with room allocates %v times", allocs)
	}
}
