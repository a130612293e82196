package errors

import stderrors "errors"

// This package is named errors, so a file that imports it cannot also import
// the standard library's errors under the same name. The functions below
// forward to the standard library, as github.com/pkg/errors does, so that such
// a file needs only this import:
//
//	if errors.Is(err, errors.EcWrongServer) { ... }
//	var w errors.Win32
//	if errors.As(err, &w) { ... }

// Is reports whether any error in err's tree matches target. It is the
// standard library's errors.Is.
func Is(err, target error) bool { return stderrors.Is(err, target) }

// As finds the first error in err's tree that matches target, and if one is
// found, sets target to that error value and returns true. It is the
// standard library's errors.As; target must be a non-nil pointer to a type
// that implements error, or to an interface type.
func As(err error, target any) bool { return stderrors.As(err, target) }

// Unwrap returns the result of calling the Unwrap method on err, if err's
// type has one returning error; otherwise nil. It is the standard library's
// errors.Unwrap, and so does not unwrap errors whose Unwrap returns []error.
func Unwrap(err error) error { return stderrors.Unwrap(err) }

// Join returns an error that wraps the given errors, discarding nil ones; it
// returns nil when every error is nil. It is the standard library's
// errors.Join.
func Join(errs ...error) error { return stderrors.Join(errs...) }

// New returns an error whose text is the given text; each call returns a
// distinct error. It is the standard library's errors.New.
func New(text string) error { return stderrors.New(text) }
