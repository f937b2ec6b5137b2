package discover

// This file defines the .powerpipeignore matcher used by workspace discovery.
// It follows Powerpipe's own rules, not gitignore's, so that modls loads
// exactly the files Powerpipe loads (issue 15):
//
// Powerpipe (pipe-fittings workspace.loadExclusions + go-kit files.ListFiles)
// reads .powerpipeignore line by line (bufio.ScanLines: a trailing "\r" is
// dropped), skips lines that are blank after trimming spaces or that start
// with '#', joins every other line to the mod root with filepath.Join (which
// cleans it: "dir/" becomes "dir", "./x" becomes "x", a leading "/" is just
// the root) and tests the absolute path of every candidate *file* against
// the result with go-kit's files.Match: fnmatch with FNM_PATHNAME ('*', '?'
// and "[...]" never match '/') when the pattern holds no "**", else go-kit's
// own "**" handling (a trailing "/**" matches everything below, "a/**/b"
// matches b below a). So, unlike gitignore:
//
//   - a pattern is always anchored at the root: "scratch.pp" and "*.sp"
//     match only files directly under it; "**/scratch.pp" matches at any
//     depth;
//   - a directory is never excluded as such: "dir" and "dir/" exclude nothing
//     below dir (only a file named dir); "dir/*" excludes its files and
//     "dir/**" everything below;
//   - there is no negation: "!x.pp" is the literal name "!x.pp"; '\'
//     escapes the next character, as fnmatch does;
//   - spaces are kept ("x.pp " matches nothing but "x.pp "), and a UTF-8 BOM
//     is part of the first line.
//
// Deviation: a pattern that leaves the root with ".." and comes back through
// a wildcard ("../*/x.pp") is matched as if the mod root were a folder
// directly under "/"; Powerpipe matches it against the real parent folders.
//
// The default exclusion of hidden entries directly under the mod root is not
// a rule of this matcher; discovery applies it separately. Discovery walks
// every directory except those whose files a trailing "/**" rule excludes
// all of (Match(dir, true)), which is exactly where Powerpipe finds no file.

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// IgnoreFileName is the name of the ignore file read from a mod root.
const IgnoreFileName = ".powerpipeignore"

// Ignore is a compiled .powerpipeignore file. The zero value and nil match
// nothing.
type Ignore struct {
	// patterns are the lines joined to ignoreRoot as Powerpipe joins them to
	// the mod root.
	patterns []string
}

// ignoreRoot stands for the mod root in patterns and candidate paths: both
// start with it, so matching relative paths against it is matching the
// absolute ones Powerpipe matches. Its NUL keeps "../<name>" patterns from
// coming back into it.
const ignoreRoot = "/\x00"

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
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ig.patterns = append(ig.patterns, path.Join(ignoreRoot, line))
	}
	return ig
}

// Len returns the number of rules (lines that are not blank or comments).
func (ig *Ignore) Len() int {
	if ig == nil {
		return 0
	}
	return len(ig.patterns)
}

// Match reports whether the rules exclude rel: for a file, whether Powerpipe
// skips it; for a directory (isDir), whether Powerpipe skips every file
// below it, so that discovery need not walk it. rel is slash-separated and
// relative to the mod root ("dashboards/x.pp").
func (ig *Ignore) Match(rel string, isDir bool) bool {
	if ig == nil || len(ig.patterns) == 0 || rel == "" {
		return false
	}
	value := ignoreRoot + "/" + rel
	for _, p := range ig.patterns {
		if isDir {
			// Only "<prefix>/**" excludes everything below a directory.
			if strings.HasSuffix(p, "/**") && !strings.Contains(strings.TrimSuffix(p, "/**"), "**") && ignorePrefix(strings.TrimSuffix(p, "/**"), value) {
				return true
			}
			continue
		}
		if ignoreMatch(p, value) {
			return true
		}
	}
	return false
}

// Excluded reports whether Powerpipe skips rel, the way Match does; a
// file's exclusion depends on its own path only.
func (ig *Ignore) Excluded(rel string, isDir bool) bool {
	if ig == nil {
		return false
	}
	for i := 0; i < len(rel); i++ {
		if rel[i] == '/' && i > 0 && ig.Match(rel[:i], true) {
			return true
		}
	}
	return ig.Match(rel, isDir)
}

// ignoreMatch is go-kit's files.Match(pattern, value) without options.
func ignoreMatch(pattern, value string) bool {
	if !strings.Contains(pattern, "**") {
		return ignoreFnmatch(pattern, value)
	}
	if strings.HasPrefix(pattern, "**") {
		return ignoreSuffix(strings.TrimPrefix(pattern, "**/"), strings.TrimPrefix(value, "/"))
	}
	if strings.HasSuffix(pattern, "**") {
		return ignorePrefix(strings.TrimSuffix(pattern, "/**"), strings.TrimSuffix(value, "/"))
	}
	parts := strings.Split(pattern, "**")
	for i, part := range parts {
		switch i {
		case 0:
			part = strings.TrimSuffix(part, "/")
			if !ignorePrefix(part, value) {
				return false
			}
		case len(parts) - 1:
			part = strings.TrimPrefix(part, "/")
			segs := strings.Split(part, "/")
			if len(segs) == 1 {
				value = path.Base(value)
			} else if vs := strings.Split(value, "/"); len(vs) >= len(segs) {
				value = strings.Join(vs[len(vs)-len(segs):], "/")
			}
			return ignoreFnmatch(part, value)
		default:
			if !strings.Contains(value, part) {
				return false
			}
		}
		// go-kit trims the value past the part's first literal occurrence.
		at := strings.Index(value, part) + len(part)
		value = value[max(0, min(at, len(value))):]
	}
	return false
}

// ignorePrefix reports whether the segments of pattern match the first
// segments of value (go-kit prefixMatches).
func ignorePrefix(pattern, value string) bool {
	ps, vs := strings.Split(pattern, "/"), strings.Split(value, "/")
	for i, p := range ps {
		if i >= len(vs) || p == "**" || !ignoreGlob(p, vs[i]) {
			return false
		}
	}
	return true
}

// ignoreSuffix reports whether the segments of pattern match the last
// segments of value (go-kit suffixMatches).
func ignoreSuffix(pattern, value string) bool {
	ps, vs := strings.Split(pattern, "/"), strings.Split(value, "/")
	for i := 1; i <= len(ps); i++ {
		if i > len(vs) || ps[len(ps)-i] == "**" || !ignoreGlob(ps[len(ps)-i], vs[len(vs)-i]) {
			return false
		}
	}
	return true
}

// ignoreFnmatch is fnmatch(pattern, value, FNM_PATHNAME): no wildcard
// matches '/', so the segments match one to one.
func ignoreFnmatch(pattern, value string) bool {
	ps, vs := strings.Split(pattern, "/"), strings.Split(value, "/")
	if len(ps) != len(vs) {
		return false
	}
	for i := range ps {
		if !ignoreGlob(ps[i], vs[i]) {
			return false
		}
	}
	return true
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
