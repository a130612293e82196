package lz77_test

import (
	"fmt"

	"github.com/ropcodec/ropcodec/lz77"
)

// Compress a buffer, then decompress it into its known size, as an
// RPC_HEADER_EXT carries it in SizeActual.
func Example() {
	data := []byte("abcabcabcabcabcabcabcabcabcabcabcabcabcabcabc, /o=First Organization/ou=Exchange Administrative Group")
	stream := lz77.Compress(nil, data)
	fmt.Printf("%d bytes compress to %d\n", len(data), len(stream))

	back, err := lz77.Decompress(nil, stream, len(data))
	fmt.Println(string(back) == string(data), err)
	// Output:
	// 101 bytes compress to 70
	// true <nil>
}

// The example of [MS-XCA] 3.1: "abc" 100 times is three literals and one
// match, 13 bytes in all.
func ExampleCompress() {
	var data []byte
	for range 100 {
		data = append(data, "abc"...)
	}
	fmt.Printf("% X\n", lz77.Compress(nil, data))
	// Output:
	// FF FF FF 1F 61 62 63 17 00 0F FF 26 01
}

// Appending into a buffer with CompressBound bytes to spare does not
// allocate; neither does decompressing into a buffer with the size to spare.
func ExampleCompressBound() {
	data := []byte("RopGetPropertiesSpecific RopGetPropertiesSpecific RopGetPropertiesSpecific")
	buf := make([]byte, 0, lz77.CompressBound(len(data)))
	buf = lz77.Compress(buf, data)
	out := make([]byte, 0, len(data))
	out, err := lz77.Decompress(out, buf, len(data))
	fmt.Println(len(data), lz77.CompressBound(len(data)), len(buf), string(out) == string(data), err)
	// Output:
	// 74 86 33 true <nil>
}

// A stream that decodes to more bytes than asked is refused, with the offset
// of the element that would write past the size.
func ExampleDecompress_error() {
	stream := lz77.Compress(nil, []byte("abcdefghijklmnopqrstuvwxyz"))
	_, err := lz77.Decompress(nil, stream, 25)
	fmt.Println(err)
	// Output:
	// lz77: literal at offset 29 (output 25): stream decodes to more bytes than the size given
}
