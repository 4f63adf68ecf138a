package render

import (
	"reflect"
	"regexp"
	"strings"

	"github.com/dossier-ssg/dossier/internal/diag"
)

// viewFields maps the name of every struct type a template can reach from
// Page ("ClaimView", "Ref") to its exported fields, in declaration order.
var viewFields = func() map[string][]string {
	m := map[string][]string{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.PkgPath() == "" || m[t.Name()] != nil {
			return
		}
		var names []string
		for f := range t.Fields() {
			if f.IsExported() {
				names = append(names, f.Name)
			}
		}
		m[t.Name()] = names
		for f := range t.Fields() {
			if f.IsExported() {
				walk(f.Type)
			}
		}
	}
	walk(reflect.TypeFor[Page]())
	return m
}()

var noFieldRE = regexp.MustCompile(`can't evaluate field (\w+) in type [\[\]*]*(?:\w+\.)?(\w+)`)

// explainField rewrites html/template's "can't evaluate field X in type
// *render.ClaimView" into words a template author can act on: the view's
// name, the closest field and the fields there are.
func explainField(msg string) string {
	m := noFieldRE.FindStringSubmatchIndex(msg)
	if m == nil {
		return msg
	}
	field, typ := msg[m[2]:m[3]], msg[m[4]:m[5]]
	fields, ok := viewFields[typ]
	if !ok {
		return msg
	}
	return msg[:m[0]] + typ + " has no field " + field + diag.DidYouMean(field, fields) +
		"; its fields are " + strings.Join(fields, ", ") + msg[m[1]:]
}
