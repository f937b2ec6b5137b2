package index

// This file defines the .powerpipeignore matcher used by workspace discovery.
//
// Powerpipe (pipe-fittings workspace.LoadExclusions + go-kit files.ListFiles)
// reads .powerpipeignore line by line, skips blank lines and lines starting
// with '#', joins every other line to the mod root with filepath.Join and
// matches the result against the absolute path of every candidate *file*
// with fnmatch (FNM_PATHNAME, so '*' and '?' never cross '/') plus go-kit's
// own '**' handling. mod-language.md §1.1/§1.3 describes this as
// "gitignore-like, fnmatch semantics with ** support, relative to the mod
// root".
//
// modls implements gitignore semantics instead, because that is what users
// write in an ignore file and what the brief for this package asks for.
// Where the two differ, the choice made here is:
//
//   - A pattern without a slash ("scratch.pp", "*.sp") matches that name at
//     any depth (gitignore). Powerpipe joins it to the root, so it only
//     matches an entry directly under the root.
//   - "!pattern" re-includes (gitignore; the last matching rule wins).
//     Powerpipe has no negation: such a line becomes the literal path
//     "<root>/!pattern" and matches nothing.
//   - "dir/" matches only directories, and an excluded directory is not
//     walked (gitignore). Powerpipe strips the trailing slash and only ever
//     tests files, so "dir" and "dir/" exclude nothing there; only "dir/*"
//     or "dir/**" do.
//   - As in gitignore, a file below an excluded directory cannot be
//     re-included by a later "!" rule, and unescaped trailing spaces are
//     trimmed (Powerpipe keeps them, so "x.pp " matches nothing there).
//   - Agreement with both: '#' starts a comment only in column 1 (use "\#"
//     for a literal '#'), a leading '/' anchors to the root, '*' and '?' do
//     not cross '/', "[...]" classes accept '!' or '^' for negation, a
//     leading "**/" matches in all directories, a trailing "/**" matches
//     everything inside, and "/**/" matches zero or more directories.
//
// The default exclusion of hidden entries directly under the mod root is not
// a rule of this matcher; discovery applies it separately and no
// .powerpipeignore rule can undo it (Powerpipe has no way to undo it either).

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// IgnoreFileName is the name of the ignore file read from a mod root.
const IgnoreFileName = ".powerpipeignore"

// Ignore is a compiled .powerpipeignore file. The zero value and nil match
// nothing.
type Ignore struct {
	rules []ignoreRule
}

// ignoreRule is one non-comment line of an ignore file.
type ignoreRule struct {
	text     string   // the line as written, for diagnostics
	negate   bool     // "!pattern"
	dirOnly  bool     // "pattern/"
	anchored bool     // the pattern contained a '/' (other than a trailing one)
	segs     []string // anchored: slash-separated segments, "**" is a globstar
	glob     string   // unanchored: the single-segment pattern matched against a base name
}

// LoadIgnore reads and parses root/.powerpipeignore. It returns (nil, nil)
// when the file does not exist.
func LoadIgnore(root string) (*Ignore, error) {
	data, err := os.ReadFile(filepath.Join(root, IgnoreFileName))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	return ParseIgnore(data), nil
}

// ParseIgnore compiles the content of a .powerpipeignore file. It never
// fails: a malformed bracket expression is matched literally.
func ParseIgnore(data []byte) *Ignore {
	ig := &Ignore{}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 BOM, as git skips it
	for len(data) > 0 {
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		if r, ok := parseIgnoreLine(string(line)); ok {
			ig.rules = append(ig.rules, r)
		}
	}
	return ig
}

// parseIgnoreLine compiles one line; ok is false for blank and comment lines.
func parseIgnoreLine(line string) (ignoreRule, bool) {
	line = strings.TrimSuffix(line, "\r")
	if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
		return ignoreRule{}, false
	}
	r := ignoreRule{text: line}
	// Trailing spaces are dropped unless escaped with a backslash.
	for strings.HasSuffix(line, " ") && !strings.HasSuffix(line, `\ `) {
		line = line[:len(line)-1]
	}
	switch {
	case strings.HasPrefix(line, "!"):
		r.negate = true
		line = line[1:]
	case strings.HasPrefix(line, `\!`), strings.HasPrefix(line, `\#`):
		line = line[1:]
	}
	for strings.HasSuffix(line, "/") {
		r.dirOnly = true
		line = line[:len(line)-1]
	}
	if strings.HasPrefix(line, "/") {
		r.anchored = true
		line = strings.TrimLeft(line, "/")
	} else if strings.Contains(line, "/") {
		r.anchored = true
	}
	if line == "" {
		return ignoreRule{}, false
	}
	if !r.anchored {
		r.glob = line
		return r, true
	}
	for _, s := range strings.Split(line, "/") {
		if s != "" { // "a//b" is "a/b"
			r.segs = append(r.segs, s)
		}
	}
	return r, true
}

// Len returns the number of rules (non-blank, non-comment lines).
func (ig *Ignore) Len() int {
	if ig == nil {
		return 0
	}
	return len(ig.rules)
}

