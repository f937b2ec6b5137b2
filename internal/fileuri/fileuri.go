package fileuri

import (
	"fmt"
	"path"
	"path/filepath"
	"runtime"
	"strings"
)

// ToPath returns the file path of a file:// URI: percent-escapes decoded,
// the path cleaned, and on Windows a drive letter kept as sent
// (file:///c%3A/x → c:\x) and a host made a UNC path (file://h/s/x →
// \\h\s\x). A query or fragment is not recognized: "?" and "#" belong to the
// path, since editors escape them and a file name may contain them.
func ToPath(uri string) (string, error) {
	return toPathOS(uri, runtime.GOOS == "windows")
}

// toPathOS is ToPath for Windows paths or for slash-separated ones.
func toPathOS(uri string, windows bool) (string, error) {
	const scheme = "file:"
	if len(uri) < len(scheme) || !strings.EqualFold(uri[:len(scheme)], scheme) {
		return "", fmt.Errorf("URI %q: not a file:// URI", uri)
	}
	rest := uri[len(scheme):]
	host := ""
	if strings.HasPrefix(rest, "//") {
		rest = rest[2:]
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			i = len(rest)
		}
		host, rest = rest[:i], rest[i:]
		if windows && hasDrive(host) {
			host, rest = "", "/"+host+rest // file://c:/x, as some clients send it
		}
	}
	p, err := unescape(rest)
	if err != nil {
		return "", fmt.Errorf("URI %q: %w", uri, err)
	}
	if host, err = unescape(host); err != nil {
		return "", fmt.Errorf("URI %q: %w", uri, err)
	}
	if strings.EqualFold(host, "localhost") {
		host = ""
	}
	if !strings.HasPrefix(p, "/") {
		return "", fmt.Errorf("URI %q: path is not absolute", uri)
	}
	if strings.IndexByte(p, 0) >= 0 || strings.IndexByte(host, 0) >= 0 {
		return "", fmt.Errorf("URI %q: path contains NUL", uri)
	}
	p = path.Clean(p)
	if !windows {
		if host != "" {
			return "", fmt.Errorf("URI %q: host %q is not this machine", uri, host)
		}
		return p, nil
	}
	if host != "" {
		return `\\` + host + strings.ReplaceAll(p, "/", `\`), nil
	}
	if hasDrive(p[1:]) {
		p = p[1:] // "/c:/x" → "c:/x"
		if len(p) == 2 {
			p += "/" // the drive's root, not its current directory
		}
	}
	return strings.ReplaceAll(p, "/", `\`), nil
}

// hasDrive reports whether p starts with a drive letter and a colon, followed
// by a slash or nothing.
func hasDrive(p string) bool {
	return len(p) >= 2 && p[1] == ':' &&
		('a' <= p[0] && p[0] <= 'z' || 'A' <= p[0] && p[0] <= 'Z') &&
		(len(p) == 2 || p[2] == '/')
}

// unescape decodes the %XX escapes of s (and nothing else: "+" stays "+").
func unescape(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) || unhex(s[i+1]) < 0 || unhex(s[i+2]) < 0 {
			return "", fmt.Errorf("invalid escape %q", s[i:min(i+3, len(s))])
		}
		b.WriteByte(byte(unhex(s[i+1])<<4 | unhex(s[i+2])))
		i += 2
	}
	return b.String(), nil
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return int(c - 'A' + 10)
	}
	return -1
}

// FromPath returns the file:// URI of an absolute file path, escaping every
// byte but letters, digits, "-._~", "/" and ":" (so spaces, "#", "?", "%"
// and non-ASCII are escaped). A Windows path keeps its drive letter as given
// (c:\x → file:///c:/x) and a UNC path becomes the URI's host. Editors
// compare URIs by parsing them, but a reply about an open document should
// still echo the URI the editor sent.
//
// Precondition: path is absolute; a relative one is taken relative to the
// working directory.
func FromPath(path string) string {
	if !filepath.IsAbs(path) {
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
	}
	return fromPathOS(path, runtime.GOOS == "windows")
}

// fromPathOS is FromPath for Windows paths or for slash-separated ones.
func fromPathOS(p string, windows bool) string {
	host := ""
	if windows {
		p = strings.ReplaceAll(p, `\`, "/")
		if strings.HasPrefix(p, "//") { // UNC: //host/share/x
			rest := p[2:]
			i := strings.IndexByte(rest, '/')
			if i < 0 {
				i = len(rest)
			}
			host, p = rest[:i], rest[i:]
		} else if hasDrive(p) {
			p = "/" + p
		}
	}
	return "file://" + escape(host) + escape(p)
}

// escape percent-escapes s for a URI path. Most paths need nothing
// escaped: they are returned as they are, without a copy.
func escape(s string) string {
	const hex = "0123456789ABCDEF"
	i := 0
	for i < len(s) && uriSafe(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if uriSafe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// uriSafe reports whether c stands as it is in a URI path.
func uriSafe(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == ':'
}
