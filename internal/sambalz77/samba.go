//go:build samba && cgo

package sambalz77

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>

typedef ssize_t (*lzx_fn)(const uint8_t *in, uint32_t in_size, uint8_t *out, uint32_t out_max);

static ssize_t lzx_call(void *fn, const uint8_t *in, uint32_t in_size, uint8_t *out, uint32_t out_max) {
	return ((lzx_fn)fn)(in, in_size, out, out_max);
}
*/
import "C"

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unsafe"
)

// libName is the file that exports lzxpress_compress and lzxpress_decompress.
const libName = "libndr-samba-samba4.so.0"

// Lib is Samba's LZ77 library, loaded once and never unloaded.
type Lib struct {
	compress, decompress unsafe.Pointer
}

var (
	loadOnce sync.Once
	loaded   *Lib
	loadErr  error
)

// Open loads the library from $ROPCODEC_SAMBA_LIB, or from Samba's private
// library directory (/usr/lib/<multiarch>/samba on Debian, which is not on
// the loader's path), or by name.
func Open() (*Lib, error) {
	loadOnce.Do(func() { loaded, loadErr = load() })
	return loaded, loadErr
}

func load() (*Lib, error) {
	var tried []string
	for _, path := range candidates() {
		cpath := C.CString(path)
		h := C.dlopen(cpath, C.RTLD_NOW|C.RTLD_LOCAL)
		C.free(unsafe.Pointer(cpath))
		if h == nil {
			tried = append(tried, C.GoString(C.dlerror()))
			continue
		}
		l := &Lib{compress: sym(h, "lzxpress_compress"), decompress: sym(h, "lzxpress_decompress")}
		if l.compress == nil || l.decompress == nil {
			return nil, fmt.Errorf("sambalz77: %s lacks lzxpress_compress or lzxpress_decompress", path)
		}
		return l, nil
	}
	return nil, fmt.Errorf("sambalz77: cannot load %s (install Debian's samba-libs): %s", libName, strings.Join(tried, "; "))
}

// candidates lists the paths to try, the environment's first.
func candidates() []string {
	if p := os.Getenv(LibraryEnv); p != "" {
		return []string{p}
	}
	found, _ := filepath.Glob("/usr/lib/*/samba/" + libName)
	return append(found, "/usr/lib64/samba/"+libName, "/usr/lib/samba/"+libName, libName)
}

func sym(h unsafe.Pointer, name string) unsafe.Pointer {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	return C.dlsym(h, cname)
}

// errFailed reports a call that returned -1.
var errFailed = errors.New("sambalz77: Samba returned -1")

// call runs fn over in, writing at most max bytes; it returns what was written.
func call(fn unsafe.Pointer, in []byte, max int) ([]byte, error) {
	if len(in) > math.MaxUint32 || max > math.MaxUint32 {
		return nil, fmt.Errorf("sambalz77: %d or %d bytes is more than Samba takes", len(in), max)
	}
	out := make([]byte, max+1) // never empty, so that &out[0] exists
	var inp *C.uint8_t
	if len(in) > 0 {
		inp = (*C.uint8_t)(unsafe.Pointer(&in[0]))
	}
	n := C.lzx_call(fn, inp, C.uint32_t(len(in)), (*C.uint8_t)(unsafe.Pointer(&out[0])), C.uint32_t(max))
	if n < 0 {
		return nil, errFailed
	}
	return out[:n], nil
}

// Compress returns lzxpress_compress's encoding of src.
func (l *Lib) Compress(src []byte) ([]byte, error) {
	return call(l.compress, src, 2*len(src)+64)
}

// Decompress returns what lzxpress_decompress makes of src with room for max
// bytes; Samba stops at max bytes or at the end of src, whichever comes first.
func (l *Lib) Decompress(src []byte, max int) ([]byte, error) {
	return call(l.decompress, src, max)
}
