package codec_test

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

func ExampleDecodeRopLogonResponse() {
	// A redirect: RopId, OutputHandleIndex, ReturnValue ecWrongServer,
	// LogonFlags Private, ServerNameSize 5, "BETA" and its NUL.
	buf := []byte{0xFE, 0x00, 0x78, 0x04, 0x00, 0x00, 0x01, 0x05, 'B', 'E', 'T', 'A', 0x00}
	resp, n, err := codec.DecodeRopLogonResponse(buf)
	if err != nil {
		panic(err)
	}
	fmt.Println(n, errors.LogonActionFor(resp.Status()))
	if r, ok := resp.(*codec.RopLogonRedirectResponse); ok {
		fmt.Println(r.ServerName, r.LogonFlags)
	}
	// Output:
	// 13 Redirect
	// BETA Private
}

func ExampleNewPrivateLogon() {
	req := codec.NewPrivateLogon(0, 0, "/o=Org/cn=Bart")
	b, err := req.MarshalBinary()
	if err != nil {
		panic(err)
	}
	fmt.Printf("% X\n", b[:14])
	fmt.Println(req.OpenFlags)
	// Output:
	// FE 00 00 01 00 00 00 01 00 00 00 00 0F 00
	// USE_PER_MDB_REPLID_MAPPING
}

func ExampleResponses() {
	// The [MS-OXCROPS] 4.6 output buffer: a RopSetColumns response and a
	// RopBackoff response, then a handle table of one entry.
	var buf codec.ROPBuffer
	err := buf.UnmarshalBinary([]byte{0x12, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF9, 0x00, 0x34, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00})
	if err != nil {
		panic(err)
	}
	for rop, err := range codec.Responses(buf.RopsList) {
		if err != nil {
			panic(err)
		}
		switch r := rop.(type) {
		case *codec.RopBackoffResponse:
			fmt.Printf("RopBackoff: retry the logon after %d ms\n", r.Duration)
		default:
			fmt.Printf("%T\n", r)
		}
	}
	fmt.Printf("handles: %#x\n", buf.ServerObjectHandleTable)
	// Output:
	// *codec.RopSetColumnsSuccessResponse
	// RopBackoff: retry the logon after 4660 ms
	// handles: [0x28]
}

func ExampleOpenFlags_AlternateServerRetry() {
	req := codec.NewAlternateServerLogon(0, 0)
	fmt.Println(req.OpenFlags)
	fmt.Println(req.OpenFlags.AlternateServerRetry())
	// Output:
	// PUBLIC|ALTERNATE_SERVER
	// PUBLIC|IGNORE_HOME_MDB
}

func ExampleDecoder() {
	// Two captures of the same redirect, read into one reused buffer.
	capture := []byte{0xFE, 0x00, 0x78, 0x04, 0x00, 0x00, 0x01, 0x05, 'B', 'E', 'T', 'A', 0x00}
	buf := make([]byte, len(capture))
	var d codec.Decoder
	var names []string
	for range 2 {
		copy(buf, capture)
		resp, _, err := d.DecodeRopLogonRedirectResponse(buf)
		if err != nil {
			panic(err)
		}
		names = append(names, resp.ServerName) // the second is the first string again
		clear(buf)                             // the strings do not share the buffer
	}
	fmt.Println(names)
	// Output:
	// [BETA BETA]
}

func ExampleDecoder_Responses() {
	// Two RopBackoff responses in one output buffer: with a Decoder that
	// reuses its values the walk hands out the Decoder's own value, the same
	// for both, so a response kept past its step is copied (its slices are
	// never reused).
	list := []byte{
		0xF9, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // 16 ms
		0xF9, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // 32 ms
	}
	d := codec.Decoder{ReuseValues: true}
	var kept []codec.RopBackoffResponse
	for resp, err := range d.Responses(list) {
		if err != nil {
			panic(err)
		}
		if b, ok := resp.(*codec.RopBackoffResponse); ok {
			kept = append(kept, *b)
		}
	}
	fmt.Println(kept[0].Duration, kept[1].Duration)
	// Output:
	// 16 32
}

func ExampleDecodeInto() {
	// ROP output buffers read one after another into one ROPBuffer: after
	// the first, only the strings a decode returns are allocated, since
	// the RopsList and the handle table reuse the memory of the last.
	outputs := [][]byte{
		{0x09, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00},
		{0x09, 0x00, 0x12, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00},
	}
	var buf codec.ROPBuffer
	for _, out := range outputs {
		if _, err := codec.DecodeInto(&buf, out); err != nil {
			panic(err)
		}
		fmt.Printf("% X, handles %v\n", buf.RopsList, buf.ServerObjectHandleTable)
	}
	// Output:
	// 12 00 00 00 00 00 00, handles [1]
	// 12 01 00 00 00 00 00, handles [2]
}

func ExampleNewPublicStoreEntryID() {
	e := codec.NewPublicStoreEntryID("PF1")
	if err := e.SetV2Tail("/o=Org/cn=Configuration/cn=Servers/cn=PF1", "pf1.example.com"); err != nil {
		panic(err)
	}
	b, err := e.MarshalBinary()
	if err != nil {
		panic(err)
	}
	back, _, err := codec.DecodeStoreEntryID(b)
	if err != nil {
		panic(err)
	}
	tail, err := back.Tail()
	if err != nil {
		panic(err)
	}
	fmt.Println(back.ServerShortname, back.WrappedTypeFlags(), back.MailboxDN == "")
	fmt.Println(tail.Version, tail.ServerFQDN)
	// Output:
	// PF1 OPENSTORE_PUBLIC|OPENSTORE_HOME_LOGON true
	// 2 pf1.example.com
}

