package codec

// Field is one field of a message, as the Fields method of every message
// type yields it: in wire order, named as the document names it, with its
// value and its size. Fields describes what a message holds for code that
// shows or checks messages of any type (the ropcodec command prints them
// with it); code that handles one type reads its struct fields.
type Field struct {
	// Name is the document's name of the field: LogonFlags, FolderIds,
	// ServerNameSize. Elements of a list or an array (see Elem) have the
	// name the document gives them, if any (FolderIds: "Inbox").
	Name string
	// Role says whether the field is stored in the struct or derived.
	Role FieldRole
	// Value is the field's value: an unsigned integer (uint8 to uint64), an
	// errors.EC, a flag type (LogonFlags), a GUID, a [N]byte, a string, a
	// []byte, a fixed array of integers, a pointer to a structure (which
	// has Fields too), or a list ([]string, []BackoffRop, []uint32).
	Value any
	// Uint is Value as an unsigned integer, for integers, status codes and
	// flags; 0 otherwise.
	Uint uint64
	// Size is the number of bytes the field takes on the wire.
	Size int
	// Unit says what an integer counts or names, as the table says: "ms",
	// "bytes", or "RopId" for a field that holds the RopId of another ROP;
	// "" when the table says nothing.
	Unit string
	// Len is the number of elements of an array or list field; 0 otherwise.
	Len int
	// Elem returns element i of an array or list field, 0 <= i < Len, with
	// its Value, Uint, Size and, where the document names the elements,
	// Name; nil for other fields.
	Elem func(i int) Field
}

// FieldRole says where the value of a Field comes from.
type FieldRole uint8

const (
	// FieldStored is a field of the message's struct.
	FieldStored FieldRole = iota
	// FieldFixed is a value the layout fixes, such as the RopId or the
	// ReturnValue of a success response: the encoder writes it and the
	// decoder refuses any other.
	FieldFixed
	// FieldLength is the size or count of a later field: the encoder
	// derives it from that field.
	FieldLength
	// FieldOffset is where a later field lies, such as the MachineNameOffset
	// of an AUX_PERF_CLIENTINFO ([MS-OXCRPC] 2.2.2.2.4): the encoder derives
	// it from the fields before that one. Its Value is the offset the
	// encoder writes, which a decoded message may not have had on the wire.
	FieldOffset
)
