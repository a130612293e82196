package mapihttp

import (
	"fmt"

	"github.com/ropcodec/ropcodec/codec"
	"github.com/ropcodec/ropcodec/errors"
)

// StatusError is a failure response body ([MS-OXCMAPIHTTP] 2.2.4.1.3,
// 2.2.4.2.3, 2.2.4.3.3, 2.2.4.4.3) as an error: the request type was
// accepted (X-ResponseCode 0) but failed with StatusCode. The documents
// show a Win32 code there: [MS-OXCROPS] 3.2.4.2 has a server answer an
// Execute it holds off with 0x000006BB (RPC_S_SERVER_TOO_BUSY); so a
// StatusCode that fits in 16 bits unwraps to that errors.Win32.
type StatusError struct {
	RequestType     string
	StatusCode      uint32
	AuxiliaryBuffer []byte
}

func (e *StatusError) Error() string {
	if w, ok := e.win32(); ok {
		return fmt.Sprintf("mapihttp: %s failed with StatusCode %v (0x%08X)", e.RequestType, w, e.StatusCode)
	}
	return fmt.Sprintf("mapihttp: %s failed with StatusCode 0x%08X", e.RequestType, e.StatusCode)
}

func (e *StatusError) win32() (errors.Win32, bool) {
	return errors.Win32(e.StatusCode), e.StatusCode <= 0xFFFF
}

// Unwrap returns the StatusCode as an errors.Win32 when it fits, else nil.
func (e *StatusError) Unwrap() error {
	if w, ok := e.win32(); ok {
		return w
	}
	return nil
}

// successBody is a generated success response body type.
type successBody[T any] interface {
	*T
	UnmarshalBinary(b []byte) error
}

// decodeResponseBody reads a response body of request type rt: the success
// shape T, or, when its StatusCode is not the 0 the success shape requires,
// the failure shape as a *StatusError.
func decodeResponseBody[T any, P successBody[T]](rt string, b []byte) (*T, error) {
	var ok T
	err := P(&ok).UnmarshalBinary(b)
	if err == nil {
		return &ok, nil
	}
	var de *codec.DecodeError
	if !errors.As(err, &de) || de.Field != "StatusCode" || !errors.Is(err, codec.ErrUnexpectedValue) {
		return nil, err
	}
	var f codec.FailureResponseBody
	if err := f.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return nil, &StatusError{RequestType: rt, StatusCode: f.StatusCode, AuxiliaryBuffer: f.AuxiliaryBuffer}
}

// DecodeConnectResponse reads the body of a Connect response
// ([MS-OXCMAPIHTTP] 2.2.4.1.2, 2.2.4.1.3): the success body, or a
// *StatusError for a failure body, or a decode error (*codec.DecodeError).
func DecodeConnectResponse(b []byte) (*codec.ConnectSuccessResponseBody, error) {
	return decodeResponseBody[codec.ConnectSuccessResponseBody](RequestTypeConnect, b)
}

// DecodeExecuteResponse reads the body of an Execute response
// ([MS-OXCMAPIHTTP] 2.2.4.2.2, 2.2.4.2.3), as DecodeConnectResponse does.
// RopBuffer is the ROP output payload framed by RPC_HEADER_EXT
// (codec.DecodeRPCPayloads reads it).
func DecodeExecuteResponse(b []byte) (*codec.ExecuteSuccessResponseBody, error) {
	return decodeResponseBody[codec.ExecuteSuccessResponseBody](RequestTypeExecute, b)
}

// DecodeDisconnectResponse reads the body of a Disconnect response
// ([MS-OXCMAPIHTTP] 2.2.4.3.2, 2.2.4.3.3), as DecodeConnectResponse does.
func DecodeDisconnectResponse(b []byte) (*codec.DisconnectSuccessResponseBody, error) {
	return decodeResponseBody[codec.DisconnectSuccessResponseBody](RequestTypeDisconnect, b)
}

// DecodeNotificationWaitResponse reads the body of a NotificationWait
// response ([MS-OXCMAPIHTTP] 2.2.4.4.2, 2.2.4.4.3), as DecodeConnectResponse
// does.
func DecodeNotificationWaitResponse(b []byte) (*codec.NotificationWaitSuccessResponseBody, error) {
	return decodeResponseBody[codec.NotificationWaitSuccessResponseBody](RequestTypeNotificationWait, b)
}

// DecodeRequestBody reads the request body of an EMSMDB request type, named
// as the X-RequestType header names it: a *codec.ConnectRequestBody,
// *codec.ExecuteRequestBody, *codec.DisconnectRequestBody or
// *codec.NotificationWaitRequestBody, or nil for PING (which has no body to
// read). Another request type is ErrUnknownRequestType.
func DecodeRequestBody(requestType string, b []byte) (any, error) {
	var m interface{ UnmarshalBinary([]byte) error }
	switch requestType {
	case RequestTypeConnect:
		m = &codec.ConnectRequestBody{}
	case RequestTypeExecute:
		m = &codec.ExecuteRequestBody{}
	case RequestTypeDisconnect:
		m = &codec.DisconnectRequestBody{}
	case RequestTypeNotificationWait:
		m = &codec.NotificationWaitRequestBody{}
	case RequestTypePing:
		return nil, nil
	default:
		return nil, fmt.Errorf("%w %q", ErrUnknownRequestType, requestType)
	}
	if err := m.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return m, nil
}

// DecodeResponseBody reads the response body of an EMSMDB request type
// named as DecodeRequestBody takes it: the success body (a
// *codec.ConnectSuccessResponseBody, ...), or a *StatusError for a failure
// body, or nil for PING.
func DecodeResponseBody(requestType string, b []byte) (any, error) {
	switch requestType {
	case RequestTypeConnect:
		return anyBody(DecodeConnectResponse(b))
	case RequestTypeExecute:
		return anyBody(DecodeExecuteResponse(b))
	case RequestTypeDisconnect:
		return anyBody(DecodeDisconnectResponse(b))
	case RequestTypeNotificationWait:
		return anyBody(DecodeNotificationWaitResponse(b))
	case RequestTypePing:
		return nil, nil
	}
	return nil, fmt.Errorf("%w %q", ErrUnknownRequestType, requestType)
}

// anyBody returns a decoded body as an any that is nil when err is set.
func anyBody[T any](m *T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return m, nil
}

// ErrUnknownRequestType reports an X-RequestType that is not one of the
// EMSMDB endpoint ([MS-OXCMAPIHTTP] 2.2.4) or PING.
var ErrUnknownRequestType = errors.New("mapihttp: not an EMSMDB request type")
