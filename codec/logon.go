package codec

import "errors"

// Some layouts depend on whether the logon a ROP runs on is to a private
// mailbox or to public folders, which their bytes do not say: the ClientData
// of a RopSetMessageReadFlag request is there only on a public folders logon
// ([MS-OXCROPS] 2.2.6.11.1), the ReplGuid of a RopWritePerUserInformation
// request only in the first write on a private mailbox logon (2.2.3.13.1).
// The RopLogon that opened the logon said it (its
// LogonFlags, [MS-OXCSTOR] 2.2.1.1.1). A Decoder is told each logon's kind
// with SetLogon, as the session decoder does from the RopLogon requests it
// sees; the registry says which layouts need it (MessageInfo.NeedsLogon).
// Without it such a layout does not decode, with ErrNeedsLogonContext: its
// size is not known, so neither is where the next ROP starts.
//
// Encoders need no context: those messages carry the logon's kind in their
// PublicLogon field, which decoders set from the Decoder.

// ErrNeedsLogonContext reports a layout decoded without the kind of its
// logon (private mailbox or public folders), which the Decoder was not given
// with SetLogon for the LogonId of the ROP. It is wrapped in a *DecodeError
// naming the ROP and the field whose presence depends on it.
var ErrNeedsLogonContext = errors.New("needs logon context: whether the logon is to public folders is not known (Decoder.SetLogon)")

// logonContext is the kind of each LogonId a Decoder was told: a bit per
// LogonId in known, and in public when the logon is to public folders.
type logonContext struct {
	known, public [4]uint64
}

// SetLogon tells d the kind of logon logonID: public folders when public is
// set, a private mailbox otherwise, until it is told again or ForgetLogon.
// The layouts that depend on it (MessageInfo.NeedsLogon) decode accordingly.
func (d *Decoder) SetLogon(logonID uint8, public bool) {
	i, bit := logonID>>6, uint64(1)<<(logonID&63)
	d.logons.known[i] |= bit
	if public {
		d.logons.public[i] |= bit
	} else {
		d.logons.public[i] &^= bit
	}
}

// ForgetLogon makes d forget the kind of logon logonID (it was released).
func (d *Decoder) ForgetLogon(logonID uint8) {
	i, bit := logonID>>6, uint64(1)<<(logonID&63)
	d.logons.known[i] &^= bit
	d.logons.public[i] &^= bit
}

// ForgetLogons makes d forget the kind of every logon.
func (d *Decoder) ForgetLogons() { d.logons = logonContext{} }

// Logon returns the kind of logon logonID that SetLogon gave d: public is set
// for a public folders logon; known is clear when d was not told.
func (d *Decoder) Logon(logonID uint8) (public, known bool) {
	if d == nil {
		return false, false
	}
	i, bit := logonID>>6, uint64(1)<<(logonID&63)
	return d.logons.public[i]&bit != 0, d.logons.known[i]&bit != 0
}

// publicLogon returns whether logon logonID is to public folders, for the
// field named field whose presence depends on it; a logon d was not told of
// is ErrNeedsLogonContext at the current offset.
func (r *reader) publicLogon(logonID uint8, field string) (bool, error) {
	public, known := r.d.Logon(logonID)
	if !known {
		return false, r.errAt(r.off, field, ErrNeedsLogonContext)
	}
	return public, nil
}
