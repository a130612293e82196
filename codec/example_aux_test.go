package codec_test

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
)

func ExampleDecodeAuxBuffer() {
	// An rgbAuxOut (or a MAPI/HTTP AuxiliaryBuffer): an RPC_HEADER_EXT with
	// Last, then an AUX_EXORGINFO block and a block no document describes.
	buf := []byte{
		0x00, 0x00, 0x04, 0x00, 0x0E, 0x00, 0x0E, 0x00, // RPC_HEADER_EXT: 14 bytes of payload
		0x08, 0x00, 0x01, 0x17, 0x01, 0x00, 0x00, 0x00, // AUX_HEADER Version 1, AUX_TYPE_EXORGINFO; OrgFlags
		0x06, 0x00, 0x01, 0x52, 0xAB, 0xCD, // AUX_HEADER Version 1, Type 0x52; two bytes
	}
	blocks, err := codec.DecodeAuxBuffer(buf)
	if err != nil {
		panic(err)
	}
	for _, b := range blocks {
		switch d := b.Data.(type) {
		case *codec.AuxExOrgInfo:
			fmt.Println(b.Type, d.OrgFlags)
		case nil:
			fmt.Printf("%v: % X kept as they are\n", b.Type, b.Raw)
		}
	}
	// Output:
	// AUX_TYPE_EXORGINFO PUBLIC_FOLDERS_ENABLED
	// AuxType(0x52): AB CD kept as they are
}

func ExampleAppendAuxBuffer() {
	// What a client sends at connect, compressed where that helps.
	blocks := []codec.AuxBlock{
		{Version: codec.AuxVersion1, Type: codec.AuxTypePerfClientInfo, Data: &codec.AuxPerfClientInfo{
			AdapterSpeed: 1000000, ClientID: 1, MachineName: "WS-0042", ClientMode: codec.AuxClientModeCached}},
		{Version: codec.AuxVersion2, Type: codec.AuxTypePerfProcessInfo, Data: &codec.AuxPerfProcessInfo{
			ProcessID: 1, ProcessName: "OUTLOOK.EXE"}},
	}
	buf, err := codec.AppendAuxBuffer(nil, blocks, codec.HeaderCompressed)
	if err != nil {
		panic(err)
	}
	back, err := codec.DecodeAuxBuffer(buf)
	if err != nil {
		panic(err)
	}
	fmt.Println(back[0].Data.(*codec.AuxPerfClientInfo).MachineName, back[1].Data.(*codec.AuxPerfProcessInfo).ProcessName)
	for f := range back[0].Data.Fields() {
		if f.Role == codec.FieldOffset {
			fmt.Println(f.Name, f.Uint)
		}
	}
	// Output:
	// WS-0042 OUTLOOK.EXE
	// MachineNameOffset 32
	// UserNameOffset 0
	// ClientIPOffset 0
	// ClientIPMaskOffset 0
	// AdapterNameOffset 0
	// MacAddressOffset 0
}

func ExampleWalkAuxBlocks() {
	payload := []byte{
		0x08, 0x00, 0x01, 0x01, 0x07, 0x00, 0x2A, 0x00, // AUX_PERF_REQUESTID
		0x06, 0x00, 0x01, 0x17, 0x01, 0x00, // AUX_EXORGINFO, its structure cut short
		0x0A, 0x00, 0x01, 0x52, // a Size past the end of the payload
	}
	w := codec.WalkAuxBlocks(payload)
	for w.Next() {
		b := w.Block()
		fmt.Println(w.Offset(), w.Size(), b.Type, b.Err)
	}
	fmt.Println(w.Offset(), w.Err())
	// Output:
	// 0 8 AUX_TYPE_PERF_REQUESTID <nil>
	// 8 6 AUX_TYPE_EXORGINFO codec: AUX_EXORGINFO: OrgFlags at offset 12: unexpected EOF
	// 14 codec: AUX_HEADER: Size at offset 14: unexpected EOF: a block of 10 bytes, 4 left
}
