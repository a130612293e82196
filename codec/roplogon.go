package codec

// Constructors for the RopLogon requests clients send, so that callers rarely
// set flag bits by hand ([MS-OXCSTOR] 2.2.1.1.1 and 3.1.5.1).

// NewPrivateLogon returns the request for a logon to the private mailbox
// whose ESSDN (legacyExchangeDN) is essdn. It sets Private and
// USE_PER_MDB_REPLID_MAPPING, which a private logon SHOULD set
// ([MS-OXCSTOR] 2.2.1.1.1).
func NewPrivateLogon(logonID, outputHandleIndex uint8, essdn string) *RopLogonRequest {
	return &RopLogonRequest{
		LogonID:           logonID,
		OutputHandleIndex: outputHandleIndex,
		LogonFlags:        LogonPrivate,
		OpenFlags:         OpenUsePerMDBReplIDMapping,
		Essdn:             essdn,
	}
}

// NewPublicLogon returns the request for a logon to the public folders:
// Private clear and PUBLIC set, which a public logon MUST set
// ([MS-OXCSTOR] 2.2.1.1.1). essdn names the public folder mailbox and may be
// empty (EssdnSize 0), as older servers require.
func NewPublicLogon(logonID, outputHandleIndex uint8, essdn string) *RopLogonRequest {
	return &RopLogonRequest{
		LogonID:           logonID,
		OutputHandleIndex: outputHandleIndex,
		OpenFlags:         OpenPublic,
		Essdn:             essdn,
	}
}

// NewAlternateServerLogon returns the request a client sends to its private
// store to be redirected to an alternate public folder server: a public logon
// with ALTERNATE_SERVER set ([MS-OXCSTOR] 3.1.5.1). The server answers
// ecWrongServer naming the alternate, or ecLoginFailure when there is none;
// the logon at the alternate then uses OpenFlags.AlternateServerRetry.
func NewAlternateServerLogon(logonID, outputHandleIndex uint8) *RopLogonRequest {
	return &RopLogonRequest{
		LogonID:           logonID,
		OutputHandleIndex: outputHandleIndex,
		OpenFlags:         OpenPublic | OpenAlternateServer,
	}
}

// AlternateServerRetry returns f with ALTERNATE_SERVER cleared and
// IGNORE_HOME_MDB set, as the logon to the alternate public folder server
// that a redirect named MUST have them ([MS-OXCSTOR] 3.1.5.1).
func (f OpenFlags) AlternateServerRetry() OpenFlags {
	return f&^OpenAlternateServer | OpenIgnoreHomeMDB
}