// Match reports whether the rules exclude rel itself: the last rule that
// matches decides, and a "!" rule re-includes. rel is slash-separated and
// relative to the mod root ("dashboards/x.pp"); isDir tells whether it names
// a directory. Match does not look at rel's parent directories; discovery
// checks each directory as it walks and never enters an excluded one. Use
// Excluded for a one-off check of a deep path.
func (ig *Ignore) Match(rel string, isDir bool) bool {
	if ig == nil || len(ig.rules) == 0 || rel == "" {
		return false
	}
	base := rel
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		base = rel[i+1:]
	}
	var segs []string // split lazily: most rules are unanchored
	for i := len(ig.rules) - 1; i >= 0; i-- {
		r := &ig.rules[i]
		if r.dirOnly && !isDir {
			continue
		}
		var ok bool
		if r.anchored {
			if segs == nil {
				segs = strings.Split(rel, "/")
			}
			ok = ignoreMatchSegs(r.segs, segs)
		} else {
			ok = ignoreGlob(r.glob, base)
		}
		if ok {
			return !r.negate
		}
	}
	return false
}

// Excluded reports whether rel is excluded either itself or because one of
// its parent directories is (gitignore: nothing below an excluded directory
// can be re-included).
func (ig *Ignore) Excluded(rel string, isDir bool) bool {
	if ig == nil || len(ig.rules) == 0 {
		return false
	}
	for i := 0; i < len(rel); i++ {
		if rel[i] == '/' && i > 0 && ig.Match(rel[:i], true) {
			return true
		}
	}
	return ig.Match(rel, isDir)
}

// ignoreMatchSegs matches path segments against pattern segments, where a
// "**" segment matches zero or more whole segments, except that a trailing
// "**" needs at least one ("dir/**" matches what is inside dir, not dir).
func ignoreMatchSegs(pat, path []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			for len(rest) > 0 && rest[0] == "**" {
				rest = rest[1:]
			}
			if len(rest) == 0 {
				return len(path) > 0
			}
			for i := 0; i <= len(path); i++ {
				if ignoreMatchSegs(rest, path[i:]) {
					return true
				}
			}
			return false
		}
		if len(path) == 0 || !ignoreGlob(pat[0], path[0]) {
			return false
		}
		pat, path = pat[1:], path[1:]
	}
	return len(path) == 0
}

// ignoreGlob matches one path segment against an fnmatch pattern: '*' is any
// run of characters, '?' any one character, "[...]" a class (with '!' or '^'
// negation and ranges), '\' escapes the next character. A '[' without a
// closing ']' is literal. Consecutive stars ("**" inside a segment) act as
// one star.
func ignoreGlob(pat, name string) bool {
	px, nx := 0, 0
	starPx, starNx := -1, 0
	for px < len(pat) || nx < len(name) {
		if px < len(pat) {
			switch c := pat[px]; c {
			case '*':
				starPx, starNx = px, nx
				px++
				continue
			case '?':
				if nx < len(name) {
					_, w := utf8.DecodeRuneInString(name[nx:])
					px, nx = px+1, nx+w
					continue
				}
			case '[':
				if nx < len(name) {
					r, w := utf8.DecodeRuneInString(name[nx:])
					matched, end, wellFormed := ignoreClass(pat, px, r)
					if !wellFormed {
						if name[nx] == '[' {
							px, nx = px+1, nx+1
							continue
						}
					} else if matched {
						px, nx = end, nx+w
						continue
					}
				}
			default:
				lit := px
				if c == '\\' && px+1 < len(pat) {
					lit = px + 1
				}
				if nx < len(name) {
					pr, pw := utf8.DecodeRuneInString(pat[lit:])
					r, w := utf8.DecodeRuneInString(name[nx:])
					if pr == r {
						px, nx = lit+pw, nx+w
						continue
					}
				}
			}
		}
		// Mismatch: let the last star swallow one more character.
		if starPx >= 0 && starNx < len(name) {
			_, w := utf8.DecodeRuneInString(name[starNx:])
			starNx += w
			px, nx = starPx+1, starNx
			continue
		}
		return false
	}
	return true
}

// ignoreClass matches r against the bracket expression starting at pat[px]
// ('['). It returns whether r matched, the index just past the closing ']',
// and whether the expression was well formed.
func ignoreClass(pat string, px int, r rune) (matched bool, end int, wellFormed bool) {
	i := px + 1
	negate := false
	if i < len(pat) && (pat[i] == '!' || pat[i] == '^') {
		negate = true
		i++
	}
	first := true
	for {
		if i >= len(pat) {
			return false, 0, false
		}
		if pat[i] == ']' && !first {
			return matched != negate, i + 1, true
		}
		first = false
		if pat[i] == '\\' && i+1 < len(pat) {
			i++
		}
		lo, w := utf8.DecodeRuneInString(pat[i:])
		i += w
		hi := lo
		if i+1 < len(pat) && pat[i] == '-' && pat[i+1] != ']' {
			i++
			if pat[i] == '\\' && i+1 < len(pat) {
				i++
			}
			hi, w = utf8.DecodeRuneInString(pat[i:])
			i += w
		}
		if lo <= r && r <= hi {
			matched = true
		}
	}
}
