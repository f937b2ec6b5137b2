package config

// This file defines the suppression comments: modls-ignore and
// modls-ignore-file, in any of HCL's comment forms (#, //, /* */).

import (
	"bytes"

	"github.com/modls/modls/parse"
	"github.com/modls/modls/span"
)

// The directives of suppression comments.
const (
	Ignore     = "modls-ignore"
	IgnoreFile = "modls-ignore-file"
)

// Suppression is one suppression comment:
//
//	# modls-ignore <code>[,<code>] <reason>       the line below (or, after code, its own line)
//	# modls-ignore-file <code>[,<code>] <reason>  the whole file
//
// `//` and `/* … */` comments work the same; a colon may follow the
// directive (`modls-ignore: unused`), and spaces may follow the commas.
type Suppression struct {
	// File marks modls-ignore-file.
	File bool
	// Trailing marks a comment after code on its line.
	Trailing bool
	// Range spans the comment, Directive the directive's word.
	Range, Directive parse.Range
	// Codes are the codes named, each with its range.
	Codes []Code
	// ListEnd is the byte offset where the list of codes ends (after the
	// directive when it names none).
	ListEnd uint32
	// Reason is the text after the codes, trimmed ("" when there is none).
	Reason string
}

// Code is one code a suppression names.
type Code struct {
	Name  string
	Range parse.Range
}

// Covers reports whether a suppression covers line (1-based): a
// modls-ignore after code covers its own line, one on lines of its own
// covers them and the line below; a modls-ignore-file covers all.
func (s Suppression) Covers(line uint32) bool {
	if s.Trailing {
		return s.File || line == s.Range.Start.Line
	}
	return s.File || line >= s.Range.Start.Line && line <= s.Range.End.Line+1
}

// Suppressions returns the suppression comments of src in order, reading
// the comments as HCL's lexer does (not a `#` in a string or heredoc).
// A file without the word modls-ignore costs one search.
func Suppressions(src []byte) []Suppression {
	if !bytes.Contains(src, []byte(Ignore)) {
		return nil
	}
	_, toks := parse.TokensSQL(src, nil)
	lines := span.New(src, span.UTF8)
	var out []Suppression
	for _, t := range toks {
		if t.Kind != parse.TokComment || t.SQL {
			continue
		}
		if s, ok := parseComment(src, int(t.Start), int(t.End), lines); ok {
			out = append(out, s)
		}
	}
	return out
}

// parseComment reads the comment src[start:end] as a suppression.
func parseComment(src []byte, start, end int, lines *span.Lines) (Suppression, bool) {
	i := start
	stop := end
	switch {
	case src[i] == '#':
		i++
	case bytes.HasPrefix(src[i:end], []byte("//")):
		i += 2
	case bytes.HasPrefix(src[i:end], []byte("/*")):
		i += 2
		if end-start >= 4 && bytes.HasSuffix(src[start:end], []byte("*/")) {
			stop = end - 2
		}
	default:
		return Suppression{}, false
	}
	i = skipSpace(src, i, stop)
	word := i
	if !bytes.HasPrefix(src[i:stop], []byte(Ignore)) {
		return Suppression{}, false
	}
	i += len(Ignore)
	s := Suppression{Range: lines.Range(src, start, end)}
	for j := start - 1; j >= 0 && src[j] != '\n'; j-- {
		if !isSpace(src[j]) {
			s.Trailing = true
			break
		}
	}
	if bytes.HasPrefix(src[i:stop], []byte(IgnoreFile[len(Ignore):])) {
		i += len(IgnoreFile) - len(Ignore)
		s.File = true
	}
	if i < stop && src[i] != ':' && !isSpace(src[i]) {
		return Suppression{}, false // modls-ignored, modls-ignorex: other words
	}
	s.Directive = lines.Range(src, word, i)
	if i < stop && src[i] == ':' {
		i++
	}
	s.ListEnd = uint32(i)
	i = skipSpace(src, i, stop)
	for i < stop {
		j := i
		for j < stop && !isSpace(src[j]) && src[j] != ',' {
			j++
		}
		if j > i {
			s.Codes = append(s.Codes, Code{Name: string(src[i:j]), Range: lines.Range(src, i, j)})
			s.ListEnd = uint32(j)
		}
		k := skipSpace(src, j, stop)
		if k < stop && src[k] == ',' {
			s.ListEnd = uint32(k + 1)
			i = skipSpace(src, k+1, stop)
			continue
		}
		i = k
		break
	}
	s.Reason = string(bytes.TrimSpace(src[min(i, stop):stop]))
	return s, true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func skipSpace(src []byte, i, stop int) int {
	for i < stop && isSpace(src[i]) {
		i++
	}
	return i
}

// SuppressionAt returns the suppression comment of src that holds byte
// offset off (or ends at it).
func SuppressionAt(src []byte, off int) (Suppression, bool) {
	for _, s := range Suppressions(src) {
		if int(s.Range.Start.Byte) <= off && off <= int(s.Range.End.Byte) {
			return s, true
		}
	}
	return Suppression{}, false
}
