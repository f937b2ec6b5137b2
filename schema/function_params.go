package schema

// This file derives the parameter lists of the functions (§7) from their
// signatures in functions.go, for signature help: each parameter's name,
// type, whether it is variadic, and where it stands in the signature.

import "strings"

// Param is one parameter of a function, as its signature shows it.
type Param struct {
	Name string
	Type string
	// Variadic: the parameter takes any number of arguments, written
	// `name... type`; it is always the last one.
	Variadic bool
	// Start and End locate the parameter's text ("name type") in the
	// function's Signature, in bytes, for an editor to highlight.
	Start, End int
}

// Params returns the parameters of f, in order, from its Signature; nil for
// a function that takes none.
func (f Function) Params() []Param { return functionParams[f.Name] }

// functionParams maps a function name to its parameters.
var functionParams = map[string][]Param{}

func init() {
	for _, f := range functions {
		functionParams[f.Name] = parseParams(f.Signature)
	}
}

// parseParams reads the parameters of a signature such as
// "join(separator string, lists... list(string)) string". Types may hold
// parentheses; parameters are separated by the commas outside them.
func parseParams(sig string) []Param {
	open := strings.IndexByte(sig, '(')
	if open < 0 {
		return nil
	}
	var out []Param
	depth, start := 0, open+1
	for i := open + 1; i < len(sig); i++ {
		switch sig[i] {
		case '(':
			depth++
			continue
		case ')':
			if depth > 0 {
				depth--
				continue
			}
		case ',':
			if depth > 0 {
				continue
			}
		default:
			continue
		}
		if p, ok := parseParam(sig, start, i); ok {
			out = append(out, p)
		}
		if sig[i] == ')' {
			return out
		}
		start = i + 1
	}
	return out
}

// parseParam reads the parameter sig[from:to], trimmed of spaces.
func parseParam(sig string, from, to int) (Param, bool) {
	for from < to && sig[from] == ' ' {
		from++
	}
	for to > from && sig[to-1] == ' ' {
		to--
	}
	if from == to {
		return Param{}, false
	}
	text := sig[from:to]
	name, typ, _ := strings.Cut(text, " ")
	p := Param{Name: name, Type: strings.TrimSpace(typ), Start: from, End: to}
	if n, ok := strings.CutSuffix(name, "..."); ok {
		p.Name, p.Variadic = n, true
	}
	return p, true
}
