package codec

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/ropcodec/ropcodec/errors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goldenBytes returns the bytes of the golden vector vec of archive name.
func goldenBytes(t *testing.T, name, vec string) []byte {
	t.Helper()
	return loadGolden(t, name).hex(t, vec+".hex")
}

func TestRestrictionString(t *testing.T) {
	for _, tc := range []struct{ archive, vec, decoder, want string }{
		{"oxcdata-structures.txtar", "restriction-or", "DecodeRestriction",
			"(PidTagMessageFlags == PidTagMessageSize OR PidTagMessageFlags & 0x00000001 != 0 OR SIZE(PidTagEntryId) > 256" +
				" OR ANY PidTagMessageRecipients (EXISTS PidTagDisplayName)" +
				` OR AT MOST 3 OF (EXISTS PidTagMessageFlags) /* PidTagDisplayName = "A" */)`},
		{"oxcdata-table-rops.txtar", "restrict-request", "DecodeRopRestrictRequest",
			`(EXISTS PidTagSubject AND NOT (PidTagMessageClass STARTS WITH "IPM.Note" (IgnoreCase)))`},
		{"oxcdata-table-rops.txtar", "findrow-request", "DecodeRopFindRowRequest", `PidTagSubject == "Hi"`},
	} {
		v, _, err := packageDecoders[tc.decoder](goldenBytes(t, tc.archive, tc.vec))
		require.NoError(t, err, tc.vec)
		var r Restriction
		switch x := v.(type) {
		case Restriction:
			r = x
		case *RopRestrictRequest:
			r = x.RestrictionData
		case *RopFindRowRequest:
			r = x.RestrictionData
		}
		assert.Equal(t, tc.want, fmt.Sprint(r), tc.vec)
	}
}

// TestEveryRestrictionHasString checks, through the registry, that every
// member of the Restriction variant reads as an expression: a member added
// to the variant table needs its String in restriction_string.go.
func TestEveryRestrictionHasString(t *testing.T) {
	members := 0
	for _, mi := range Messages() {
		if r, ok := mi.New().(Restriction); ok {
			members++
			_, ok := r.(fmt.Stringer)
			assert.True(t, ok, "%s has no String method", mi.Type)
		}
	}
	assert.Equal(t, 12, members, "the 12 restriction types of [MS-OXCDATA] 2.12")
}

// notChain is n NotRestrictions around an ExistRestriction.
func notChain(n int) Restriction {
	var r Restriction = &ExistRestriction{PropTag: NewPropertyTag(0x0037001F)}
	for range n {
		r = &NotRestriction{Restriction: r}
	}
	return r
}

func TestRestrictionDepth(t *testing.T) {
	ok, err := notChain(MaxRestrictionDepth - 1).MarshalBinary()
	require.NoError(t, err, "%d restrictions deep", MaxRestrictionDepth)
	v, n, err := DecodeRestriction(ok)
	require.NoError(t, err)
	assert.Equal(t, len(ok), n)
	assert.Equal(t, notChain(MaxRestrictionDepth-1), v)

	deep := append([]byte{0x02}, ok...) // one NotRestriction more
	_, _, err = DecodeRestriction(deep)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.ErrorIs(t, err, ErrTooDeep)
	assert.Equal(t, MaxRestrictionDepth, de.Offset, "at the restriction past the limit")

	req := &RopRestrictRequest{RestrictionData: notChain(MaxRestrictionDepth)}
	out, err := req.AppendBinary([]byte{0xAA})
	assert.ErrorIs(t, err, ErrTooDeep, "encoders refuse what decoders refuse")
	assert.Equal(t, []byte{0xAA}, out)

	// A cycle, which only a program can build, is refused, not followed.
	loop := &NotRestriction{}
	loop.Restriction = loop
	_, err = (&RopRestrictRequest{RestrictionData: loop}).MarshalBinary()
	assert.ErrorIs(t, err, ErrTooDeep)
}

