package errors

// HRESULTFromWin32 returns the HRESULT that stands for a Win32 code, as the
// [MS-ERREF] 2.1.2 HRESULT_FROM_WIN32 macro builds it: the code in the low
// 16 bits, FACILITY_WIN32, and the S (failure) bit. ERROR_SUCCESS (0) stays 0.
func HRESULTFromWin32(w Win32) HRESULT {
	if w == 0 {
		return 0
	}
	return HRESULT(uint32(w)&0xFFFF | uint32(FACILITY_WIN32)<<16 | 0x80000000)
}

// Win32 returns the Win32 code that h stands for when h is what
// HRESULT_FROM_WIN32 makes of one ([MS-ERREF] 2.1.2): a failure in
// FACILITY_WIN32 with the R, C, N and X bits clear. 0x800706BA gives
// RPC_S_SERVER_UNAVAILABLE.
func (c HRESULT) Win32() (Win32, bool) {
	if c != HRESULTFromWin32(Win32(c.CodeNumber())) || c == 0 {
		return 0, false
	}
	return Win32(c.CodeNumber()), true
}

// ntBit is the N bit of an HRESULT ([MS-ERREF] 2.1), the fourth from the top:
// set when the rest of the value is an NTSTATUS.
const ntBit = 1 << (31 - 3)

// HRESULTFromNT returns the HRESULT that stands for an NTSTATUS, as the
// HRESULT_FROM_NT macro builds it: the NTSTATUS with the N bit set
// ([MS-ERREF] 2.1). STATUS_ACCESS_DENIED (0xC0000022) gives 0xD0000022.
func HRESULTFromNT(s NTSTATUS) HRESULT { return HRESULT(uint32(s) | ntBit) }

// NTSTATUS returns the NTSTATUS that h stands for when its N bit is set
// ([MS-ERREF] 2.1): h with that bit cleared. 0xD0000022 gives
// STATUS_ACCESS_DENIED.
func (c HRESULT) NTSTATUS() (NTSTATUS, bool) {
	if !c.NTSTATUSBit() {
		return 0, false
	}
	return NTSTATUS(uint32(c) &^ ntBit), true
}
