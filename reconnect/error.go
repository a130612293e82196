package reconnect

import (
	"strconv"
	"strings"
)

// Error is what Driver.Call returns when the reconnect procedure of [MS-CMRP]
// 3.2.4.6 did not succeed: every candidate was attempted (step 1: "return the
// original error code to the caller"), or the context ended first.
//
// errors.Is and errors.As see, in this order, the context's error (when the
// procedure stopped on cancellation), the original error of the method, and
// each attempt's failure, so the original Win32 code still classifies with
// errors.ShouldReconnectCMRP and every attempt's cause can be found.
type Error struct {
	// Canceled is the context's error when the procedure stopped because the
	// context ended; it then takes precedence over every other cause.
	Canceled error
	// Original is the error of the method call that started the procedure.
	Original error
	// Attempts holds one failure per candidate attempted, in order. When a
	// caller waited for another caller's procedure, it shares that
	// procedure's attempts; treat the slice as read-only.
	Attempts []*AttemptError
}

// Error describes the outcome, the original error and every attempt.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Canceled != nil {
		b.WriteString("cmrp reconnect: ")
		b.WriteString(e.Canceled.Error())
		b.WriteString("; original error: ")
	} else {
		b.WriteString("cmrp reconnect failed, every candidate attempted ([MS-CMRP] 3.2.4.6 step 1); original error: ")
	}
	if e.Original != nil {
		b.WriteString(e.Original.Error())
	} else {
		b.WriteString("<nil>")
	}
	for i, a := range e.Attempts {
		if i == 0 {
			b.WriteString("; attempts: ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(a.Error())
	}
	return b.String()
}

// Unwrap returns the context's error if any, the original error, and each
// attempt's failure.
func (e *Error) Unwrap() []error {
	errs := make([]error, 0, len(e.Attempts)+2)
	if e.Canceled != nil {
		errs = append(errs, e.Canceled)
	}
	if e.Original != nil {
		errs = append(errs, e.Original)
	}
	for _, a := range e.Attempts {
		errs = append(errs, a)
	}
	return errs
}

// AttemptError is the failure of one reconnect attempt: the candidate, the
// [MS-CMRP] 3.2.4.6 step that failed, the method or hook it called, and the
// error it returned.
type AttemptError struct {
	Candidate string
	Step      int
	// Method is the [MS-CMRP] method (ApiGetClusterName, ApiOpenNodeEx, ...)
	// or, for step 4, "Connect"; for steps 8 to 14 and 16 it is the handle type.
	Method string
	Err    error
}

// Error gives the candidate, the step, the method and the cause.
func (a *AttemptError) Error() string {
	msg := "<nil>"
	if a.Err != nil {
		msg = a.Err.Error()
	}
	return strconv.Quote(a.Candidate) + ": step " + strconv.Itoa(a.Step) + " (" + a.Method + "): " + msg
}

// Unwrap returns the cause.
func (a *AttemptError) Unwrap() error { return a.Err }