func TestPropertyValueString(t *testing.T) {
	for _, tc := range []struct {
		v    PropertyValue
		want string
	}{
		{PropertyValue{Type: PtypInteger32, Uint: 0xFFFFFFFF}, "-1"},
		{PropertyValue{Type: PtypInteger16, Uint: 0xFFFE}, "-2"},
		{PropertyValue{Type: PtypBoolean, Uint: 1}, "true"},
		{PropertyValue{Type: PtypFloating64, Uint: 0x3FF8000000000000}, "1.5"},
		{PropertyValue{Type: PtypCurrency, Uint: uint64(12345678)}, "1234.5678"},
		{PropertyValue{Type: PtypErrorCode, Uint: 0x8004010F}, "ecNotFound (0x8004010F)"},
		{PropertyValue{Type: PtypTime, Uint: 0x01D93A5B00000000}, "2023-02-06T18:44:10.0575232Z"},
		{PropertyValue{Type: PtypString, Text: "Inbox"}, `"Inbox"`},
		{PropertyValue{Type: PtypBinary, Bytes: []byte{1, 2, 0xAB}}, "[3] 01 02 AB"},
		{PropertyValue{Type: PtypMultipleString, Strings: []string{"a", "b"}}, `["a", "b"]`},
		{PropertyValue{Type: PtypMultipleInteger32, Uints: []uint64{1, 0xFFFFFFFF}}, "[1, -1]"},
		{PropertyValue{Type: PtypNull}, "null"},
	} {
		assert.Equal(t, tc.want, tc.v.String(), "%v", tc.v.Type)
	}
	assert.Equal(t, errors.EcNotFound, PropertyValue{Type: PtypErrorCode, Uint: 0x8004010F}.EC())
}

// TestRowsWithoutColumns decodes the [MS-OXORULE] 4.2.2 RopQueryRows
// response without its columns: the rows stay bytes, with the reason, and
// the response encodes back byte for byte.
func TestRowsWithoutColumns(t *testing.T) {
	b := goldenBytes(t, "oxcdata-table-rops.txtar", "ms-oxorule-4.2.2")
	r, n, err := DecodeResponse(b)
	require.NoError(t, err)
	assert.Equal(t, len(b), n)
	q := r.(*RopQueryRowsSuccessResponse)
	assert.Equal(t, uint16(1), q.RowCount)
	assert.Equal(t, b[9:], q.RowData.Raw)
	assert.ErrorIs(t, q.RowData.Undecoded(), ErrNoColumns)
	assert.Equal(t, "47 bytes, rows not decoded: their columns are not known", q.RowData.String())
	assert.Equal(t, "table", q.Info().Columns)

	var d Decoder
	d.SetColumns([]PropertyTag{NewPropertyTag(0x66740014), NewPropertyTag(0x66840102), NewPropertyTag(0x6682001F)})
	r, _, err = d.DecodeResponse(b)
	require.NoError(t, err)
	q = r.(*RopQueryRowsSuccessResponse)
	require.NoError(t, q.RowData.Undecoded())
	assert.Equal(t, `{PidTagRuleId: 6266828155013562369, PidTagRuleProviderData: [16] 01 00 00 00 01 00 00 00 55 55 55 55 D1 44 E3 40, PidTagRuleName: "Project X"}`,
		q.RowData.Rows[0].String())
	d.ForgetColumns()
	_, known := d.Columns()
	assert.False(t, known)

	// SetColumns copies the columns; SetColumnsShared lays the rows out by
	// the caller's slice itself.
	cols := []PropertyTag{NewPropertyTag(0x66740014), NewPropertyTag(0x66840102), NewPropertyTag(0x6682001F)}
	d.SetColumns(cols)
	r, _, err = d.DecodeResponse(b)
	require.NoError(t, err)
	assert.NotSame(t, &cols[0], &r.(*RopQueryRowsSuccessResponse).RowData.Rows[0].Columns[0])
	d.SetColumnsShared(cols)
	r, _, err = d.DecodeResponse(b)
	require.NoError(t, err)
	assert.Same(t, &cols[0], &r.(*RopQueryRowsSuccessResponse).RowData.Rows[0].Columns[0])
	d.SetColumnsShared(nil)
	got, known := d.Columns()
	assert.True(t, known)
	assert.NotNil(t, got, "no columns, known")
}

// TestSetColumnsNone checks that no columns, nil as much as empty, are known
// columns, none of them, not unknown columns: SetColumns keeps them as the
// empty, non-nil column set that a message's field of no columns gives its
// rows (setColumns), which their encoders tell from rows kept as bytes.
func TestSetColumnsNone(t *testing.T) {
	for _, cols := range [][]PropertyTag{nil, {}} {
		var d Decoder
		d.SetColumns(cols)
		got, known := d.Columns()
		assert.True(t, known, "SetColumns(%#v)", cols)
		assert.NotNil(t, got, "SetColumns(%#v)", cols)
		assert.Empty(t, got, "SetColumns(%#v)", cols)
	}
}

