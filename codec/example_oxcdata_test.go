package codec_test

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
)

// A RopQueryRows response does not say what its rows hold: they are laid out
// by the columns RopSetColumns set on the table (MessageInfo.Columns is
// ColumnsFromTable). A Decoder given them decodes the rows; without them the rows
// stay bytes. The bytes are the response of the [MS-OXORULE] 4.2.2 example.
func ExampleDecoder_SetColumns() {
	resp := []byte{0x15, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x00,
		0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x3F, 0xF8, 0x56,
		0x10, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x55, 0x55, 0x55, 0x55, 0xD1, 0x44, 0xE3, 0x40,
		0x50, 0x00, 0x72, 0x00, 0x6F, 0x00, 0x6A, 0x00, 0x65, 0x00, 0x63, 0x00, 0x74, 0x00, 0x20, 0x00, 0x58, 0x00, 0x00, 0x00}

	r, _, err := codec.DecodeResponse(resp)
	if err != nil {
		panic(err)
	}
	rows := r.(*codec.RopQueryRowsSuccessResponse).RowData
	fmt.Println(r.Info().Columns+":", rows.Undecoded())

	var d codec.Decoder
	d.SetColumns([]codec.PropertyTag{
		codec.NewPropertyTag(0x66740014), // PidTagRuleId
		codec.NewPropertyTag(0x66840102), // PidTagRuleProviderData
		codec.NewPropertyTag(0x6682001F), // PidTagRuleName
	})
	r, _, err = d.DecodeResponse(resp)
	if err != nil {
		panic(err)
	}
	row := r.(*codec.RopQueryRowsSuccessResponse).RowData.Rows[0]
	for i, v := range row.Values {
		fmt.Printf("%s: %v\n", row.Columns[i].Name(), v)
	}
	// Output:
	// table: rows not decoded: their columns are not known
	// PidTagRuleId: 6266828155013562369
	// PidTagRuleProviderData: [16] 01 00 00 00 01 00 00 00 55 55 55 55 D1 44 E3 40
	// PidTagRuleName: "Project X"
}

// A restriction decodes to its structure, which reads as an expression.
func ExampleDecodeRestriction() {
	// AND(EXISTS PidTagSubject, NOT(PidTagMessageClass starts with "IPM.Note", ignoring case))
	b := []byte{0x00, 0x02, 0x00,
		0x08, 0x1F, 0x00, 0x37, 0x00,
		0x02, 0x03, 0x02, 0x00, 0x01, 0x00, 0x1F, 0x00, 0x1A, 0x00,
		0x1F, 0x00, 0x1A, 0x00, 'I', 0, 'P', 0, 'M', 0, '.', 0, 'N', 0, 'o', 0, 't', 0, 'e', 0, 0, 0}
	r, n, err := codec.DecodeRestriction(b)
	if err != nil {
		panic(err)
	}
	fmt.Println(n, r)
	// Output:
	// 40 (EXISTS PidTagSubject AND NOT (PidTagMessageClass STARTS WITH "IPM.Note" (IgnoreCase)))
}
