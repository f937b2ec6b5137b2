package lsp

// This file defines BenchmarkSemanticTokens: the semantic tokens of a
// 3,000-line document, which an editor asks for on every open and edit.
//   - compute: what the handler does with the text (parse.Tokens, the
//     classification against the schema, the UTF-16 encoding);
//   - protocol: a textDocument/semanticTokens/full round trip through the
//     real server, the document open, as the client measures it.
//
// Documents: corpus, the aws-insights dashboards (nested dashboards, heredoc
// SQL, references, args) joined until 3,000 lines; generated, the files of a
// generated mod joined likewise (always available). Each sub-benchmark
// reports ms/op and the tokens of the document.

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/modls/modls/internal/fileuri"
	"github.com/modls/modls/internal/modgen"
)

// benchTokenLines is the size of the benchmark's document.
const benchTokenLines = 3000

func BenchmarkSemanticTokens(b *testing.B) {
	docs := map[string]string{}
	corpus := filepath.Join("..", "..", "shared", "corpus", "aws-insights", "dashboards")
	if _, err := os.Stat(corpus); err == nil {
		docs["corpus"] = joinLines(b, corpus, benchTokenLines)
	} else {
		b.Logf("corpus not found at %s (CI always has it): only the generated document", corpus)
	}
	gen := b.TempDir()
	if _, err := modgen.Write(gen, modgen.Options{Resources: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	docs["generated"] = joinLines(b, gen, benchTokenLines)
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		text := []byte(docs[name])
		b.Run("compute/"+name, func(b *testing.B) {
			var n int
			start := time.Now()
			for range b.N {
				n = len(semanticTokens(text, newLineIndex(text), 0, len(text))) / 5
			}
			reportTokens(b, time.Since(start), n)
		})
		b.Run("protocol/"+name, func(b *testing.B) {
			dir := b.TempDir()
			path := filepath.Join(dir, "doc.pp")
			os.WriteFile(filepath.Join(dir, "mod.pp"), []byte("mod \"bench\" {}\n"), 0o644)
			os.WriteFile(path, text, 0o644)
			c := startServer(b, nil)
			c.initialize(dir)
			uri := fileuri.FromPath(path)
			c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "powerpipe", "version": 1, "text": string(text)}})
			params := map[string]any{"textDocument": map[string]any{"uri": uri}}
			var res protocol.SemanticTokens
			c.result("textDocument/semanticTokens/full", params, &res) // warm up: the index is built
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				c.result("textDocument/semanticTokens/full", params, &res)
			}
			reportTokens(b, time.Since(start), len(res.Data)/5)
		})
	}
}

func reportTokens(b *testing.B, d time.Duration, tokens int) {
	b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "ms/op")
	b.ReportMetric(float64(tokens), "tokens")
	b.ReportMetric(benchTokenLines, "lines")
}

// joinLines joins the .pp files below dir, in lexical order, until the
// result has n lines, and cuts it there.
func joinLines(b *testing.B, dir string, n int) string {
	var sb strings.Builder
	lines := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".pp") || lines >= n {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, l := range strings.SplitAfter(string(src), "\n") {
			if lines >= n {
				break
			}
			sb.WriteString(l)
			if strings.HasSuffix(l, "\n") {
				lines++
			}
		}
		if !strings.HasSuffix(sb.String(), "\n") {
			sb.WriteString("\n")
			lines++
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if lines < n {
		b.Fatalf("only %d lines of .pp files below %s", lines, dir)
	}
	return sb.String()
}
