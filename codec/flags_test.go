package codec

import "testing"

// The flag constants are a contract; their values are those of the
// [MS-OXCSTOR] 2.2.1.1.1 and 2.2.1.1.3 tables.
func TestFlagConstants(t *testing.T) {
	for name, tt := range map[string]struct{ got, want uint32 }{
		"LogonPrivate":               {uint32(LogonPrivate), 0x01},
		"LogonUndercover":            {uint32(LogonUndercover), 0x02},
		"LogonGhosted":               {uint32(LogonGhosted), 0x04},
		"LogonSpoolerProcess":        {uint32(LogonSpoolerProcess), 0x08},
		"OpenUseAdminPrivilege":      {uint32(OpenUseAdminPrivilege), 0x00000001},
		"OpenPublic":                 {uint32(OpenPublic), 0x00000002},
		"OpenHomeLogon":              {uint32(OpenHomeLogon), 0x00000004},
		"OpenTakeOwnership":          {uint32(OpenTakeOwnership), 0x00000008},
		"OpenAlternateServer":        {uint32(OpenAlternateServer), 0x00000100},
		"OpenIgnoreHomeMDB":          {uint32(OpenIgnoreHomeMDB), 0x00000200},
		"OpenNoMail":                 {uint32(OpenNoMail), 0x00000400},
		"OpenUsePerMDBReplIDMapping": {uint32(OpenUsePerMDBReplIDMapping), 0x01000000},
		"OpenSupportProgress":        {uint32(OpenSupportProgress), 0x20000000},
		"ResponseReserved":           {uint32(ResponseReserved), 0x01},
		"ResponseOwnerRight":         {uint32(ResponseOwnerRight), 0x02},
		"ResponseSendAsRight":        {uint32(ResponseSendAsRight), 0x04},
		"ResponseOOF":                {uint32(ResponseOOF), 0x10},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = 0x%X, want 0x%X", name, tt.got, tt.want)
		}
	}
}

func TestFlagString(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{LogonFlags(0).String(), "0"},
		{LogonPrivate.String(), "Private"},
		{(LogonPrivate | LogonGhosted).String(), "Private|Ghosted"},
		{(LogonSpoolerProcess | LogonPrivate | 0x80).String(), "Private|SpoolerProcess|0x80"},
		{LogonFlags(0x30).String(), "0x30"},
		{(OpenUsePerMDBReplIDMapping | OpenAlternateServer).String(), "ALTERNATE_SERVER|USE_PER_MDB_REPLID_MAPPING"},
		{(OpenPublic | OpenIgnoreHomeMDB | 0x80000000).String(), "PUBLIC|IGNORE_HOME_MDB|0x80000000"},
		{(ResponseReserved | ResponseOwnerRight | ResponseSendAsRight | ResponseOOF).String(), "Reserved|OwnerRight|SendAsRight|OOF"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestFlagUndefined(t *testing.T) {
	if u := (LogonPrivate | LogonSpoolerProcess).Undefined(); u != 0 {
		t.Errorf("defined LogonFlags report undefined bits %s", u)
	}
	if u := LogonFlags(0xF1).Undefined(); u != 0xF0 {
		t.Errorf("LogonFlags(0xF1).Undefined() = 0x%X", uint8(u))
	}
	if u := (OpenFlags(0x3) | 0x10 | 0x02000000).Undefined(); u != 0x02000010 {
		t.Errorf("OpenFlags undefined = 0x%X", uint32(u))
	}
	if u := ResponseFlags(0x08).Undefined(); u != 0x08 {
		t.Errorf("ResponseFlags(0x08).Undefined() = 0x%X", uint8(u))
	}
}
