package render

import (
	"bytes"
	"encoding/json"
	"io"
	"iter"
)

// jsonWriter writes one JSON document a value at a time, so that a file of
// tens of megabytes (dossier.json, the search index at 10,000 claims) is
// never held whole: only the value being written is. Its escaping is
// encoding/json's (<, > and & as \u escapes), and what it writes is byte for
// byte what json.Marshal of the whole would give.
type jsonWriter struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
	err error
}

func newJSONWriter(w io.Writer) *jsonWriter {
	j := &jsonWriter{w: w}
	j.enc = json.NewEncoder(&j.buf)
	return j
}

// raw writes s as it is.
func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = io.WriteString(j.w, s)
	}
}

// value writes v as JSON.
func (j *jsonWriter) value(v any) { j.encode(v, "\n") } // less Encode's newline

// open writes the fields of head, a struct, and leaves its object open for
// the fields that follow it (field, array).
func (j *jsonWriter) open(head any) { j.encode(head, "}\n") }

// encode writes v as JSON, less the end Encode gives it.
func (j *jsonWriter) encode(v any, end string) {
	if j.err != nil {
		return
	}
	j.buf.Reset()
	if j.err = j.enc.Encode(v); j.err != nil {
		return
	}
	_, j.err = j.w.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte(end)))
}

// field writes ,"name": and the value v.
func (j *jsonWriter) field(name string, v any) {
	j.raw(`,"` + name + `":`)
	j.value(v)
}

// array writes ,"name": and the items as an array.
func (j *jsonWriter) array(name string, items iter.Seq[any]) {
	j.raw(`,"` + name + `":[`)
	first := true
	for v := range items {
		if !first {
			j.raw(",")
		}
		first = false
		j.value(v)
	}
	j.raw("]")
}

// each gives f of every element of s, as the items of an array.
func each[E any](s []E, f func(E) any) iter.Seq[any] {
	return func(yield func(any) bool) {
		for _, e := range s {
			if !yield(f(e)) {
				return
			}
		}
	}
}
