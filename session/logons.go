package session

// The kind of each logon (private mailbox or public folders) lays out the
// requests that depend on it (codec.MessageInfo.NeedsLogon: the ClientData
// of a RopSetMessageReadFlag request is there on a public folders logon
// only). Before it walks the requests of an input buffer, the session tells
// its codec.Decoder the kind of every logon it knows: those whose RopLogon
// succeeded and whose Logon object was not released, by their response's
// shape; and, while it walks, the kind a RopLogon request of the same buffer
// asks for (its LogonFlags' Private bit, [MS-OXCSTOR] 2.2.1.1.1), for the
// requests after it. A request on a logon the session does not know (opened
// before the capture began) stops the walk with codec.ErrNeedsLogonContext,
// since its size is not known.

// setLogons tells the codec Decoder the kind of every logon d knows, and
// makes it forget the others, when they may differ: not for each payload of
// a packed call, where none changed.
func (d *Decoder) setLogons() {
	if !d.logonsStale {
		return
	}
	d.logonsStale = false
	d.dec.ForgetLogons()
	for id, l := range d.logons {
		d.dec.SetLogon(id, !l.Private)
	}
}
