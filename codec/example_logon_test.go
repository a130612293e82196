package codec_test

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// A RopSetMessageReadFlag request carries ClientData only on a public folders
// logon, which its bytes do not say: the Decoder is told the kind of each
// logon, as the session decoder tells it from the RopLogon that opened it.
func ExampleDecoder_SetLogon() {
	req := []byte{0x11, 0x00, 0x01, 0x02, 0x01} // RopId, LogonId 0, ResponseHandleIndex, InputHandleIndex, ReadFlags
	var d codec.Decoder
	_, _, err := d.DecodeRequest(req)
	fmt.Println(errors.Is(err, codec.ErrNeedsLogonContext))

	d.SetLogon(0, false) // logon 0 is to a private mailbox: no ClientData
	r, n, err := d.DecodeRequest(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := r.(*codec.RopSetMessageReadFlagRequest)
	fmt.Println(n, m.PublicLogon, m.ReadFlags)
	// Output:
	// true
	// 5 false rfSuppressReceipt
}