func ExampleStoreEntryID_Tail() {
	// A v3 Store EntryID as Outlook writes it: Size (0x34 here) counts the
	// whole tail, its two reserved bytes included.
	e, err := codec.NewStoreEntryIDV3("S", "/o=Org/cn=Bart", "bart@example.com")
	if err != nil {
		panic(err)
	}
	tail, err := e.Tail()
	if err != nil {
		panic(err)
	}
	fmt.Printf("Size 0x%X of %d bytes: %s\n", e.Extension[4], len(e.Extension), tail.SMTPAddress)
	// Output:
	// Size 0x34 of 52 bytes: bart@example.com
}

func ExampleWalkResponses() {
	// A RopSetColumns response and a RopBackoff response, as in the
	// [MS-OXCROPS] 4.6 output buffer, then a RopId the package lacks.
	list := []byte{0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF9, 0x00, 0x34, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}
	w := codec.WalkResponses(list)
	for w.Next() {
		fmt.Printf("%s at offset %d, %d bytes\n", w.ROP().Info().Title, w.Offset(), w.Size())
	}
	fmt.Println(w.Err())
	// Output:
	// RopSetColumns success response at offset 0, 7 bytes
	// RopBackoff response at offset 7, 9 bytes
	// codec: RopId at offset 16: unsupported RopId 0x00
}

func ExampleLookupROP() {
	r := codec.LookupROP(0xFE)
	fmt.Println(r.Name, r.Request.Type)
	for _, resp := range r.Responses {
		fmt.Println(resp.Title)
	}
	fmt.Println(codec.LookupROP(0x00) == nil)
	// Output:
	// RopLogon RopLogonRequest
	// RopLogon success response for private mailboxes
	// RopLogon success response for public folders
	// RopLogon redirect response
	// RopLogon failure response
	// true
}

func ExampleField() {
	redirect := &codec.RopLogonRedirectResponse{LogonFlags: codec.LogonPrivate, ServerName: "BETA"}
	for f := range redirect.Fields() {
		fmt.Printf("%s: %v (%d bytes)\n", f.Name, f.Value, f.Size)
	}
	// Output:
	// RopId: 254 (1 bytes)
	// OutputHandleIndex: 0 (1 bytes)
	// ReturnValue: ecWrongServer (EC 0x00000478) (4 bytes)
	// LogonFlags: Private (1 bytes)
	// ServerNameSize: 5 (1 bytes)
	// ServerName: BETA (5 bytes)
}

// The README shows this example's body; TestREADMESnippets (in the module's
// root package) keeps the two the same.
func Example_logon() {
	// A RopLogon request for Bart's private mailbox, in a ROP input buffer
	// with one handle slot for the logon's output handle.
	req := codec.NewPrivateLogon(0, 0, "/o=First Organization/cn=Recipients/cn=Bart")
	rops, err := req.MarshalBinary()
	if err != nil {
		panic(err) // an ESSDN that is not ASCII, or too long
	}
	in := codec.ROPBuffer{RopsList: rops, ServerObjectHandleTable: []uint32{0xFFFFFFFF}}
	if _, err := in.MarshalBinary(); err != nil {
		panic(err)
	}

	// The server answers from the output buffer's RopsList: a redirect.
	out := []byte{0xFE, 0x00, 0x78, 0x04, 0x00, 0x00, 0x01, 0x05, 'B', 'E', 'T', 'A', 0x00}
	resp, n, err := codec.DecodeRopLogonResponse(out)
	if err != nil {
		panic(err) // a *codec.DecodeError: which ROP, field and offset
	}
	switch errors.LogonActionFor(resp.Status()) {
	case errors.LogonRedirect:
		fmt.Println("log on again at", resp.(*codec.RopLogonRedirectResponse).ServerName)
	case errors.LogonServerPaused:
		fmt.Println("too many redirects: back off")
	}
	fmt.Println(n, "bytes")
	// Output:
	// log on again at BETA
	// 13 bytes
}

// The README shows this example's body; TestREADMESnippets (in the module's
// root package) keeps the two the same.
func Example_walk() {
	// The ROP output buffer of the [MS-OXCROPS] 4.6 example: RopSize, a
	// RopSetColumns response and a RopBackoff response, then the handle table.
	out := []byte{0x12, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF9, 0x00, 0x34, 0x12,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00}
	var buf codec.ROPBuffer
	if err := buf.UnmarshalBinary(out); err != nil {
		panic(err)
	}
	w := codec.WalkResponses(buf.RopsList)
	for w.Next() {
		switch r := w.ROP().(type) {
		case *codec.RopBackoffResponse:
			fmt.Printf("offset %d: back off logon %d for %d ms\n", w.Offset(), r.LogonID, r.Duration)
		default:
			fmt.Printf("offset %d: %s, %d bytes\n", w.Offset(), r.Info().Title, w.Size())
		}
	}
	if err := w.Err(); err != nil {
		fmt.Println(err) // a RopId without a layout, or a malformed field, ends the walk
	}
	fmt.Printf("handles: %#x\n", buf.ServerObjectHandleTable)
	// Output:
	// offset 0: RopSetColumns success response, 7 bytes
	// offset 7: back off logon 0 for 4660 ms
	// handles: [0x28]
}
