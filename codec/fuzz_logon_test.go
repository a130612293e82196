package codec

import "reflect"

// The layouts that depend on the kind of their logon (MessageInfo.NeedsLogon)
// fail without it, so the package decoders that FuzzDecode runs reach only
// their first fields. fzLogonTargets adds, for each, a decoder told that
// every LogonId is to public folders and one told that every LogonId is to a
// private mailbox, as a session would be; fzLogonDecoder gives the decoder
// that reads back what a message encodes to.

// fzLogonTargets returns the decoders of the layouts that need logon
// context, with it: DecodeX/public and DecodeX/private.
func fzLogonTargets() []fzTarget {
	var out []fzTarget
	for _, mi := range Messages() {
		if !mi.NeedsLogon {
			continue
		}
		for _, public := range []bool{true, false} {
			d := new(Decoder)
			for id := range 256 {
				d.SetLogon(uint8(id), public)
			}
			name := "Decode" + mi.Type + map[bool]string{true: "/public", false: "/private"}[public]
			// info is nil: UnmarshalBinary has no context to agree with.
			out = append(out, fzTarget{name, func(b []byte) (any, int, error) {
				m, n, err := mi.decode(d, b)
				if err != nil {
					return nil, n, err
				}
				return m, n, nil
			}, nil})
		}
	}
	return out
}

// fzLogonDecoder returns a Decoder told the kind of the logon of v (its
// LogonID and PublicLogon fields) when v's layout needs it, and nil
// otherwise.
func fzLogonDecoder(v any) *Decoder {
	m, ok := v.(Message)
	if !ok || !m.Info().NeedsLogon {
		return nil
	}
	rv := reflect.Indirect(reflect.ValueOf(v))
	d := new(Decoder)
	d.SetLogon(uint8(rv.FieldByName("LogonID").Uint()), rv.FieldByName("PublicLogon").Bool())
	return d
}
