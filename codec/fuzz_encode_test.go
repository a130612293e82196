package codec

import (
	"reflect"
	"testing"
)

// FuzzEncode builds a value of a message type straight from the fuzzer's
// bytes (any string, any integer, any flag bits, lists of any length the
// bytes ask for) and checks that it is either refused with an *EncodeError,
// leaving the buffer as it was, or encoded to bytes that decode back to the
// same value, also through the RopId switch (fzEncodes). The other fuzz
// targets encode only values that came out of a decoder.
func FuzzEncode(f *testing.F) {
	infos := Messages()
	for _, mi := range infos {
		f.Add(mi.Type, []byte{})
		f.Add(mi.Type, []byte("\x01\x02\x03\x04\x05\x06\x07\x08 IPM.Note\x00\xff\x80 /o=Org/cn=Recipients"))
	}
	for _, m := range fzAllMessages(f) {
		f.Add(m.Info().Type, fzEncode(f, m))
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		mi := infos[0]
		for _, x := range infos {
			if x.Type == name {
				mi = x
			}
		}
		if mi.Type != name && len(data) > 0 {
			mi = infos[int(data[0])%len(infos)]
		}
		m := mi.New()
		src := &fzSource{b: data}
		src.fill(reflect.ValueOf(m).Elem())
		d := fzContextDecoder(m) // rows decode by the columns they were built with
		fzEncodes(t, m, func(b []byte) (any, int, error) {
			v, n, err := mi.decode(d, b)
			if err != nil {
				return nil, n, err
			}
			return v, n, nil
		})
	})
}

// fzSource hands out the fuzzer's bytes as values; past its end, zeros.
// lastType and depth guide the filler of property values and restrictions
// (fillSpecial).
type fzSource struct {
	b        []byte
	lastType PropertyType
	depth    int
}

func (s *fzSource) take(n int) []byte {
	out := make([]byte, n)
	k := copy(out, s.b)
	s.b = s.b[k:]
	return out
}

func (s *fzSource) byte() byte { return s.take(1)[0] }

// uint reads an integer of the given number of bits, little-endian.
func (s *fzSource) uint(bits int) uint64 {
	var v uint64
	for i, c := range s.take(bits / 8) {
		v |= uint64(c) << (8 * i)
	}
	return v
}

// count is the length of a list or string: mostly short, now and then long
// enough to pass a one-byte size field.
func (s *fzSource) count() int {
	c := int(s.byte())
	if c >= 0xF0 {
		return 0xF0 + int(s.uint(16))%600
	}
	return c % 24
}

// fill sets every exported field of v, a value of a generated type, from the
// source. Empty lists and byte slices stay nil, as decoders leave them.
func (s *fzSource) fill(v reflect.Value) {
	if s.fillSpecial(v) {
		return
	}
	switch v.Kind() {
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(s.uint(v.Type().Bits()))
	case reflect.Bool:
		v.SetBool(s.byte()&1 != 0)
	case reflect.String:
		v.SetString(string(s.take(s.count())))
	case reflect.Array:
		for i := range v.Len() {
			s.fill(v.Index(i))
		}
	case reflect.Slice:
		n := s.count()
		if n == 0 {
			return
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes(s.take(n))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			s.fill(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				s.fill(v.Field(i))
			}
		}
	default:
		panic("fzSource: no filler for " + v.Type().String()) // a new kind of field needs one here
	}
}
