package session_test

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
	"github.com/ropcodec/ropcodec/session"
)

// unhex reads hex with spaces.
func unhex(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

// The [MS-OXORULE] 4.2 example: RopGetRulesTable, RopSetColumns and
// RopQueryRows in one call. The rows of the RopQueryRows response follow the
// columns RopSetColumns set on the new table.
func ExampleDecoder_Call() {
	in := unhex("2000 3F00000140 120001000300 14007466 02018466 1F008266 15000100013200 23020000 FFFFFFFF")
	out := unhex("4700 3F0100000000 12010000000000 150100000000020100" +
		"00 01000000013FF856 1000010000000100000055555555D144E340 500072006F006A00650063007400200058000000" +
		" 23020000 210A0000")
	d := session.NewDecoder(session.Limits{})
	c, err := d.Call(in, out)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range c.Pairs {
		fmt.Printf("%s: %v\n", p.Request.Info().ROP, p.Response.Status())
	}
	rows := c.Pairs[2].Response.(*codec.RopQueryRowsSuccessResponse).RowData
	fmt.Println(rows.Rows[0].Values[2].Value)
	table, _ := d.Object(0x0A21)
	fmt.Println(table.Columns)
	// Output:
	// RopGetRulesTable: <nil>
	// RopSetColumns: <nil>
	// RopQueryRows: <nil>
	// "Project X"
	// [PidTagRuleId (0x66740014) PidTagRuleProviderData (0x66840102) PidTagRuleName (0x6682001F)]
}

// A RopQueryRows on a table opened before the first buffer the decoder saw:
// its row is kept as bytes, and the pair says why.
func ExampleContextError() {
	in := unhex("0900 15000000010A00 2A000000")
	out := unhex("1800 150000000000020100 00 49006E0062006F0078000000 2A000000")
	d := session.NewDecoder(session.Limits{})
	c, _ := d.Call(in, out)
	var ce *session.ContextError
	if errors.As(c.Pairs[0].Err, &ce) {
		fmt.Println(ce.Needs)
		fmt.Println(errors.Is(ce, session.ErrNoObject))
	}
	fmt.Println(c.Pairs[0].Response.(*codec.RopQueryRowsSuccessResponse).RowData)
	// Output:
	// table
	// true
	// 13 bytes, rows not decoded: their columns are not known
}
