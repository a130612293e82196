//go:build !samba || !cgo

package sambalz77

// Lib is Samba's LZ77 library; this build cannot load it.
type Lib struct{}

// Open reports ErrNotBuilt: this build has no cgo binding.
func Open() (*Lib, error) { return nil, ErrNotBuilt }

// Compress is not available in this build.
func (*Lib) Compress(src []byte) ([]byte, error) { return nil, ErrNotBuilt }

// Decompress is not available in this build.
func (*Lib) Decompress(src []byte, max int) ([]byte, error) { return nil, ErrNotBuilt }
