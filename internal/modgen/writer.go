package modgen

// This file defines the writer, which accumulates one file at a time in
// memory and writes it out, and the folder type, which spreads files over
// directories.

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// writer buffers the current file and keeps the running Stats.
//
// Invariant: once err is set, nothing more is written.
type writer struct {
	root  string
	rel   string // slash-separated path of the current file; "" if none
	buf   bytes.Buffer
	dirs  map[string]bool
	stats Stats
	err   error
}

func newWriter(root string) *writer {
	return &writer{root: root, dirs: map[string]bool{}}
}

// begin flushes the current file and starts a new one at rel.
func (w *writer) begin(rel string) {
	w.flush()
	w.rel = rel
	w.buf.Reset()
}

// flush writes the current file, if any.
func (w *writer) flush() {
	if w.rel == "" || w.err != nil {
		return
	}
	full := filepath.Join(w.root, filepath.FromSlash(w.rel))
	if err := w.mkdir(filepath.Dir(full)); err != nil {
		w.err = err
		return
	}
	if err := os.WriteFile(full, w.buf.Bytes(), 0o644); err != nil {
		w.err = err
		return
	}
	w.stats.Files++
	w.stats.Bytes += int64(w.buf.Len())
	w.rel = ""
}

// writeFile writes a whole file at rel at once, leaving the current file
// open.
func (w *writer) writeFile(rel, content string) {
	if w.err != nil {
		return
	}
	full := filepath.Join(w.root, filepath.FromSlash(rel))
	if err := w.mkdir(filepath.Dir(full)); err != nil {
		w.err = err
		return
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		w.err = err
		return
	}
	w.stats.Files++
	w.stats.Bytes += int64(len(content))
}

// mkdir creates dir and its parents once per writer.
func (w *writer) mkdir(dir string) error {
	if w.dirs[dir] {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	w.dirs[dir] = true
	return nil
}

// finish flushes the last file and returns the totals.
func (w *writer) finish() (Stats, error) {
	w.flush()
	return w.stats, w.err
}

// named counts one labelled resource block.
func (w *writer) named() { w.stats.Resources++ }

// line appends s, indented by depth levels of two spaces, and a newline.
func (w *writer) line(depth int, s string) {
	w.indent(depth)
	w.buf.WriteString(s)
	w.buf.WriteByte('\n')
}

// blank appends an empty line.
func (w *writer) blank() { w.buf.WriteByte('\n') }

func (w *writer) indent(depth int) {
	for range depth {
		w.buf.WriteString("  ")
	}
}

// open starts a block: `typ "label" {`, or `typ {` when label is empty.
func (w *writer) open(depth int, typ, label string) {
	w.indent(depth)
	w.buf.WriteString(typ)
	if label != "" {
		w.buf.WriteString(` "`)
		w.buf.WriteString(label)
		w.buf.WriteByte('"')
	}
	w.buf.WriteString(" {\n")
}

// empty writes a block with an empty body on one line: `typ "label" {}`.
func (w *writer) empty(depth int, typ, label string) {
	w.indent(depth)
	w.buf.WriteString(typ)
	w.buf.WriteString(` "`)
	w.buf.WriteString(label)
	w.buf.WriteString("\" {}\n")
}

// close ends a block.
func (w *writer) close(depth int) { w.line(depth, "}") }

// attrs writes name = value pairs (kv alternates names and values) with the
// equals signs aligned, as `powerpipe`-style formatters do. Values are raw
// HCL expressions.
func (w *writer) attrs(depth int, kv ...string) {
	width := 0
	for i := 0; i < len(kv); i += 2 {
		width = max(width, len(kv[i]))
	}
	for i := 0; i < len(kv); i += 2 {
		w.indent(depth)
		w.buf.WriteString(kv[i])
		for range width - len(kv[i]) {
			w.buf.WriteByte(' ')
		}
		w.buf.WriteString(" = ")
		w.buf.WriteString(kv[i+1])
		w.buf.WriteByte('\n')
	}
}

// heredoc writes `name = <<-EOQ`, the body lines indented one level deeper
// than the attribute, and the closing marker.
func (w *writer) heredoc(depth int, name string, body []string) {
	w.indent(depth)
	w.buf.WriteString(name)
	w.buf.WriteString(" = <<-EOQ\n")
	for _, l := range body {
		if l != "" {
			w.indent(depth + 1)
			w.buf.WriteString(l)
		}
		w.buf.WriteByte('\n')
	}
	w.line(depth, "EOQ")
}

// folder hands out file paths under one logical directory, spilling into
// part_N sub-directories once a directory holds perDir files.
type folder struct {
	base   string
	perDir int
	files  int
}

// next returns the slash-separated path for a new file called name.
func (f *folder) next(name string) string {
	part := f.files / f.perDir
	f.files++
	if part == 0 {
		return path.Join(f.base, name)
	}
	return path.Join(f.base, fmt.Sprintf("part_%d", part+1), name)
}

// quote returns s as an HCL quoted string. s must not contain template
// sequences that are meant literally.
func quote(s string) string {
	if !strings.ContainsAny(s, "\"\\\n") {
		return `"` + s + `"`
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// list renders items, which are raw expressions, as an HCL tuple on one line.
func list(items []string) string {
	return "[" + strings.Join(items, ", ") + "]"
}

// quotedList renders items as a tuple of quoted strings on one line.
func quotedList(items ...string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = quote(s)
	}
	return list(q)
}
