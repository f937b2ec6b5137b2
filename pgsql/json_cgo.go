//go:build cgo

package pgsql

// This file defines a reader of the JSON libpg_query makes, for Columns: a
// cursor that walks objects and arrays, hands each member or element to a
// callback that reads it or lets it be skipped (by matching brackets
// outside strings), so that only the nodes that name columns are looked at
// and every byte is passed once. It is four times faster than
// encoding/json, which validates and decodes the whole tree.
//
// Precondition: the text is valid JSON (libpg_query's output). On other
// text the reader returns nothing or garbage, never panics, and still ends.

import (
	"encoding/json"
	"strings"
)

// reader reads JSON text s from offset i.
type reader struct {
	s string
	i int
}

func (r *reader) space() {
	for r.i < len(r.s) && (r.s[r.i] == ' ' || r.s[r.i] == '\n' || r.s[r.i] == '\t' || r.s[r.i] == '\r') {
		r.i++
	}
}

// skip moves past the value at the cursor.
func (r *reader) skip() {
	r.space()
	if r.i >= len(r.s) {
		return
	}
	switch r.s[r.i] {
	case '"':
		r.i = skipString(r.s, r.i)
	case '{', '[':
		depth := 0
		for r.i < len(r.s) {
			switch r.s[r.i] {
			case '"':
				r.i = skipString(r.s, r.i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					r.i++
					return
				}
			}
			r.i++
		}
	default:
		for r.i < len(r.s) && strings.IndexByte(",}] \n\t\r", r.s[r.i]) < 0 {
			r.i++
		}
	}
}

// skipString returns the end of the JSON string that starts at i, after
// its closing quote.
func skipString(s string, i int) int {
	for i++; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(s)
}

// seq reads the object or array at the cursor (open is '{' or '['),
// calling each for every member or element with the cursor at its value
// (and the key of a member); what each does not read is skipped.
func (r *reader) seq(open byte, each func(key string)) {
	r.space()
	if r.i >= len(r.s) || r.s[r.i] != open {
		r.skip()
		return
	}
	r.i++
	for {
		r.space()
		if r.i >= len(r.s) {
			return
		}
		switch c := r.s[r.i]; {
		case c == '}' || c == ']':
			r.i++
			return
		case c == ',':
			r.i++
			continue
		}
		key := ""
		if open == '{' {
			key = r.str()
			r.space()
			if r.i < len(r.s) && r.s[r.i] == ':' {
				r.i++
			}
			r.space()
		}
		at := r.i
		each(key)
		if r.i == at {
			r.skip()
		}
		if r.i == at { // malformed: stop rather than loop
			r.i = len(r.s)
		}
	}
}

// object reads the object at the cursor; see seq.
func (r *reader) object(member func(key string)) { r.seq('{', member) }

// array reads the array at the cursor; see seq.
func (r *reader) array(element func()) { r.seq('[', func(string) { element() }) }

// str reads the string at the cursor ("" for another value, skipped).
func (r *reader) str() string {
	r.space()
	if r.i >= len(r.s) || r.s[r.i] != '"' {
		r.skip()
		return ""
	}
	end := skipString(r.s, r.i)
	v := r.s[r.i:end]
	r.i = end
	if len(v) < 2 || v[len(v)-1] != '"' {
		return ""
	}
	if !strings.Contains(v, `\`) {
		return v[1 : len(v)-1]
	}
	var s string
	if json.Unmarshal([]byte(v), &s) != nil {
		return ""
	}
	return s
}

// names reads a list of nodes (a name's parts: fields of a column
// reference, a function's or a type's name) and returns the value of its
// last String node ("" if none) and the type of its last node.
func (r *reader) names() (last, lastType string) {
	r.array(func() {
		r.object(func(typ string) {
			lastType = typ
			if typ == "String" {
				r.object(func(k string) {
					if k == "sval" {
						last = r.str()
					}
				})
			}
		})
	})
	return last, lastType
}
