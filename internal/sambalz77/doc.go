// Package sambalz77 calls Samba's Plain LZ77 ([MS-XCA] 2.3 and 2.4)
// compressor and decompressor, lzxpress_compress and lzxpress_decompress,
// which Debian's samba-libs exports from libndr-samba-samba4.so.0, so that
// tests can check the lz77 package against an independent implementation.
//
// The binding is built only with the build tag samba and cgo, and loads the
// library with dlopen when Open is called, so that it builds where the
// library is absent. Without the tag, or without the library, Open returns an
// error that says why; tests skip with it.
package sambalz77

import "errors"

// LibraryEnv names an environment variable that, when set, gives the path of
// the library to load instead of the usual places.
const LibraryEnv = "ROPCODEC_SAMBA_LIB"

// ErrNotBuilt is what Open returns in a build without the samba tag or
// without cgo.
var ErrNotBuilt = errors.New("sambalz77: built without -tags samba and cgo, so Samba's LZ77 cannot be loaded")