// TestRowSetBound refuses rows whose values would outnumber their bytes many
// times over (PtypNull placeholder columns take no bytes), before allocating.
func TestRowSetBound(t *testing.T) {
	cols := make([]PropertyTag, 1000)
	for i := range cols {
		cols[i] = NewPropertyTag(0x00010001) // PR_NULL
	}
	var d Decoder
	d.SetColumns(cols)
	rows := bytes.Repeat([]byte{0x00}, 100) // 100 standard rows of nothing but placeholders
	b := append([]byte{0x15, 0x00, 0, 0, 0, 0, 0x02, 100, 0}, rows...)
	_, _, err := d.DecodeResponse(b)
	assert.ErrorIs(t, err, ErrTooManyValues)

	d.SetColumns(cols[:8]) // 8 placeholders a row: within the bound
	_, n, err := d.DecodeResponse(b)
	require.NoError(t, err)
	assert.Equal(t, len(b), n)
}

func TestPropertyTagNames(t *testing.T) {
	tag := NewPropertyTag(0x3001001F)
	assert.Equal(t, "PidTagDisplayName", tag.Name())
	assert.Equal(t, "PidTagDisplayName (0x3001001F)", tag.String())
	assert.Equal(t, PtypString, tag.Type())
	name, typ := NewPropertyTag(0x3001001E).NameByID()
	assert.Equal(t, "PidTagDisplayName", name, "the PtypString8 form Outlook asks for")
	assert.Equal(t, PtypString, typ)
	assert.Equal(t, "", NewPropertyTag(0x3001001E).Name(), "no exact tag")
	got, ok := LookupPropertyTag("PidTagEntryId")
	assert.True(t, ok)
	assert.Equal(t, uint32(0x0FFF0102), got.Tag())
	assert.Equal(t, "0x12340003", NewPropertyTag(0x12340003).String())
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = tag.Name() }), "the look-up allocates nothing")
	assert.Equal(t, "PtypMultipleBinary", PtypMultipleBinary.String())
	assert.Equal(t, "PropertyType(0x0123)", PropertyType(0x0123).String())
	assert.Equal(t, PtypString, PropertyType(0x301F).ValueType(), "one value of a multivalued column")
}

// TestValueErrors checks the typed errors of values a decoder cannot lay
// out: a type the table does not list, and PtypObject, which has no form.
func TestValueErrors(t *testing.T) {
	_, _, err := DecodeTaggedPropertyValue([]byte{0x23, 0x01, 0x00, 0x80, 0x00})
	assert.ErrorIs(t, err, ErrUnknownPropertyType)
	_, _, err = DecodeTaggedPropertyValue([]byte{0x0D, 0x00, 0x00, 0x80, 0x00})
	assert.ErrorIs(t, err, ErrNoWireForm)
	_, err = (&TaggedPropertyValue{PropertyTag: NewPropertyTag(0x80000003), PropertyValue: PropertyValue{Type: PtypString}}).MarshalBinary()
	assert.ErrorIs(t, err, ErrUnexpectedValue, "a value of another type than its tag's")
	_, err = (&TaggedPropertyValue{PropertyTag: NewPropertyTag(0x80000003), PropertyValue: PropertyValue{Type: PtypInteger32, Text: "x"}}).MarshalBinary()
	assert.ErrorIs(t, err, ErrUnexpectedValue, "a member the type does not use")
}

// TestRegistryColumns checks which layouts say where their columns come from.
func TestRegistryColumns(t *testing.T) {
	want := map[string]string{
		"RopQueryRowsSuccessResponse":             "table",
		"RopFindRowSuccessResponse":               "table",
		"RopExpandRowSuccessResponse":             "table",
		"RopGetPropertiesSpecificSuccessResponse": "request.PropertyTags",
		"RopReadRecipientsSuccessResponse":        "recipients",
		"RopNotifyResponse":                       "table",
	}
	for _, mi := range Messages() {
		assert.Equal(t, want[mi.Type], mi.Columns, mi.Type)
	}
	assert.True(t, strings.HasPrefix(new(RopOpenMessageSuccessResponse).Info().Source, "[MS-OXCROPS] 2.2.6.1.2"))
}
