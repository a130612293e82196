package gen

import (
	"io/fs"
	"path"

	"github.com/dave/jennifer/jen"
)

// A tableKind is one kind of spec table, named by the "# table:" directive of
// its files: the columns its files must and may have, how its rows enter the
// Model, and which generated files its part of the Model renders. Each kind
// is declared in the file that holds its loader and emitter.
type tableKind struct {
	name     string
	required []string
	optional []string
	// load adds the kind's tables to m; it runs after the loads of every
	// kind listed before it in tableKinds, whose rows it may refer to.
	load func(m *Model, tables []*table) error
	// emit adds the kind's generated files to files; nil when the files of
	// another kind render its rows (a dispatch table is rendered in the file
	// of its ROP's messages).
	emit func(m *Model, files map[string]*jen.File) error
}

// tableKinds are the kinds of table the generator knows, in the order Load
// reads them: a kind comes after the kinds its rows name (codes name
// namespaces, messages name flag types, constants, property types, variants
// and column-context keys, dispatch and aux-blocks tables name messages). A
// variant table names messages too; they are resolved once the messages are
// read.
var tableKinds = []*tableKind{
	&namespacesKind,
	&codesKind,
	&errataKind,
	&cmrpCodesKind,
	&cmrpMethodsKind,
	&logonActionsKind,
	&codeActionsKind,
	&facilitiesKind,
	&bitfieldsKind,
	&flagsKind,
	&constantsKind,
	&propertyTypesKind,
	&propertyTagsKind,
	&variantKind,
	&columnsKind,
	&messageKind,
	&dispatchKind,
	&fieldNamesKind,
	&auxBlocksKind,
}

// Load reads every *.tsv file under fsys, validates it and builds the model.
// Errors name the file and line of the first problem.
func Load(fsys fs.FS) (*Model, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path.Ext(p) == ".tsv" {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	byKind := map[*tableKind][]*table{}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		t, err := readTable(f, data)
		if err != nil {
			return nil, err
		}
		byKind[t.kind] = append(byKind[t.kind], t)
	}
	m := &Model{}
	for _, k := range tableKinds {
		if err := k.load(m, byKind[k]); err != nil {
			return nil, err
		}
	}
	return m, nil
}
